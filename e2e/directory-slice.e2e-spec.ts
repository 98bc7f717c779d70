import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { CloudEventHeader, DeadLetterHeader, Topics, deadLetterTopic } from '@meridian/contracts';
import { decodeStatusDetails } from '@meridian/platform';
import { eventually, testInfra } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer, IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { Client } from 'pg';

import { accessToken, createPartnerClient, getJson } from './support/gateway';
import { careDirectory, hospitalDirectory, registration } from './support/grpc';
import { ALL_SERVICES, TestPlatform } from './support/platform';

interface HospitalJson {
  id: string;
  code: string;
  name: string;
  level: string;
  city: string;
  departments: { code: string; name: string; nameZh: string; nameEn: string; mapping: string }[];
}
interface PageJson {
  data: HospitalJson[];
  page: { limit: number; nextCursor: string | null };
}
interface ProblemJson {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { field: string; description: string }[];
}

const header = (headers: IHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  return value === undefined
    ? undefined
    : Buffer.isBuffer(value)
      ? value.toString('utf8')
      : String(value);
};

describe('directory slice: hospital-integration → outbox → Kafka → consultation, read through the gateway', () => {
  const platform = new TestPlatform();
  const kafka = new Kafka({
    clientId: 'e2e',
    brokers: [...testInfra.kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  const directoryTopic = `${platform.namespace}${Topics.hospitalDirectory}`;
  const dlqTopic = deadLetterTopic(directoryTopic, 'consultation');
  const seen: KafkaMessage[] = [];
  const deadLettered: KafkaMessage[] = [];
  let consumer: Consumer;
  let producer: Producer;
  let consultationDb: Client;
  let token: string;
  // One channel per service for the whole file (each client loads its protos once).
  const directoryClient = hospitalDirectory(platform.grpcTarget('hospital-integration'));
  const careClient = careDirectory(platform.grpcTarget('consultation'));
  const directory = () => directoryClient;
  const care = () => careClient;
  const gateway = (path: string) => `${platform.httpUrl('api-gateway')}${path}`;

  beforeAll(async () => {
    await platform.start(ALL_SERVICES);
    const credentials = await createPartnerClient(platform);
    token = await accessToken(platform, credentials);
    // An independent observer of the real broker: sees exactly what consultation consumes.
    consumer = kafka.consumer({
      groupId: `${platform.namespace}observer`,
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [directoryTopic, dlqTopic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        (topic === dlqTopic ? deadLettered : seen).push(message);
      },
    });
    producer = kafka.producer();
    await producer.connect();
    consultationDb = new Client({ connectionString: platform.databaseUrl('consultation') });
    await consultationDb.connect();
    await consultationDb.query(`SET search_path TO "${platform.schema}"`);
  }, 120_000);

  afterAll(async () => {
    directoryClient.close();
    careClient.close();
    await consumer.disconnect();
    await producer.disconnect();
    await consultationDb.end();
    await platform.stopAll();
  }, 60_000);

  it('brings up all seven services, each ready with its dependencies and exposing metrics', async () => {
    for (const service of ALL_SERVICES) {
      const ready = await getJson<{ status: string; details: Record<string, { status: string }> }>(
        `${platform.httpUrl(service)}/health/ready`,
      );
      expect(ready.status).toBe(200);
      expect(ready.body.status).toBe('ok');
      const live = await getJson<{ status: string }>(`${platform.httpUrl(service)}/health/live`);
      expect(live.body.status).toBe('ok');
      const metrics = await fetch(`${platform.httpUrl(service)}/metrics`);
      const text = await metrics.text();
      expect(text).toContain(`service="${service}"`);
      expect(text).toContain('process_cpu_seconds_total');
    }
    const consultationReady = await getJson<{ details: Record<string, { status: string }> }>(
      `${platform.httpUrl('consultation')}/health/ready`,
    );
    expect(Object.keys(consultationReady.body.details).sort()).toEqual([
      'kafka',
      'postgres',
      'redis',
    ]);
  });

  it('shows the hospitals the simulator registered through the gRPC API', async () => {
    const page = await eventually(async () => {
      const response = await getJson<PageJson>(gateway('/v1/hospitals?limit=100'), token);
      const simulated = response.body.data.filter((h) =>
        h.code.startsWith(`${platform.simulatorId}-`),
      );
      return simulated.length === 3 ? simulated : undefined;
    });
    expect(page.map((h) => h.code).sort()).toEqual(
      [1, 2, 3].map((n) => `${platform.simulatorId}-000${n}`),
    );
  });

  it('registers a hospital, publishes it through the outbox to Kafka, and serves it to partner apps', async () => {
    const request = registration({ city: 'Ningbo' });
    const created = await directory().call.registerHospital(request);
    expect(created.version).toBe('1');

    // The event crossed the real broker: keyed by aggregate id, CloudEvents binary mode.
    const record = await eventually(async () => seen.find((m) => m.key?.toString() === created.id));
    expect(header(record.headers, CloudEventHeader.type)).toBe('meridian.hospital.registered.v1');
    expect(header(record.headers, CloudEventHeader.specVersion)).toBe('1.0');
    expect(header(record.headers, CloudEventHeader.source)).toBe('/meridian/hospital-integration');
    expect(header(record.headers, CloudEventHeader.subject)).toBe(created.id);
    expect(JSON.parse(record.value?.toString() ?? '{}')).toMatchObject({
      hospitalId: created.id,
      code: request.code,
      version: 1,
    });

    // consultation consumed it into its local directory.
    const projected = await eventually(async () => {
      try {
        return await care().call.getHospital({ hospitalId: created.id });
      } catch {
        return undefined;
      }
    });
    expect(projected).toMatchObject({ code: request.code, city: 'Ningbo', sourceVersion: '1' });

    // A partner app reads it through the gateway.
    const response = await getJson<PageJson>(
      gateway('/v1/hospitals?city=Ningbo&department=cardiology'),
      token,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.body.data).toHaveLength(1);
    expect(response.body.data[0]).toMatchObject({
      id: created.id,
      code: request.code,
      level: 'tertiary-a',
      city: 'Ningbo',
    });
    expect(response.body.data[0]?.departments).toContainEqual({
      code: 'cardiology',
      name: '心内科',
      nameZh: '心血管内科',
      nameEn: 'Cardiology',
      mapping: 'declared',
    });
    const single = await getJson<HospitalJson>(gateway(`/v1/hospitals/${created.id}`), token);
    expect(single.body.code).toBe(request.code);

    // Filters really filter.
    const noMatch = await getJson<PageJson>(
      gateway('/v1/hospitals?city=Ningbo&department=dermatology'),
      token,
    );
    expect(noMatch.body.data).toHaveLength(0);
  });

  it('pages with cursors that cover every hospital exactly once', async () => {
    const city = `Wenzhou-${platform.schema.slice(-4)}`;
    const created = [];
    for (let i = 0; i < 5; i += 1)
      created.push(await directory().call.registerHospital(registration({ city })));
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/v1/hospitals?city=${encodeURIComponent(city)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await getJson<PageJson>(gateway(query), token);
      expect(response.status).toBe(200);
      ids.push(...response.body.data.map((h) => h.id));
      cursor = response.body.page.nextCursor;
      if (cursor) expect(response.headers.get('link')).toContain('rel="next"');
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(ids).toEqual(created.map((h) => h.id));

    // A cursor replayed with other filters is refused.
    const first = await getJson<PageJson>(
      gateway(`/v1/hospitals?city=${encodeURIComponent(city)}&limit=2`),
      token,
    );
    const replay = await getJson<ProblemJson>(
      gateway(`/v1/hospitals?city=Ningbo&limit=2&cursor=${first.body.page.nextCursor}`),
      token,
    );
    expect(replay.status).toBe(400);
    expect(replay.body.code).toBe('PAGINATION.INVALID_CURSOR');
  });

  it('re-sending the same registration changes nothing and publishes nothing', async () => {
    const request = registration();
    const first = await directory().call.registerHospital(request);
    const again = await directory().call.registerHospital(request);
    expect(again).toEqual(first);
    const sameContentNewKey = await directory().call.registerHospital({
      ...request,
      idempotencyKey: `${request.idempotencyKey}-2`,
    });
    expect(sameContentNewKey.version).toBe('1');
    await eventually(async () => seen.find((m) => m.key?.toString() === first.id));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen.filter((m) => m.key?.toString() === first.id)).toHaveLength(1);

    // Reusing the key for a different request is refused.
    await expect(
      directory().call.registerHospital({ ...request, name: 'Another name' }),
    ).rejects.toMatchObject({
      code: GrpcStatus.INVALID_ARGUMENT,
    });
  });

  it('a duplicate delivery and a stale event change nothing in consultation', async () => {
    const request = registration();
    const created = await directory().call.registerHospital(request);
    const updated = await directory().call.registerHospital({
      ...request,
      idempotencyKey: `${request.idempotencyKey}-u`,
      name: 'Renamed',
    });
    expect(updated.version).toBe('2');
    await eventually(async () => {
      const rows = await consultationDb.query<{ name: string }>(
        'SELECT name FROM directory_hospitals WHERE id = $1',
        [created.id],
      );
      return rows.rows[0]?.name === 'Renamed' ? true : undefined;
    });
    const registered = seen.find(
      (m) =>
        m.key?.toString() === created.id &&
        header(m.headers, CloudEventHeader.type) === 'meridian.hospital.registered.v1',
    );
    expect(registered).toBeDefined();
    const before = await consultationDb.query(
      'SELECT name, source_version, received_at FROM directory_hospitals WHERE id = $1',
      [created.id],
    );
    const inboxBefore = await consultationDb.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox_messages',
    );

    // Deliver the version-1 record again, byte for byte (same ce_id): a duplicate.
    await producer.send({
      topic: directoryTopic,
      messages: [{ key: registered!.key, value: registered!.value, headers: registered!.headers }],
    });
    // And the same version-1 state under a new id: a stale event that arrives late.
    const staleHeaders = {
      ...registered!.headers,
      [CloudEventHeader.id]: `0190${created.id.slice(4)}`,
    };
    await producer.send({
      topic: directoryTopic,
      messages: [{ key: registered!.key, value: registered!.value, headers: staleHeaders }],
    });
    // The stale event was sent after the duplicate on the same partition: once it is in the inbox, both were handled.
    const staleId = header(staleHeaders, CloudEventHeader.id);
    await eventually(async () => {
      const rows = await consultationDb.query(
        'SELECT 1 FROM inbox_messages WHERE message_id = $1',
        [staleId],
      );
      return rows.rowCount === 1 ? true : undefined;
    });
    const inboxAfter = await consultationDb.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox_messages',
    );
    expect((inboxAfter.rows[0]?.n ?? 0) - (inboxBefore.rows[0]?.n ?? 0)).toBe(1);
    const after = await consultationDb.query(
      'SELECT name, source_version, received_at FROM directory_hospitals WHERE id = $1',
      [created.id],
    );
    // Neither the duplicate nor the stale version-1 state rolled the row back or touched it.
    expect(after.rows[0]).toEqual(before.rows[0]);
    expect(after.rows[0]).toMatchObject({ name: 'Renamed', source_version: 2 });
  });

  it('moves a poison message to the dead-letter topic and keeps consuming', async () => {
    const poisonId = `poison-${platform.schema}`;
    await producer.send({
      topic: directoryTopic,
      messages: [
        {
          key: 'not-a-hospital',
          value: JSON.stringify({ hospitalId: 'not-a-uuid', name: 42 }),
          headers: {
            [CloudEventHeader.specVersion]: '1.0',
            [CloudEventHeader.id]: poisonId,
            [CloudEventHeader.source]: '/meridian/hospital-integration',
            [CloudEventHeader.type]: 'meridian.hospital.registered.v1',
            [CloudEventHeader.contentType]: 'application/json',
          },
        },
      ],
    });
    const dead = await eventually(async () =>
      deadLettered.find((m) => header(m.headers, CloudEventHeader.id) === poisonId),
    );
    expect(header(dead.headers, DeadLetterHeader.originalTopic)).toBe(directoryTopic);
    expect(header(dead.headers, DeadLetterHeader.errorCode)).toBe('EVENT.SCHEMA_VIOLATION');
    expect(header(dead.headers, DeadLetterHeader.consumerGroup)).toBe(
      `${platform.namespace}consultation`,
    );
    expect(dead.value?.toString()).toContain('not-a-uuid');

    // The partition is not blocked: the next event is processed.
    const next = await directory().call.registerHospital(registration());
    await eventually(async () => {
      const rows = await consultationDb.query('SELECT 1 FROM directory_hospitals WHERE id = $1', [
        next.id,
      ]);
      return rows.rowCount === 1 ? true : undefined;
    });
    const inbox = await consultationDb.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM inbox_messages WHERE message_id = $1',
      [poisonId],
    );
    expect(inbox.rows[0]?.n).toBe(0);
  });

  it('shuts down gracefully on SIGTERM and comes back ready', async () => {
    const stopped = await platform.stop('consultation', 'SIGTERM');
    // Nest closes everything, then lets the signal end the process; the deadline never fired.
    expect(stopped.code === 0 || stopped.signal === 'SIGTERM').toBe(true);
    expect(stopped.ms).toBeLessThan(10_000);
    expect(platform.tail('consultation', 20)).not.toContain('graceful shutdown took longer');
    await platform.restart('consultation');
  }, 60_000);

  it('loses no event when consultation crashes mid-stream', async () => {
    const city = `Suzhou-${platform.schema.slice(-4)}`;
    const registrations = Array.from({ length: 60 }, () => registration({ city }));
    const ids: string[] = [];
    const startedAt = new Date();
    for (const [index, request] of registrations.entries()) {
      if (index === 20) await platform.stop('consultation', 'SIGKILL');
      ids.push((await directory().call.registerHospital(request)).id);
      if (index === 40) await platform.restart('consultation');
    }
    const stored = await eventually(async () => {
      const rows = await consultationDb.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM directory_hospitals WHERE city = $1',
        [city],
      );
      return rows.rows[0]?.n === ids.length ? rows.rows[0].n : undefined;
    }, 60_000);
    expect(stored).toBe(60);
    // Every event took effect exactly once: one inbox record per registration of this run.
    const processed = await consultationDb.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbox_messages WHERE type = 'meridian.hospital.registered.v1' AND processed_at >= $1`,
      [startedAt],
    );
    expect(processed.rows[0]?.n).toBe(60);
  }, 120_000);

  it('carries one correlation id across gRPC metadata, the outbox, Kafka headers and the consumer', async () => {
    const correlationId = `e2e-corr-${platform.schema}`;
    const created = await directory().call.registerHospital(registration(), {
      metadata: { 'x-correlation-id': correlationId },
    });
    const record = await eventually(async () => seen.find((m) => m.key?.toString() === created.id));
    expect(header(record.headers, CloudEventHeader.correlationId)).toBe(correlationId);
    await eventually(async () => {
      const rows = await consultationDb.query('SELECT 1 FROM directory_hospitals WHERE id = $1', [
        created.id,
      ]);
      return rows.rowCount === 1 ? true : undefined;
    });
    const tagged = (service: 'hospital-integration' | 'consultation') =>
      readFileSync(platform.logFile(service), 'utf8')
        .split('\n')
        .filter((line) => line.includes(`"correlationId":"${correlationId}"`));
    expect(tagged('hospital-integration').some((line) => line.includes(created.id))).toBe(true);
    expect(
      await eventually(async () =>
        tagged('consultation').some((line) => line.includes(created.id)) ? true : undefined,
      ),
    ).toBe(true);

    // Over HTTP the gateway adopts the caller's id and echoes it.
    const response = await getJson<PageJson>(gateway('/v1/hospitals?limit=1'), token, {
      'x-correlation-id': correlationId,
    });
    expect(response.headers.get('x-correlation-id')).toBe(correlationId);
  });

  it('refuses to start with bad configuration and names every bad variable', () => {
    const env: Record<string, string> = {
      ...platform.env('payments'),
      KAFKA_BROKERS: 'no-port-here',
      HTTP_PORT: '70000',
    };
    delete env['DATABASE_URL'];
    const result = spawnSync(
      process.execPath,
      [join(__dirname, '..', 'apps', 'payments', 'dist', 'main.js')],
      {
        env,
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('payments: invalid configuration');
    expect(result.stderr).toContain('DATABASE_URL is missing');
    expect(result.stderr).toContain('KAFKA_BROKERS');
    expect(result.stderr).toContain('HTTP_PORT');
  });

  describe('bad input', () => {
    it('rejects unknown, repeated and malformed query parameters with problem+json', async () => {
      const unknown = await getJson<ProblemJson>(gateway('/v1/hospitals?cty=Hangzhou'), token);
      expect(unknown.status).toBe(400);
      expect(unknown.headers.get('content-type')).toContain('application/problem+json');
      expect(unknown.body).toMatchObject({
        status: 400,
        code: 'REQUEST.INVALID_QUERY',
        title: 'Invalid request',
      });
      expect(unknown.body.errors?.[0]?.field).toBe('cty');

      const badLimit = await getJson<ProblemJson>(gateway('/v1/hospitals?limit=1000'), token);
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.errors?.[0]?.field).toBe('limit');

      const badDepartment = await getJson<ProblemJson>(
        gateway('/v1/hospitals?department=Cardiology!'),
        token,
      );
      expect(badDepartment.status).toBe(400);

      const repeated = await getJson<ProblemJson>(gateway('/v1/hospitals?city=A&city=B'), token);
      expect(repeated.status).toBe(400);
      expect(repeated.body.errors?.[0]).toMatchObject({
        field: 'city',
        description: 'must be given once',
      });

      const badCursor = await getJson<ProblemJson>(gateway('/v1/hospitals?cursor=garbage'), token);
      expect(badCursor.status).toBe(400);
      expect(badCursor.body.code).toBe('PAGINATION.INVALID_CURSOR');
    });

    it('requires a valid bearer token and answers 401 problem+json', async () => {
      const none = await getJson<ProblemJson>(gateway('/v1/hospitals'));
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('AUTH.INVALID_TOKEN');
      const wrong = await getJson<ProblemJson>(gateway('/v1/hospitals'), 'not-a-real-token');
      expect(wrong.status).toBe(401);
      const badSecret = await fetch(gateway('/oauth/token'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: 'nobody',
          client_secret: 'nothing',
        }),
      });
      expect(badSecret.status).toBe(401);
      expect(((await badSecret.json()) as ProblemJson).code).toBe('AUTH.INVALID_CLIENT');
    });

    it('answers 404 problem+json for unknown hospitals and routes', async () => {
      const missing = await getJson<ProblemJson>(
        gateway('/v1/hospitals/0190aaaa-0000-7000-8000-000000000000'),
        token,
      );
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('HOSPITAL.NOT_FOUND');
      const route = await getJson<ProblemJson>(gateway('/v1/nothing-here'), token);
      expect(route.status).toBe(404);
      expect(route.headers.get('content-type')).toContain('application/problem+json');
    });

    it('rejects an invalid registration over gRPC with field violations and stores nothing', async () => {
      const request = registration({
        regionCode: '33',
        departments: [{ code: 'astrology', localName: '星象科' }],
      });
      let failure: ServiceError | undefined;
      try {
        await directory().call.registerHospital(request);
      } catch (error) {
        failure = error as ServiceError;
      }
      expect(failure?.code).toBe(GrpcStatus.INVALID_ARGUMENT);
      const details = decodeStatusDetails(failure?.metadata);
      expect(details.reason).toBe('HOSPITAL.INVALID_REQUEST');
      expect(details.violations.map((v) => v.field).sort()).toEqual([
        'departments.0.code',
        'regionCode',
      ]);
      const search = await getJson<PageJson>(gateway(`/v1/hospitals?limit=100`), token);
      expect(search.body.data.some((h) => h.code === request.code)).toBe(false);
    });
  });
});
