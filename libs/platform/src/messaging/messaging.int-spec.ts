import { randomBytes, randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  DeadLetterHeader,
  HospitalRegistered,
  HospitalUpdated,
  Topics,
  deadLetterTopic,
} from '@meridian/contracts';
import type { EventDefinition, HospitalSnapshotV1 } from '@meridian/contracts';
import { Partitioners } from 'kafkajs';
import type { Admin, IHeaders, Kafka, Message, Producer } from 'kafkajs';
import { Pool } from 'pg';

import { runWithContext } from '../context/correlation';
import { uuidv7 } from '../ids/uuidv7';
import { buildCloudEventHeaders, readHeader } from './cloud-event-headers';
import { EventConsumer } from './event-consumer';
import type { ConsumerTuning } from './event-consumer';
import { HandleEvent } from './handle-event.decorator';
import { createKafkaClient } from './kafka-client';
import { KafkaHealth } from './kafka-health';
import { MESSAGING_TABLES_SQL } from './messaging-tables';
import { MessagingModule } from './messaging.module';
import { OutboxRelay } from './outbox-relay';
import { OutboxWriter } from './outbox-writer';
import {
  PgTransactionRunner,
  TransactionTimeoutError,
  createPgPool,
} from './pg-transaction-runner';
import type { PgSqlExecutor } from './pg-transaction-runner';
import type { ReceivedEvent } from './received-event';

// Real PostgreSQL and Kafka, as started by tools/infra.sh.
const PG_HOST = process.env['TEST_PG_HOST'] ?? '127.0.0.1';
const PG_PORT = process.env['TEST_PG_PORT'] ?? '5432';
const DATABASE_URL = `postgresql://meridian:meridian@${PG_HOST}:${PG_PORT}/meridian_consultation_test`;
const SCHEMA = 'messaging_it';
const BROKERS = (process.env['TEST_KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',');

// Every run gets its own topics and groups, so reruns and interrupted runs never see each other's records.
const RUN = `test.it${randomBytes(4).toString('hex')}`;
const namespaceOf = (scenario: string): string => `${RUN}-${scenario}.`;

const FAST_GROUP: ConsumerTuning = {
  sessionTimeout: 6_000,
  heartbeatInterval: 300,
  rebalanceTimeout: 3_000,
  maxWaitTimeInMs: 50,
};
const TOPIC_SETTINGS = { numPartitions: 3 };

// Asymmetric matchers are typed `any`; held as `unknown` they fit into expected objects safely.
const ISO_TIME: unknown = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const containing = (text: string): unknown => expect.stringContaining(text);

if (!new URL(DATABASE_URL).pathname.includes('test')) {
  throw new Error(`Refusing to run against ${DATABASE_URL}: the database name must contain "test"`);
}

let rootPool: Pool;
let pool: Pool;
let runner: PgTransactionRunner;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
const writer = new OutboxWriter({ schema: SCHEMA });
let readers = 0;

interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Record<string, string>;
}

function hospital(overrides: Partial<HospitalSnapshotV1> = {}): HospitalSnapshotV1 {
  return {
    hospitalId: randomUUID(),
    code: 'PUMCH',
    name: '北京协和医院',
    nameEn: 'Peking Union Medical College Hospital',
    regionCode: '110101',
    city: 'Beijing',
    level: 'HOSPITAL_LEVEL_TERTIARY_A',
    address: '1 Shuaifuyuan',
    latitude: 39.91,
    longitude: 116.41,
    departments: [],
    version: 1,
    occurredAt: new Date().toISOString(),
    ...overrides,
  };
}

/** A record as a producing service would send it, bypassing the outbox. */
function cloudEvent(
  definition: EventDefinition,
  data: unknown,
  key: string,
  id = uuidv7(),
): Message & { id: string } {
  const headers = buildCloudEventHeaders({
    id,
    type: definition.type,
    source: definition.source,
    time: new Date().toISOString(),
    subject: key,
    correlationId: 'it-correlation-1',
  });
  return { id, key, value: JSON.stringify(data), headers };
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers ?? {})) {
    const value = readHeader(headers, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Records in a topic (high minus low watermark over all partitions): exact, unlike "nothing arrived yet". */
async function recordCount(topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce(
    (sum, partition) => sum + Number(partition.high) - Number(partition.low),
    0,
  );
}

/** Records of `topic` not yet committed by `groupId`. */
async function lag(groupId: string, topic: string): Promise<number> {
  const committed = (await admin.fetchOffsets({ groupId, topics: [topic] })).find(
    (entry) => entry.topic === topic,
  );
  const high = await admin.fetchTopicOffsets(topic);
  return high.reduce((sum, { partition, high: end, low }) => {
    const done = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
    return sum + Number(end) - Math.max(Number(done), Number(low));
  }, 0);
}

async function readTopic(topic: string, count: number): Promise<ReadRecord[]> {
  readers += 1;
  const consumer = kafka.consumer({ groupId: `${RUN}-reader-${readers}`, ...FAST_GROUP });
  const records: ReadRecord[] = [];
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ partition, message }) => {
        records.push({
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          value: message.value?.toString('utf8') ?? null,
          headers: decodeHeaders(message.headers),
        });
        if (records.length >= count) finish();
        return Promise.resolve();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise((resolve) => {
      timer = setTimeout(resolve, 15_000);
    });
    await Promise.race([finished, timedOut]);
    clearTimeout(timer);
  } finally {
    await consumer.disconnect();
  }
  if (records.length < count)
    throw new Error(`Read ${records.length} of ${count} records from ${topic}`);
  return records;
}

