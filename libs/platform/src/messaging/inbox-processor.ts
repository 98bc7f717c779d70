import { Logger } from '@nestjs/common';
import type { EventDefinition } from '@meridian/contracts';
import type { IHeaders } from 'kafkajs';

import { normaliseCorrelationId, runWithContext } from '../context/correlation';
import { counter, histogram } from '../metrics/registry';
import { parseCloudEventHeaders } from './cloud-event-headers';
import { EventErrorCode, buildDeadLetterHeaders, errorCodeOf, errorMessageOf } from './dead-letter';
import { INBOX_TABLE, qualifiedTable } from './messaging-tables';
import type { EventHandler, ReceivedEvent } from './received-event';
import { decideRetry } from './retry-policy';
import type { RetryPolicy } from './retry-policy';
import type { SqlExecutor, TransactionOptions, TransactionRunner } from './transaction-runner';

/** A consumed Kafka record, independent of the client library. */
export interface InboundRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders | undefined;
}

/** A record on its way to a dead-letter topic. */
export interface DeadLetterMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: IHeaders;
}

/** Publishes dead-lettered records; must resolve only once the broker has them (acks = all). */
export interface DeadLetterPublisher {
  publish(topic: string, message: DeadLetterMessage): Promise<void>;
}

/** What the processor may ask of the consumer while it works on one record. */
export interface ProcessingControl {
  /** Keeps the group membership alive during retries. */
  heartbeat(): Promise<void>;
  /** Aborted when the consumer is stopping: a pending retry is abandoned and the record left uncommitted. */
  readonly signal: AbortSignal;
}

/** What became of a record. Every outcome but `interrupted` means: commit its offset now. */
export type RecordOutcome =
  | { readonly kind: 'processed'; readonly attempts: number }
  | { readonly kind: 'duplicate' }
  | {
      readonly kind: 'dead-lettered';
      readonly deadLetterTopic: string;
      readonly errorCode: string;
      readonly attempts: number;
    }
  | { readonly kind: 'interrupted' };

/**
 * The database failed rather than the handler (the inbox row could not be written, or the commit failed) on
 * every attempt. The record is fine, so it is not dead-lettered: it stays uncommitted and is redelivered.
 */
export class InboxUnavailableError extends Error {
  constructor(
    readonly record: Pick<InboundRecord, 'topic' | 'partition' | 'offset'>,
    override readonly cause: unknown,
  ) {
    super(
      `Could not record ${record.topic}[${record.partition}]@${record.offset} in the inbox: ${errorMessageOf(cause)}`,
    );
    this.name = 'InboxUnavailableError';
  }
}

export interface InboxProcessorOptions<Tx extends SqlExecutor> {
  /** Kafka consumer group id (namespace included); the inbox key together with the event id. */
  readonly groupId: string;
  readonly deadLetterTopicOf: (topic: string) => string;
  readonly transactionRunner: TransactionRunner<Tx>;
  /** PostgreSQL schema of `inbox_messages`. */
  readonly schema: string;
  readonly retry: RetryPolicy;
  readonly deadLetters: DeadLetterPublisher;
  readonly transactionOptions?: TransactionOptions;
  readonly random?: () => number;
  readonly now?: () => Date;
}

interface Route<Tx extends SqlExecutor> {
  readonly definition: EventDefinition;
  readonly handler: EventHandler<unknown, Tx>;
}

type AttemptResult =
  | { readonly ok: true; readonly duplicate: boolean }
  | { readonly ok: false; readonly error: unknown; readonly handlerFailed: boolean };

