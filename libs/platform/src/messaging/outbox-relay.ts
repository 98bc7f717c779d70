import { Logger } from '@nestjs/common';
import { Partitioners } from 'kafkajs';
import type { Admin, Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import type { Pool, PoolClient } from 'pg';

import { counter, histogram } from '../metrics/registry';
import { errorMessageOf } from './dead-letter';
import { ensureTopics } from './kafka-client';
import type { TopicSettings } from './kafka-client';
import { OUTBOX_TABLE, qualifiedTable } from './messaging-tables';
import { pollBackoffMs } from './retry-policy';

export interface OutboxRelayOptions {
  /** The relay's own pool (two connections suffice); the relay does not end it. */
  readonly pool: Pool;
  readonly kafka: Kafka;
  /** Prepended to every topic (`KAFKA_NAMESPACE`). */
  readonly namespace: string;
  /** PostgreSQL schema of `outbox_events`; defaults to `public`. */
  readonly schema?: string;
  /** `OUTBOX_BATCH_SIZE`. */
  readonly batchSize: number;
  /** `OUTBOX_POLL_INTERVAL_MS`. */
  readonly pollIntervalMs: number;
  /** Upper bound of the backoff while Kafka or the database fails. */
  readonly maxBackoffMs?: number;
  /** Used when the relay creates a topic it has not seen yet. */
  readonly topicSettings?: TopicSettings;
  /** Publish what is pending once more after the loop stopped, before disconnecting (default true). */
  readonly drainOnStop?: boolean;
}

interface OutboxRow {
  readonly id: string;
  readonly topic: string;
  readonly key: string;
  readonly headers: Record<string, unknown>;
  readonly payload: unknown;
  readonly created_at: Date;
}

const metrics = {
  published: counter('outbox_events_published_total', 'Outbox events published to Kafka', [
    'topic',
  ]),
  failures: counter('outbox_publish_failures_total', 'Outbox batches that failed to publish'),
  lag: histogram(
    'outbox_publish_lag_seconds',
    'Time from an outbox event being written to it being published',
    [],
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
  ),
};

/**
 * Publishes committed outbox events to Kafka, at least once and in id order per relay. Several relays
 * (replicas) can run against one table: `FOR UPDATE SKIP LOCKED` gives each its own rows.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly table: string;
  private producer: Producer | undefined;
  private admin: Admin | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeRequested = false;
  private interruptSleep: (() => void) | undefined;
  private consecutiveFailures = 0;
  private readonly knownTopics = new Set<string>();

  constructor(private readonly options: OutboxRelayOptions) {
    this.table = qualifiedTable(options.schema ?? 'public', OUTBOX_TABLE);
  }

  /** Checks the table, connects to Kafka and starts polling. Rejects when either is unreachable. */
  async start(): Promise<void> {
    if (this.running) return;
    await this.options.pool.query(`SELECT 1 FROM ${this.table} LIMIT 0`);
    const producer = this.options.kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // One request at a time per broker keeps the records of one key in order across kafkajs retries.
      maxInFlightRequests: 1,
    });
    const admin = this.options.kafka.admin();
    await producer.connect();
    try {
      await admin.connect();
    } catch (error) {
      await producer.disconnect();
      throw error;
    }
    this.producer = producer;
    this.admin = admin;
    this.running = true;
    this.loop = this.run();
    this.logger.log(`Outbox relay started (${this.table}, batch ${this.options.batchSize})`);
  }

  /** Publishes without waiting for the next poll, e.g. right after a commit. Ignored while backing off. */
  wake(): void {
    this.wakeRequested = true;
    if (this.consecutiveFailures === 0) this.interruptSleep?.();
  }

  /** Stops polling, waits for the batch in flight, publishes once more what is pending, and disconnects. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.interruptSleep?.();
    await this.loop;
    if ((this.options.drainOnStop ?? true) && this.consecutiveFailures === 0) {
      try {
        await this.publishPending();
      } catch (error) {
        this.logger.warn(
          `Final outbox publish failed; the events go out after restart: ${errorMessageOf(error)}`,
        );
      }
    }
    await this.producer?.disconnect();
    await this.admin?.disconnect();
    this.producer = undefined;
    this.admin = undefined;
    this.logger.log('Outbox relay stopped');
  }

  /**
   * Publishes one batch of pending events: locks them, sends them with acks from all in-sync replicas,
   * marks them published and commits. Resolves to the number published; rejects when sending failed
   * (the events stay pending, their `attempts` and `last_error` are updated).
   */
  async publishPending(): Promise<number> {
    const producer = this.producer;
    if (!producer) throw new Error('OutboxRelay is not started');
    const client = await this.options.pool.connect();
    let broken: Error | undefined;
    let inTransaction = false;
    try {
      await client.query('BEGIN');
      inTransaction = true;
      const { rows } = await client.query<OutboxRow>(
        `SELECT "id", "topic", "key", "headers", "payload", "created_at" FROM ${this.table} ` +
          'WHERE "published_at" IS NULL ORDER BY "id" LIMIT $1 FOR UPDATE SKIP LOCKED',
        [this.options.batchSize],
      );
      if (rows.length > 0) {
        try {
          await this.ensureTopicsFor(rows);
          await producer.sendBatch({ acks: -1, topicMessages: this.toTopicMessages(rows) });
        } catch (error) {
          await client.query('ROLLBACK');
          inTransaction = false;
          await this.recordFailure(rows, error);
          throw error;
        }
        await client.query(
          `UPDATE ${this.table} SET "published_at" = now() WHERE "id" = ANY($1::uuid[])`,
          [rows.map((row) => row.id)],
        );
      }
      await client.query('COMMIT');
      inTransaction = false;
      this.observePublished(rows);
      return rows.length;
    } catch (error) {
      if (inTransaction) broken = await rollbackQuietly(client, this.logger);
      throw error;
    } finally {
      client.release(broken);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.wakeRequested = false;
      let delayMs = this.options.pollIntervalMs;
      try {
        const published = await this.publishPending();
        this.consecutiveFailures = 0;
        // A full batch means more is probably waiting: go again at once.
        if (published >= this.options.batchSize) delayMs = 0;
      } catch (error) {
        this.consecutiveFailures += 1;
        delayMs = pollBackoffMs(
          this.consecutiveFailures,
          Math.max(this.options.pollIntervalMs, 100),
          this.options.maxBackoffMs ?? 30_000,
        );
        this.logger.error(
          `Publishing outbox events failed (${this.consecutiveFailures} in a row), retrying in ${delayMs} ms: ` +
            errorMessageOf(error),
        );
      }
      if (delayMs > 0 && this.shouldSleep()) await this.sleep(delayMs);
    }
  }

  // Read through a method: the flags change during the awaits of the loop, which narrowing cannot see.
  private shouldSleep(): boolean {
    return this.running && !(this.wakeRequested && this.consecutiveFailures === 0);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.interruptSleep = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interruptSleep = done;
    });
  }

  private async ensureTopicsFor(rows: readonly OutboxRow[]): Promise<void> {
    const unseen = [...new Set(rows.map((row) => this.kafkaTopic(row.topic)))].filter(
      (topic) => !this.knownTopics.has(topic),
    );
    if (unseen.length === 0 || !this.admin) return;
    await ensureTopics(this.admin, unseen, this.options.topicSettings);
    for (const topic of unseen) this.knownTopics.add(topic);
  }

  private toTopicMessages(rows: readonly OutboxRow[]): TopicMessages[] {
    const byTopic = new Map<string, Message[]>();
    for (const row of rows) {
      const topic = this.kafkaTopic(row.topic);
      const messages = byTopic.get(topic) ?? [];
      messages.push({
        key: row.key,
        value: JSON.stringify(row.payload),
        headers: stringHeaders(row.headers),
      });
      byTopic.set(topic, messages);
    }
    return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  }

  private kafkaTopic(topic: string): string {
    return `${this.options.namespace}${topic}`;
  }

  private async recordFailure(rows: readonly OutboxRow[], error: unknown): Promise<void> {
    metrics.failures.inc();
    try {
      await this.options.pool.query(
        `UPDATE ${this.table} SET "attempts" = "attempts" + 1, "last_error" = $2 WHERE "id" = ANY($1::uuid[])`,
        [rows.map((row) => row.id), errorMessageOf(error).slice(0, 2_000)],
      );
    } catch (updateError) {
      this.logger.warn(
        `Could not record the publish failure on the outbox rows: ${errorMessageOf(updateError)}`,
      );
    }
  }

  private observePublished(rows: readonly OutboxRow[]): void {
    const now = Date.now();
    for (const row of rows) {
      metrics.published.inc({ topic: row.topic });
      metrics.lag.observe(Math.max(0, now - row.created_at.getTime()) / 1_000);
    }
  }
}

function stringHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

async function rollbackQuietly(client: PoolClient, logger: Logger): Promise<Error | undefined> {
  try {
    await client.query('ROLLBACK');
    return undefined;
  } catch (error) {
    logger.warn(`ROLLBACK failed, discarding the connection: ${errorMessageOf(error)}`);
    return error instanceof Error ? error : new Error(String(error));
  }
}