async function handledRows(scenario: string): Promise<{ event_id: string; name: string }[]> {
  const { rows } = await pool.query<{ event_id: string; name: string }>(
    'SELECT "event_id", "name" FROM "handled" WHERE "scenario" = $1 ORDER BY "seq"',
    [scenario],
  );
  return rows;
}

function recordHandled(
  tx: PgSqlExecutor,
  scenario: string,
  event: ReceivedEvent<HospitalSnapshotV1>,
): Promise<number> {
  return tx.$executeRawUnsafe(
    'INSERT INTO "handled" ("scenario", "event_id", "name") VALUES ($1, $2, $3)',
    scenario,
    event.id,
    event.data.name,
  );
}

function consumerFor(
  scenario: string,
  handler: (event: ReceivedEvent<HospitalSnapshotV1>, tx: PgSqlExecutor) => Promise<void>,
  maxAttempts = 3,
): EventConsumer<PgSqlExecutor> {
  return new EventConsumer({
    kafka,
    namespace: namespaceOf(scenario),
    group: 'consultation',
    transactionRunner: runner,
    schema: SCHEMA,
    maxAttempts,
    backoffMs: 10,
    topicSettings: TOPIC_SETTINGS,
    tuning: FAST_GROUP,
  }).subscribe([HospitalRegistered, HospitalUpdated], handler);
}

function relayFor(scenario: string, relayPool: Pool, batchSize = 50): OutboxRelay {
  return new OutboxRelay({
    pool: relayPool,
    kafka,
    namespace: namespaceOf(scenario),
    schema: SCHEMA,
    batchSize,
    pollIntervalMs: 20,
    maxBackoffMs: 500,
    topicSettings: TOPIC_SETTINGS,
  });
}

beforeAll(async () => {
  Logger.overrideLogger(['error']);
  rootPool = new Pool({ connectionString: DATABASE_URL, max: 1 });
  await rootPool.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await rootPool.query(`CREATE SCHEMA "${SCHEMA}"`);
  pool = createPgPool({ connectionString: DATABASE_URL, schema: SCHEMA, max: 6 });
  await pool.query(MESSAGING_TABLES_SQL);
  await pool.query(`
    CREATE TABLE "handled" (
      "seq" BIGSERIAL PRIMARY KEY,
      "scenario" TEXT NOT NULL,
      "event_id" TEXT NOT NULL,
      "name" TEXT NOT NULL
    );
    CREATE TABLE "hospitals" ("id" UUID PRIMARY KEY, "name" TEXT NOT NULL);
  `);
  runner = new PgTransactionRunner(pool);
  kafka = createKafkaClient({ clientId: 'messaging-it', brokers: BROKERS });
  admin = kafka.admin();
  await admin.connect();
  producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
}, 30_000);

afterAll(async () => {
  await producer.disconnect();
  const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(RUN));
  if (topics.length > 0) await admin.deleteTopics({ topics });
  const { groups } = await admin.listGroups();
  const groupIds = groups.map((group) => group.groupId).filter((id) => id.startsWith(RUN));
  if (groupIds.length > 0) await admin.deleteGroups(groupIds);
  await admin.disconnect();
  await pool.end();
  await rootPool.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await rootPool.end();
}, 30_000);

