import type { EventData, EventDefinition } from '@meridian/contracts';

import { currentCorrelationId } from '../context/correlation';
import { uuidv7 } from '../ids/uuidv7';
import { buildCloudEventHeaders } from './cloud-event-headers';
import { OUTBOX_TABLE, qualifiedTable } from './messaging-tables';
import type { SqlExecutor } from './transaction-runner';

/** Where an appended event goes besides its topic. */
export interface AppendOptions {
  /** Kafka record key: the aggregate id, so that the events of one aggregate stay ordered. */
  readonly key: string;
  /** CloudEvents `subject`; defaults to the key. */
  readonly subject?: string;
}

export interface OutboxWriterOptions {
  /** PostgreSQL schema of `outbox_events`; defaults to `public`. */
  readonly schema?: string;
  /** Called by `notifyCommitted()`, typically the relay's `wake`. */
  readonly onCommitted?: () => void;
  readonly now?: () => Date;
}

/** Thrown when an event's data does not satisfy its schema: a programming error in the producer. */
export class EventSchemaError extends Error {
  readonly code = 'EVENT.SCHEMA_VIOLATION';

  constructor(
    readonly eventType: string,
    readonly issues: readonly string[],
  ) {
    super(`Invalid data for event ${eventType}: ${issues.join('; ')}`);
    this.name = 'EventSchemaError';
  }
}

/**
 * Appends events to the transactional outbox. Call `append` with the transaction that changes the state
 * the event describes: the event becomes visible to the relay exactly when that transaction commits.
 */
export class OutboxWriter {
  private readonly insertSql: string;
  private readonly now: () => Date;

  constructor(private readonly options: OutboxWriterOptions = {}) {
    this.insertSql =
      `INSERT INTO ${qualifiedTable(options.schema ?? 'public', OUTBOX_TABLE)} ` +
      '("id", "topic", "key", "type", "headers", "payload") VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::jsonb)';
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Validates `data` against the definition's schema, builds the CloudEvents headers and inserts the event
   * through `tx`. Resolves to the event id (the CloudEvents `id`, a UUIDv7).
   */
  async append<TDef extends EventDefinition>(
    tx: SqlExecutor,
    definition: TDef,
    data: EventData<TDef>,
    options: AppendOptions,
  ): Promise<string> {
    if (options.key.length === 0) throw new Error(`Event ${definition.type} needs a non-empty key`);
    const parsed = definition.schema.safeParse(data);
    if (!parsed.success) {
      throw new EventSchemaError(
        definition.type,
        parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
      );
    }
    const id = uuidv7();
    const headers = buildCloudEventHeaders({
      id,
      type: definition.type,
      source: definition.source,
      time: this.now().toISOString(),
      subject: options.subject ?? options.key,
      correlationId: currentCorrelationId(),
    });
    await tx.$executeRawUnsafe(
      this.insertSql,
      id,
      definition.topic,
      options.key,
      definition.type,
      JSON.stringify(headers),
      JSON.stringify(parsed.data),
    );
    return id;
  }

  /**
   * Tells this process's relay that events were just committed, so it publishes them now instead of at
   * its next poll. Optional: without it the events go out within one poll interval.
   */
  notifyCommitted(): void {
    this.options.onCommitted?.();
  }
}
