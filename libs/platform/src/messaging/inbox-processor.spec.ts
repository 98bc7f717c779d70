import { Logger } from '@nestjs/common';
import {
  DeadLetterHeader,
  HospitalRegistered,
  HospitalUpdated,
  deadLetterTopic,
} from '@meridian/contracts';
import type { EventDefinition, HospitalSnapshotV1 } from '@meridian/contracts';
import type { IHeaders } from 'kafkajs';

import { currentCorrelationId } from '../context/correlation';
import { buildCloudEventHeaders } from './cloud-event-headers';
import { InboxProcessor, InboxUnavailableError } from './inbox-processor';
import type {
  DeadLetterMessage,
  DeadLetterPublisher,
  InboundRecord,
  ProcessingControl,
} from './inbox-processor';
import type { EventHandler, ReceivedEvent } from './received-event';
import type { SqlExecutor, TransactionRunner } from './transaction-runner';

const TOPIC = `test.${HospitalRegistered.topic}`;

const done = (): Promise<void> => Promise.resolve();

/** Runs `fn` as the body of a promise, so that a throw becomes a rejection (like an async function). */
function settle<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => {
    resolve(fn());
  });
}
const GROUP = 'test.consultation';

/** An in-memory stand-in for the service database: the inbox and the rows handlers write. */
class FakeDatabase implements TransactionRunner<FakeTx> {
  readonly inbox = new Set<string>();
  readonly rows: string[] = [];
  transactions = 0;
  inboxFailures = 0;

  async $transaction<R>(fn: (tx: FakeTx) => Promise<R>): Promise<R> {
    this.transactions += 1;
    const tx = new FakeTx(this);
    const result = await fn(tx);
    // Commit: staged changes become visible only when the callback succeeded.
    for (const key of tx.stagedInbox) this.inbox.add(key);
    this.rows.push(...tx.stagedRows);
    return result;
  }
}

class FakeTx implements SqlExecutor {
  readonly stagedInbox: string[] = [];
  readonly stagedRows: string[] = [];

  constructor(private readonly db: FakeDatabase) {}

  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    return settle(() => {
      if (!query.startsWith('INSERT INTO "messaging"."inbox_messages"'))
        throw new Error(`unexpected SQL: ${query}`);
      if (this.db.inboxFailures > 0) {
        this.db.inboxFailures -= 1;
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      }
      const key = `${String(values[0])}/${String(values[1])}`;
      if (this.db.inbox.has(key)) return 0;
      this.stagedInbox.push(key);
      return 1;
    });
  }

  $queryRawUnsafe<T = unknown>(query: string): Promise<T> {
    return Promise.reject(new Error(`unexpected query: ${query}`));
  }

  write(row: string): void {
    this.stagedRows.push(row);
  }
}

class RecordingDeadLetters implements DeadLetterPublisher {
  readonly published: { topic: string; message: DeadLetterMessage }[] = [];
  failNext = false;

  publish(topic: string, message: DeadLetterMessage): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('KafkaJSNumberOfRetriesExceeded'));
    }
    this.published.push({ topic, message });
    return done();
  }
}

function snapshot(): HospitalSnapshotV1 {
  return {
    hospitalId: '0193a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b',
    code: 'PUMCH',
    name: '北京协和医院',
    nameEn: 'PUMCH',
    regionCode: '110101',
    city: 'Beijing',
    level: 'HOSPITAL_LEVEL_TERTIARY_A',
    address: '',
    latitude: 39.9,
    longitude: 116.4,
    departments: [],
    version: 1,
    occurredAt: '2025-01-02T03:04:05.000Z',
  };
}

let offset = 0;

function record(
  options: { id?: string; definition?: EventDefinition; value?: unknown; headers?: IHeaders } = {},
): InboundRecord {
  const definition = options.definition ?? HospitalRegistered;
  const headers =
    options.headers ??
    buildCloudEventHeaders({
      id: options.id ?? `event-${offset}`,
      type: definition.type,
      source: definition.source,
      time: '2025-01-02T03:04:05.000Z',
      subject: 'h-1',
      correlationId: 'corr-00000001',
    });
  offset += 1;
  return {
    topic: TOPIC,
    partition: 1,
    offset: String(offset),
    key: Buffer.from('h-1'),
    value: Buffer.from(JSON.stringify(options.value ?? snapshot())),
    headers,
  };
}