describe(PgTransactionRunner.name, () => {
  it('commits, rolls back, and resolves unqualified names in the pool schema', async () => {
    const id = randomUUID();
    await runner.$transaction((tx) =>
      tx.$executeRawUnsafe('INSERT INTO "hospitals" VALUES ($1, $2)', id, 'kept'),
    );
    await expect(
      runner.$transaction(async (tx) => {
        await tx.$executeRawUnsafe(
          'INSERT INTO "hospitals" VALUES ($1, $2)',
          randomUUID(),
          'discarded',
        );
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');

    const names = await runner.$transaction((tx) =>
      tx.$queryRawUnsafe<{ name: string }[]>('SELECT "name" FROM "hospitals"'),
    );
    expect(names).toEqual([{ name: 'kept' }]);
  });

  it('applies the isolation level and rolls back a transaction that outlives its timeout', async () => {
    const level = await runner.$transaction(
      (tx) => tx.$queryRawUnsafe<{ transaction_isolation: string }[]>('SHOW transaction_isolation'),
      { isolationLevel: 'Serializable' },
    );
    expect(level).toEqual([{ transaction_isolation: 'serializable' }]);

    const slow = runner.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(
          'INSERT INTO "hospitals" VALUES ($1, $2)',
          randomUUID(),
          'too slow',
        );
        await sleep(150);
      },
      { timeout: 50 },
    );
    await expect(slow).rejects.toThrow(TransactionTimeoutError);
    const { rows } = await pool.query('SELECT 1 FROM "hospitals" WHERE "name" = $1', ['too slow']);
    expect(rows).toHaveLength(0);
  });

  it('refuses to report success when a failed statement was swallowed inside the transaction', async () => {
    const swallowing = runner.$transaction(async (tx) => {
      await tx
        .$executeRawUnsafe('INSERT INTO "no_such_table" VALUES (1)')
        .catch((error: unknown) => error);
    });
    await expect(swallowing).rejects.toThrow(/rolled back/);
  });
});

describe(OutboxRelay.name, () => {
  beforeEach(async () => {
    await pool.query('TRUNCATE "outbox_events"');
  });

  it('publishes an event of a committed transaction with its CloudEvents headers and key, never one rolled back', async () => {
    const relayPool = createPgPool({ connectionString: DATABASE_URL, schema: SCHEMA, max: 2 });
    const relay = relayFor('relay', relayPool);
    const topic = `${namespaceOf('relay')}${Topics.hospitalDirectory}`;
    await relay.start();
    try {
      const registered = hospital({ name: 'committed' });
      const eventId = await runWithContext({ correlationId: 'it-corr-00000001' }, () =>
        runner.$transaction(async (tx) => {
          await tx.$executeRawUnsafe(
            'INSERT INTO "hospitals" VALUES ($1, $2)',
            registered.hospitalId,
            registered.name,
          );
          return writer.append(tx, HospitalRegistered, registered, { key: registered.hospitalId });
        }),
      );
      await expect(
        runner.$transaction(async (tx) => {
          await writer.append(tx, HospitalUpdated, hospital({ name: 'rolled back' }), {
            key: registered.hospitalId,
          });
          throw new Error('the state change failed');
        }),
      ).rejects.toThrow('the state change failed');

      await eventually(async () => {
        const { rows } = await pool.query(
          'SELECT 1 FROM "outbox_events" WHERE "id" = $1 AND "published_at" IS NOT NULL',
          [eventId],
        );
        return rows.length === 1 ? true : undefined;
      });
      // Give the relay several more polls: a rolled-back event would have to show up now.
      await sleep(200);
      expect(await recordCount(topic)).toBe(1);

      const record = (await readTopic(topic, 1)).at(0);
      const value: unknown = JSON.parse(record?.value ?? 'null');
      expect(record?.key).toBe(registered.hospitalId);
      expect(value).toEqual(registered);
      expect(record?.headers).toEqual({
        ce_specversion: '1.0',
        ce_id: eventId,
        ce_source: '/meridian/hospital-integration',
        ce_type: 'meridian.hospital.registered.v1',
        ce_time: ISO_TIME,
        ce_subject: registered.hospitalId,
        ce_correlationid: 'it-corr-00000001',
        'content-type': 'application/json',
      });
    } finally {
      await relay.stop();
      await relayPool.end();
    }
  }, 30_000);

  it('keeps events Kafka refuses pending, records the failure, and carries on once the cause is gone', async () => {
    const relayPool = createPgPool({ connectionString: DATABASE_URL, schema: SCHEMA, max: 2 });
    const relay = relayFor('refused', relayPool);
    const topic = `${namespaceOf('refused')}${Topics.hospitalDirectory}`;
    await relay.start();
    try {
      // Larger than the broker's default max.message.bytes (1 MiB): Kafka rejects the batch.
      const tooLarge = uuidv7();
      await pool.query(
        `INSERT INTO "outbox_events" ("id", "topic", "key", "type", "headers", "payload")
         VALUES ($1, $2, 'k', 'meridian.hospital.registered.v1', '{}'::jsonb, jsonb_build_object('blob', repeat('x', 2000000)))`,
        [tooLarge, Topics.hospitalDirectory],
      );
      const failure = await eventually(async () => {
        const { rows } = await pool.query<{
          attempts: number;
          last_error: string | null;
          published_at: Date | null;
        }>('SELECT "attempts", "last_error", "published_at" FROM "outbox_events" WHERE "id" = $1', [
          tooLarge,
        ]);
        const row = rows.at(0);
        return row && row.attempts > 0 ? row : undefined;
      });
      expect(failure.published_at).toBeNull();
      expect(failure.last_error).toMatch(/large/i);

      await pool.query('DELETE FROM "outbox_events" WHERE "id" = $1', [tooLarge]);
      const next = await runner.$transaction((tx) =>
        writer.append(tx, HospitalRegistered, hospital(), { key: 'k' }),
      );
      await eventually(async () => {
        const { rows } = await pool.query(
          'SELECT 1 FROM "outbox_events" WHERE "id" = $1 AND "published_at" IS NOT NULL',
          [next],
        );
        return rows.length === 1 ? true : undefined;
      });
      expect(await recordCount(topic)).toBe(1);
    } finally {
      await relay.stop();
      await relayPool.end();
    }
  }, 30_000);

  it('publishes every event exactly once with two relays polling the same table', async () => {
    const pools = [0, 1].map(() =>
      createPgPool({ connectionString: DATABASE_URL, schema: SCHEMA, max: 2 }),
    );
    const relays = pools.map((relayPool) => relayFor('relays', relayPool, 20));
    const topic = `${namespaceOf('relays')}${Topics.hospitalDirectory}`;
    const publishedBy = relays.map((relay) => {
      const counted = { events: 0 };
      const publishPending = relay.publishPending.bind(relay);
      jest.spyOn(relay, 'publishPending').mockImplementation(async () => {
        const published = await publishPending();
        counted.events += published;
        return published;
      });
      return counted;
    });
    await Promise.all(relays.map((relay) => relay.start()));
    try {
      const ids = (
        await Promise.all(
          Array.from({ length: 30 }, (_, t) =>
            runner.$transaction(async (tx) => {
              const batch: string[] = [];
              for (let i = 0; i < 10; i += 1) {
                batch.push(
                  await writer.append(tx, HospitalRegistered, hospital(), { key: `hospital-${t}` }),
                );
              }
              return batch;
            }),
          ),
        )
      ).flat();

      await eventually(async () => {
        const { rows } = await pool.query<{ n: string }>(
          'SELECT count(*) AS n FROM "outbox_events" WHERE "published_at" IS NULL',
        );
        return rows.at(0)?.n === '0' ? true : undefined;
      });
      expect(await recordCount(topic)).toBe(300);
      const records = await readTopic(topic, 300);
      const published = records.map((record) => record.headers['ce_id']);
      expect(new Set(published).size).toBe(300);
      expect(new Set(published)).toEqual(new Set(ids));
      // Both relays took part: the rows were shared out, not published by one while the other waited.
      expect(publishedBy.map((counted) => counted.events > 0)).toEqual([true, true]);
      expect(publishedBy.reduce((sum, counted) => sum + counted.events, 0)).toBe(300);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await Promise.all(pools.map((relayPool) => relayPool.end()));
    }
  }, 30_000);
});

describe(EventConsumer.name, () => {
  it('calls the handler once for a record delivered twice and commits past both', async () => {
    const calls: string[] = [];
    const consumer = consumerFor('dup', async (event, tx) => {
      calls.push(event.id);
      await recordHandled(tx, 'dup', event);
    });
    const topic = `${namespaceOf('dup')}${Topics.hospitalDirectory}`;
    await consumer.start();
    try {
      const once = cloudEvent(HospitalRegistered, hospital({ name: 'first' }), 'h-dup');
      const other = cloudEvent(HospitalUpdated, hospital({ name: 'second' }), 'h-dup');
      await producer.send({ topic, acks: -1, messages: [once, once, other] });

      await eventually(async () => ((await lag(consumer.groupId, topic)) === 0 ? true : undefined));
    } finally {
      await consumer.stop();
    }
    expect(calls).toHaveLength(2);
    expect((await handledRows('dup')).map((row) => row.name)).toEqual(['first', 'second']);
    const { rows } = await pool.query(
      'SELECT 1 FROM "inbox_messages" WHERE "consumer_group" = $1',
      [consumer.groupId],
    );
    expect(rows).toHaveLength(2);
  }, 30_000);

  it('dead-letters poison at once and a failing handler after exactly N attempts, then goes on', async () => {
    const maxAttempts = 3;
    let failingAttempts = 0;
    const consumer = consumerFor(
      'dlq',
      async (event, tx) => {
        if (event.data.name === 'always fails') {
          failingAttempts += 1;
          throw new Error('the handler refuses this hospital');
        }
        await recordHandled(tx, 'dlq', event);
      },
      maxAttempts,
    );
    const topic = `${namespaceOf('dlq')}${Topics.hospitalDirectory}`;
    const dlq = deadLetterTopic(topic, 'consultation');
    await consumer.start();
    let partition = -1;
    let baseOffset = -1;
    const poisonous = cloudEvent(
      HospitalRegistered,
      { ...hospital(), regionCode: 'nowhere' },
      'h-dlq',
    );
    const failing = cloudEvent(HospitalRegistered, hospital({ name: 'always fails' }), 'h-dlq');
    const noEnvelope: Message = { key: 'h-dlq', value: JSON.stringify(hospital()), headers: {} };
    try {
      // One key, so one partition: the records after the poison must still be processed, in order.
      const sent = await producer.send({
        topic,
        acks: -1,
        messages: [
          noEnvelope,
          poisonous,
          failing,
          cloudEvent(HospitalUpdated, hospital({ name: 'after the poison' }), 'h-dlq'),
        ],
      });
      partition = sent.at(0)?.partition ?? -1;
      baseOffset = Number(sent.at(0)?.baseOffset ?? -1);

      await eventually(async () => ((await lag(consumer.groupId, topic)) === 0 ? true : undefined));
    } finally {
      await consumer.stop();
    }
    expect(failingAttempts).toBe(maxAttempts);
    expect((await handledRows('dlq')).map((row) => row.name)).toEqual(['after the poison']);
    expect(await recordCount(dlq)).toBe(3);

    const deadLetters = (await readTopic(dlq, 3)).sort(
      (a, b) =>
        Number(a.headers[DeadLetterHeader.originalOffset]) -
        Number(b.headers[DeadLetterHeader.originalOffset]),
    );
    const common = {
      [DeadLetterHeader.originalTopic]: topic,
      [DeadLetterHeader.originalPartition]: String(partition),
      [DeadLetterHeader.consumerGroup]: consumer.groupId,
      [DeadLetterHeader.failedAt]: ISO_TIME,
    };
    expect(deadLetters.map((record) => record.headers)).toEqual([
      {
        ...common,
        [DeadLetterHeader.originalOffset]: String(baseOffset),
        [DeadLetterHeader.attempts]: '0',
        [DeadLetterHeader.errorCode]: 'EVENT.MALFORMED_ENVELOPE',
        [DeadLetterHeader.errorMessage]: containing('ce_specversion is missing'),
      },
      {
        ...poisonous.headers,
        ...common,
        [DeadLetterHeader.originalOffset]: String(baseOffset + 1),
        [DeadLetterHeader.attempts]: '0',
        [DeadLetterHeader.errorCode]: 'EVENT.SCHEMA_VIOLATION',
        [DeadLetterHeader.errorMessage]: containing('regionCode'),
      },
      {
        ...failing.headers,
        ...common,
        [DeadLetterHeader.originalOffset]: String(baseOffset + 2),
        [DeadLetterHeader.attempts]: String(maxAttempts),
        [DeadLetterHeader.errorCode]: 'EVENT.HANDLER_FAILED',
        [DeadLetterHeader.errorMessage]: 'Error: the handler refuses this hospital',
      },
    ]);
    expect(deadLetters.map((record) => [record.key, record.value])).toEqual([
      ['h-dlq', noEnvelope.value],
      ['h-dlq', poisonous.value],
      ['h-dlq', failing.value],
    ]);
  }, 30_000);

  it('loses and duplicates nothing when stopped mid-stream and restarted, nor when every record comes again', async () => {
    const total = 200;
    let calls = 0;
    const handler = async (
      event: ReceivedEvent<HospitalSnapshotV1>,
      tx: PgSqlExecutor,
    ): Promise<void> => {
      calls += 1;
      await recordHandled(tx, 'restart', event);
    };
    const topic = `${namespaceOf('restart')}${Topics.hospitalDirectory}`;
    const events = Array.from({ length: total }, (_, i) =>
      cloudEvent(HospitalRegistered, hospital({ name: `hospital ${i}` }), `h-${i % 12}`),
    );
    const first = consumerFor('restart', handler);
    await first.start();
    await producer.send({ topic, acks: -1, messages: events });
    await eventually(async () => ((await handledRows('restart')).length >= 40 ? true : undefined));
    await first.stop();
    const handledAtStop = (await handledRows('restart')).length;
    expect(handledAtStop).toBeLessThan(total);

    const second = consumerFor('restart', handler);
    await second.start();
    try {
      await eventually(async () => ((await lag(second.groupId, topic)) === 0 ? true : undefined));
      const rows = await handledRows('restart');
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map((row) => row.event_id))).toEqual(
        new Set(events.map((event) => event.id)),
      );

      // Every record again (a producer retry, a replay): the inbox knows them all, nothing changes.
      const callsBeforeReplay = calls;
      await producer.send({ topic, acks: -1, messages: events });
      await eventually(async () => ((await lag(second.groupId, topic)) === 0 ? true : undefined));
      expect(calls).toBe(callsBeforeReplay);
      expect(await handledRows('restart')).toHaveLength(total);
    } finally {
      await second.stop();
    }
  }, 30_000);
});

