import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { PoolClient } from 'pg';

import { assertSqlIdentifier } from './messaging-tables';
import type {
  SqlExecutor,
  TransactionIsolationLevel,
  TransactionOptions,
  TransactionRunner,
} from './transaction-runner';

const logger = new Logger('PgTransactionRunner');

// Prisma's defaults, so that a service sees the same behaviour with either runner.
const DEFAULT_MAX_WAIT_MS = 2_000;
const DEFAULT_TIMEOUT_MS = 5_000;

const ISOLATION_SQL: Record<TransactionIsolationLevel, string> = {
  ReadUncommitted: 'READ UNCOMMITTED',
  ReadCommitted: 'READ COMMITTED',
  RepeatableRead: 'REPEATABLE READ',
  Serializable: 'SERIALIZABLE',
};

/** Connection settings of a `pg` pool bound to one PostgreSQL schema. */
export interface PgPoolOptions {
  connectionString: string;
  /** Becomes the `search_path` of every connection of the pool. */
  schema?: string;
  max?: number;
  applicationName?: string;
  connectionTimeoutMs?: number;
}

/**
 * A `pg.Pool` whose every connection starts with `search_path` set to `schema` (sent as a start-up
 * parameter, the same as `SET search_path` on each new connection without an extra round trip).
 */
export function createPgPool(options: PgPoolOptions): Pool {
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.max ?? 5,
    application_name: options.applicationName,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    options: options.schema
      ? `-c search_path=${assertSqlIdentifier(options.schema, 'schema')}`
      : undefined,
  });
  // An idle connection that dies (server restart) emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', (error) => {
    logger.warn(`Idle PostgreSQL connection failed: ${error.message}`);
  });
  return pool;
}

/** Raised when a transaction outlives its `timeout`; the work is rolled back. */
export class TransactionTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`Transaction rolled back: it ran longer than ${timeoutMs} ms`);
    this.name = 'TransactionTimeoutError';
  }
}

/** The transaction client handed to `PgTransactionRunner` callbacks. */
export class PgSqlExecutor implements SqlExecutor {
  private closedBecause: Error | undefined;

  constructor(private readonly client: PoolClient) {}

  async $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    this.assertOpen();
    const result = await this.client.query(query, values);
    return result.rowCount ?? 0;
  }

  async $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T> {
    this.assertOpen();
    const result = await this.client.query(query, values);
    return result.rows as T;
  }

  /** Refuses further statements, e.g. after a timeout or once the connection went back to the pool. */
  close(reason: Error): void {
    this.closedBecause ??= reason;
  }

  assertOpen(): void {
    if (this.closedBecause) throw this.closedBecause;
  }
}

/**
 * Interactive transactions on a `pg.Pool`, with Prisma's `$transaction(fn, options)` shape, for services
 * and tools that do not use Prisma. The pool decides the schema (see `createPgPool`).
 */
export class PgTransactionRunner implements TransactionRunner<PgSqlExecutor> {
  constructor(readonly pool: Pool) {}

  async $transaction<R>(
    fn: (tx: PgSqlExecutor) => Promise<R>,
    options: TransactionOptions = {},
  ): Promise<R> {
    const client = await acquire(this.pool, options.maxWait ?? DEFAULT_MAX_WAIT_MS);
    const executor = new PgSqlExecutor(client);
    const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    let brokenConnection: Error | undefined;
    try {
      const isolation = options.isolationLevel
        ? ` ISOLATION LEVEL ${ISOLATION_SQL[options.isolationLevel]}`
        : '';
      await client.query(`BEGIN${isolation}`);
      timer = setTimeout(() => {
        executor.close(new TransactionTimeoutError(timeoutMs));
      }, timeoutMs);
      const result = await fn(executor);
      executor.assertOpen();
      const commit = await client.query('COMMIT');
      // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK instead of an error.
      if (commit.command === 'ROLLBACK') {
        throw new Error(
          'Transaction rolled back: a statement inside it failed and the error was caught',
        );
      }
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        brokenConnection =
          rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        logger.warn(`ROLLBACK failed, discarding the connection: ${brokenConnection.message}`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
      executor.close(new Error('Transaction already finished'));
      client.release(brokenConnection);
    }
  }
}

async function acquire(pool: Pool, maxWaitMs: number): Promise<PoolClient> {
  const pending = pool.connect();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`No PostgreSQL connection available within ${maxWaitMs} ms`));
    }, maxWaitMs);
  });
  try {
    return await Promise.race([pending, timedOut]);
  } catch (error) {
    // The connection may still arrive after we gave up on it: hand it straight back.
    pending.then(
      (late) => {
        late.release();
      },
      (connectError: unknown) => {
        logger.debug(`Abandoned connection attempt failed: ${String(connectError)}`);
      },
    );
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
