/**
 * What the messaging code needs from a database handle inside a transaction. A Prisma interactive
 * transaction client satisfies it as it is, and so does `PgTransactionRunner`'s client.
 */
export interface SqlExecutor {
  /** Runs one statement with `$1..$n` parameters; resolves to the number of affected rows. */
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  /** Runs one query with `$1..$n` parameters; resolves to the rows. */
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

/** The isolation levels Prisma names; the same strings work with `PgTransactionRunner`. */
export type TransactionIsolationLevel =
  'ReadUncommitted' | 'ReadCommitted' | 'RepeatableRead' | 'Serializable';

/** Options of an interactive transaction, shaped like Prisma's `$transaction(fn, options)`. */
export interface TransactionOptions {
  isolationLevel?: TransactionIsolationLevel;
  /** Longest the transaction may run, in ms, before it is rolled back. */
  timeout?: number;
  /** Longest to wait for a connection, in ms. */
  maxWait?: number;
}

/**
 * Runs `fn` in one database transaction: commits when it resolves, rolls back when it rejects.
 * A generated PrismaClient fits structurally: `TransactionRunner<Prisma.TransactionClient>`.
 */
export interface TransactionRunner<Tx extends SqlExecutor = SqlExecutor> {
  $transaction<R>(fn: (tx: Tx) => Promise<R>, options?: TransactionOptions): Promise<R>;
}