@Injectable()
class HospitalDirectoryEventsController {
  readonly seen: string[] = [];

  @HandleEvent(HospitalRegistered, HospitalUpdated)
  async onHospitalChanged(
    event: ReceivedEvent<HospitalSnapshotV1>,
    tx: PgSqlExecutor,
  ): Promise<void> {
    await recordHandled(tx, 'module', event);
    this.seen.push(event.type);
  }
}

describe(MessagingModule.name, () => {
  it('relays appended events to the @HandleEvent methods of the application and shuts down cleanly', async () => {
    await pool.query('TRUNCATE "outbox_events"');
    const moduleRef = await Test.createTestingModule({
      imports: [
        MessagingModule.forRootAsync({
          useFactory: () => ({
            serviceName: 'hospital-integration',
            kafka: { brokers: BROKERS, namespace: namespaceOf('module') },
            outbox: {
              databaseUrl: DATABASE_URL,
              schema: SCHEMA,
              pollIntervalMs: 1_000,
              batchSize: 50,
            },
            consumer: { maxAttempts: 2, backoffMs: 10, tuning: FAST_GROUP },
            topics: TOPIC_SETTINGS,
          }),
        }),
      ],
      providers: [HospitalDirectoryEventsController],
    }).compile();
    await moduleRef.init();
    try {
      const moduleWriter = moduleRef.get(OutboxWriter);
      const data = hospital({ name: 'via the module' });
      await runner.$transaction(async (tx) => {
        await moduleWriter.append(tx, HospitalRegistered, data, { key: data.hospitalId });
        await moduleWriter.append(
          tx,
          HospitalUpdated,
          { ...data, version: 2 },
          { key: data.hospitalId },
        );
      });
      // The poll interval is long: only the nudge makes this arrive quickly.
      moduleWriter.notifyCommitted();

      await eventually(
        async () => ((await handledRows('module')).length === 2 ? true : undefined),
        5_000,
      );
      expect(moduleRef.get(HospitalDirectoryEventsController).seen).toEqual([
        HospitalRegistered.type,
        HospitalUpdated.type,
      ]);
      expect(await moduleRef.get(KafkaHealth).check()).toMatchObject({ up: true });
    } finally {
      await moduleRef.close();
    }
  }, 30_000);
});