const metrics = {
  consumed: counter('inbox_events_consumed_total', 'Events whose handler committed', [
    'topic',
    'group',
  ]),
  duplicates: counter('inbox_events_duplicate_total', 'Redelivered events skipped by the inbox', [
    'topic',
    'group',
  ]),
  retries: counter('inbox_event_retries_total', 'Handler attempts repeated after a failure', [
    'topic',
    'group',
  ]),
  deadLettered: counter(
    'inbox_events_dead_lettered_total',
    'Records moved to a dead-letter topic',
    ['topic', 'group', 'reason'],
  ),
  handlerSeconds: histogram(
    'inbox_handler_duration_seconds',
    'Time to process one event, retries included',
    ['topic', 'group'],
  ),
};

/**
 * The idempotent-inbox part of a consumer, free of any Kafka client: checks the envelope and the schema,
 * runs the handler in the inbox transaction with bounded retries, and dead-letters what cannot be processed.
 */
export class InboxProcessor<Tx extends SqlExecutor> {
  private readonly logger = new Logger(InboxProcessor.name);
  private readonly routes = new Map<string, Map<string, Route<Tx>>>();
  private readonly insertSql: string;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(private readonly options: InboxProcessorOptions<Tx>) {
    this.insertSql =
      `INSERT INTO ${qualifiedTable(options.schema, INBOX_TABLE)} ` +
      '("consumer_group", "message_id", "topic", "partition", "offset", "type") ' +
      'VALUES ($1, $2, $3, $4::int, $5::bigint, $6) ON CONFLICT DO NOTHING';
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  /** Routes records of `topic` (the Kafka topic, namespace included) whose type is one of `definitions`. */
  register(
    topic: string,
    definitions: readonly EventDefinition[],
    handler: EventHandler<unknown, Tx>,
  ): void {
    const byType = this.routes.get(topic) ?? new Map<string, Route<Tx>>();
    for (const definition of definitions) {
      if (byType.has(definition.type)) {
        throw new Error(
          `Event ${definition.type} already has a handler in group ${this.options.groupId}`,
        );
      }
      byType.set(definition.type, { definition, handler });
    }
    this.routes.set(topic, byType);
  }

  /** The Kafka topics with at least one route. */
  topics(): string[] {
    return [...this.routes.keys()];
  }

  /**
   * Processes one record to an outcome. Rejects (so that the offset stays uncommitted and the record comes
   * again) when the dead-letter topic cannot be written or the inbox database is unavailable.
   */
  async process(record: InboundRecord, control: ProcessingControl): Promise<RecordOutcome> {
    const envelope = parseCloudEventHeaders(record.headers);
    if (!envelope.ok) {
      return this.deadLetter(record, EventErrorCode.malformedEnvelope, envelope.problem, 0);
    }
    const { attributes } = envelope;
    const route = this.routes.get(record.topic)?.get(attributes.type);
    if (!route) {
      const problem = `no handler for ${attributes.type} on ${record.topic} in group ${this.options.groupId}`;
      return this.deadLetter(record, EventErrorCode.unknownType, problem, 0);
    }
    const decoded = decodeData(record.value, route.definition);
    if (!decoded.ok) {
      return this.deadLetter(record, EventErrorCode.schemaViolation, decoded.problem, 0);
    }
    const event: ReceivedEvent<unknown> = {
      id: attributes.id,
      type: attributes.type,
      source: attributes.source,
      subject: attributes.subject,
      time: attributes.time,
      correlationId: normaliseCorrelationId(attributes.correlationId),
      data: decoded.data,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key === null ? null : record.key.toString('utf8'),
    };
    const stopTimer = metrics.handlerSeconds.startTimer({
      topic: record.topic,
      group: this.options.groupId,
    });
    try {
      return await runWithContext({ correlationId: event.correlationId }, () =>
        this.handleWithRetries(record, event, route.handler, control),
      );
    } finally {
      stopTimer();
    }
  }

  private async handleWithRetries(
    record: InboundRecord,
    event: ReceivedEvent<unknown>,
    handler: EventHandler<unknown, Tx>,
    control: ProcessingControl,
  ): Promise<RecordOutcome> {
    const labels = { topic: record.topic, group: this.options.groupId };
    for (let attempt = 1; ; attempt += 1) {
      const result = await this.attempt(record, event, handler);
      if (result.ok) {
        if (result.duplicate) {
          metrics.duplicates.inc(labels);
          this.logger.debug(`Skipped duplicate ${event.type} ${event.id} at ${position(record)}`);
          return { kind: 'duplicate' };
        }
        metrics.consumed.inc(labels);
        return { kind: 'processed', attempts: attempt };
      }
      const decision = decideRetry(attempt, this.options.retry, this.random);
      if (decision.action === 'give-up') {
        if (!result.handlerFailed) throw new InboxUnavailableError(record, result.error);
        return this.deadLetter(
          record,
          errorCodeOf(result.error),
          errorMessageOf(result.error),
          attempt,
        );
      }
      this.logger.warn(
        `Attempt ${attempt}/${this.options.retry.maxAttempts} for ${event.type} ${event.id} at ${position(record)} ` +
          `failed, retrying in ${decision.delayMs} ms: ${errorMessageOf(result.error)}`,
      );
      metrics.retries.inc(labels);
      await control.heartbeat();
      await abortableSleep(decision.delayMs, control.signal);
      if (control.signal.aborted) return { kind: 'interrupted' };
      await control.heartbeat();
    }
  }

  private async attempt(
    record: InboundRecord,
    event: ReceivedEvent<unknown>,
    handler: EventHandler<unknown, Tx>,
  ): Promise<AttemptResult> {
    // Tracked outside the callback: whether a failure came from the handler or from the database around it.
    const progress = { duplicate: false, handlerFailed: false };
    try {
      await this.options.transactionRunner.$transaction(async (tx) => {
        const inserted = await tx.$executeRawUnsafe(
          this.insertSql,
          this.options.groupId,
          event.id,
          record.topic,
          record.partition,
          record.offset,
          event.type,
        );
        if (inserted === 0) {
          progress.duplicate = true;
          return;
        }
        try {
          await handler(event, tx);
        } catch (error) {
          progress.handlerFailed = true;
          throw error;
        }
      }, this.options.transactionOptions);
      return { ok: true, duplicate: progress.duplicate };
    } catch (error) {
      return { ok: false, error, handlerFailed: progress.handlerFailed };
    }
  }

  private async deadLetter(
    record: InboundRecord,
    errorCode: string,
    errorMessage: string,
    attempts: number,
  ): Promise<RecordOutcome> {
    const deadLetterTopic = this.options.deadLetterTopicOf(record.topic);
    const headers = buildDeadLetterHeaders(record.headers, {
      originalTopic: record.topic,
      originalPartition: record.partition,
      originalOffset: record.offset,
      consumerGroup: this.options.groupId,
      attempts,
      errorCode,
      errorMessage,
      failedAt: this.now(),
    });
    await this.options.deadLetters.publish(deadLetterTopic, {
      key: record.key,
      value: record.value,
      headers,
    });
    metrics.deadLettered.inc({
      topic: record.topic,
      group: this.options.groupId,
      reason: errorCode,
    });
    this.logger.error(
      `Dead-lettered ${position(record)} to ${deadLetterTopic} after ${attempts} attempt(s): ${errorCode} ${errorMessage}`,
    );
    return { kind: 'dead-lettered', deadLetterTopic, errorCode, attempts };
  }
}

type Decoded =
  { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly problem: string };

function decodeData(value: Buffer | null, definition: EventDefinition): Decoded {
  if (value === null) return { ok: false, problem: 'the record has no value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, problem: `the value is not JSON: ${errorMessageOf(error)}` };
  }
  const parsed = definition.schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    return {
      ok: false,
      problem: `${definition.type} data violates its schema: ${issues.join('; ')}`,
    };
  }
  return { ok: true, data: parsed.data };
}

function position(record: Pick<InboundRecord, 'topic' | 'partition' | 'offset'>): string {
  return `${record.topic}[${record.partition}]@${record.offset}`;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