function setup(maxAttempts = 3) {
  const db = new FakeDatabase();
  const deadLetters = new RecordingDeadLetters();
  const processor = new InboxProcessor<FakeTx>({
    groupId: GROUP,
    deadLetterTopicOf: (topic) => deadLetterTopic(topic, 'consultation'),
    transactionRunner: db,
    schema: 'messaging',
    retry: { maxAttempts, baseDelayMs: 1, maxDelayMs: 5 },
    deadLetters,
    now: () => new Date('2025-05-05T05:05:05.000Z'),
  });
  const heartbeats = { count: 0 };
  const stopping = new AbortController();
  const control: ProcessingControl = {
    heartbeat: () => {
      heartbeats.count += 1;
      return done();
    },
    signal: stopping.signal,
  };
  return { db, deadLetters, processor, control, heartbeats, stopping };
}

const DLQ_TOPIC = `${TOPIC}.dlq.consultation`;

interface PoisonInput {
  readonly value?: unknown;
  readonly raw?: string;
  readonly headers?: IHeaders;
}

describe(InboxProcessor.name, () => {
  // The processor logs every retry and dead letter; here the assertions say what happened.
  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterAll(() => {
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  it('runs the handler once with the typed event, in the inbox transaction and the producer correlation id', async () => {
    const { db, processor, control } = setup();
    const seen: { event: ReceivedEvent<unknown>; correlationId: string | undefined }[] = [];
    processor.register(TOPIC, [HospitalRegistered, HospitalUpdated], (event, tx) => {
      seen.push({ event, correlationId: currentCorrelationId() });
      tx.write(`hospital ${event.id}`);
      return done();
    });

    const outcome = await processor.process(record({ id: 'e-1' }), control);

    expect(outcome).toEqual({ kind: 'processed', attempts: 1 });
    expect(db.rows).toEqual(['hospital e-1']);
    expect(db.inbox).toEqual(new Set([`${GROUP}/e-1`]));
    expect(seen).toHaveLength(1);
    expect(seen.at(0)?.correlationId).toBe('corr-00000001');
    expect(seen.at(0)?.event).toMatchObject({
      id: 'e-1',
      type: HospitalRegistered.type,
      source: HospitalRegistered.source,
      subject: 'h-1',
      time: '2025-01-02T03:04:05.000Z',
      correlationId: 'corr-00000001',
      topic: TOPIC,
      partition: 1,
      key: 'h-1',
      data: snapshot(),
    });
  });

  it('skips a redelivered event without calling the handler or writing anything', async () => {
    const { db, processor, control } = setup();
    const handler = jest.fn<
      ReturnType<EventHandler<unknown, FakeTx>>,
      Parameters<EventHandler<unknown, FakeTx>>
    >((_event, tx) => {
      tx.write('row');
      return done();
    });
    processor.register(TOPIC, [HospitalRegistered], handler);

    expect(await processor.process(record({ id: 'same' }), control)).toEqual({
      kind: 'processed',
      attempts: 1,
    });
    expect(await processor.process(record({ id: 'same' }), control)).toEqual({ kind: 'duplicate' });

    expect(handler).toHaveBeenCalledTimes(1);
    expect(db.rows).toEqual(['row']);
  });

  it('retries a failing handler and succeeds without leaving rows of the failed attempts', async () => {
    const { db, processor, control, heartbeats } = setup(3);
    let calls = 0;
    processor.register(TOPIC, [HospitalRegistered], (_event, tx) =>
      settle(() => {
        calls += 1;
        tx.write(`attempt ${calls}`);
        if (calls < 3) throw new Error('deadlock detected');
      }),
    );

    const outcome = await processor.process(record(), control);

    expect(outcome).toEqual({ kind: 'processed', attempts: 3 });
    expect(db.rows).toEqual(['attempt 3']);
    expect(heartbeats.count).toBeGreaterThanOrEqual(2);
  });

  it('dead-letters after exactly maxAttempts failures, with the original record and the reason', async () => {
    const { db, deadLetters, processor, control } = setup(3);
    let calls = 0;
    processor.register(TOPIC, [HospitalRegistered], () =>
      settle(() => {
        calls += 1;
        throw Object.assign(new Error('slot already taken'), { code: 'APPOINTMENT.SLOT_TAKEN' });
      }),
    );
    const input = record({ id: 'poisoned-by-handler' });

    const outcome = await processor.process(input, control);

    expect(calls).toBe(3);
    expect(outcome).toEqual({
      kind: 'dead-lettered',
      deadLetterTopic: DLQ_TOPIC,
      errorCode: 'APPOINTMENT.SLOT_TAKEN',
      attempts: 3,
    });
    expect(db.inbox.size).toBe(0);
    expect(deadLetters.published).toHaveLength(1);
    const [{ topic, message }] = deadLetters.published as [
      { topic: string; message: DeadLetterMessage },
    ];
    expect(topic).toBe(DLQ_TOPIC);
    expect(message.key).toEqual(input.key);
    expect(message.value).toEqual(input.value);
    expect(message.headers).toMatchObject({
      ce_id: 'poisoned-by-handler',
      [DeadLetterHeader.originalTopic]: TOPIC,
      [DeadLetterHeader.originalPartition]: '1',
      [DeadLetterHeader.originalOffset]: input.offset,
      [DeadLetterHeader.consumerGroup]: GROUP,
      [DeadLetterHeader.attempts]: '3',
      [DeadLetterHeader.errorCode]: 'APPOINTMENT.SLOT_TAKEN',
      [DeadLetterHeader.errorMessage]: 'Error: slot already taken',
      [DeadLetterHeader.failedAt]: '2025-05-05T05:05:05.000Z',
    });
  });

  it.each<[string, PoisonInput, string]>([
    [
      'a value that violates the schema',
      { value: { ...snapshot(), regionCode: 'nowhere' } },
      'EVENT.SCHEMA_VIOLATION',
    ],
    ['a value that is not JSON', { raw: 'not json{' }, 'EVENT.SCHEMA_VIOLATION'],
    [
      'headers without ce_id',
      { headers: { ce_specversion: '1.0', ce_type: 't', ce_source: '/s' } },
      'EVENT.MALFORMED_ENVELOPE',
    ],
    ['no headers at all', { headers: {} }, 'EVENT.MALFORMED_ENVELOPE'],
    [
      'a type nobody handles',
      {
        headers: {
          ce_specversion: '1.0',
          ce_id: 'x',
          ce_type: 'meridian.unknown.v1',
          ce_source: '/s',
        },
      },
      'EVENT.UNKNOWN_TYPE',
    ],
  ])('dead-letters %s at once, without calling the handler', async (_label, input, errorCode) => {
    const { db, deadLetters, processor, control } = setup(5);
    const handler = jest.fn<Promise<void>, []>(done);
    processor.register(TOPIC, [HospitalRegistered], handler);
    const base = record({ value: input.value, headers: input.headers });
    const poisoned = input.raw === undefined ? base : { ...base, value: Buffer.from(input.raw) };

    const outcome = await processor.process(poisoned, control);

    expect(outcome).toMatchObject({ kind: 'dead-lettered', errorCode, attempts: 0 });
    expect(handler).not.toHaveBeenCalled();
    expect(db.transactions).toBe(0);
    expect(deadLetters.published.at(0)?.message.headers[DeadLetterHeader.errorCode]).toBe(
      errorCode,
    );
  });

  it('rejects, so that the offset stays uncommitted, when the dead-letter topic cannot be written', async () => {
    const { deadLetters, processor, control } = setup(1);
    processor.register(TOPIC, [HospitalRegistered], () => Promise.reject(new Error('boom')));
    deadLetters.failNext = true;

    await expect(processor.process(record(), control)).rejects.toThrow(
      'KafkaJSNumberOfRetriesExceeded',
    );
    expect(deadLetters.published).toHaveLength(0);
  });

  it('does not dead-letter a healthy record when the inbox database keeps failing', async () => {
    const { db, deadLetters, processor, control } = setup(2);
    const handler = jest.fn<Promise<void>, []>(done);
    processor.register(TOPIC, [HospitalRegistered], handler);
    db.inboxFailures = 2;

    await expect(processor.process(record(), control)).rejects.toThrow(InboxUnavailableError);
    expect(deadLetters.published).toHaveLength(0);
    expect(handler).not.toHaveBeenCalled();
  });

  it('abandons a pending retry when the consumer stops, leaving the record for redelivery', async () => {
    const { db, deadLetters, processor, control, stopping } = setup(5);
    processor.register(TOPIC, [HospitalRegistered], () =>
      settle(() => {
        stopping.abort();
        throw new Error('boom');
      }),
    );

    expect(await processor.process(record(), control)).toEqual({ kind: 'interrupted' });
    expect(db.transactions).toBe(1);
    expect(deadLetters.published).toHaveLength(0);
  });

  it('refuses two handlers for one event type', () => {
    const { processor } = setup();
    processor.register(TOPIC, [HospitalRegistered], done);
    expect(() => {
      processor.register(TOPIC, [HospitalUpdated, HospitalRegistered], done);
    }).toThrow(/already has a handler/);
  });
});
