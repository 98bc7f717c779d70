// Bookings per second and latency of the booking saga, from the booking request to the
// `meridian.hospital.booking.confirmed.v1` event, with hospital-integration, hospital-simulator,
// insurance-certificates and payments running from dist on this machine (sandbox payment channel
// paying by itself after --pay-delay-ms).
//
//   npx tsc -b tsconfig.build.json && node bench/booking.mjs [--bookings 200] [--concurrency 8]
//       [--pay-delay-ms 100] [--hospitals 8] [--port-base 18500]
//
// Needs PostgreSQL, Redis and Kafka (tools/infra.sh). Each service gets a fresh schema in its `_test`
// database (dropped at the end) and the run its own Kafka namespace. Slots come from the simulated
// hospitals' schedules (HospitalLink.GetSchedule), stored in hospital-integration's schedule tables
// as a schedule pull would. Every booking is insured (placeholder rule) and pays its share.
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { createGrpcClient } from '@meridian/platform';
import {
  PROTO_FILES,
  dateFromTimestamp,
  grpcServiceName,
  timestampFromDate,
} from '@meridian/proto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    bookings: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    'pay-delay-ms': { type: 'string', default: '100' },
    hospitals: { type: 'string', default: '8' },
    'port-base': { type: 'string', default: '18500' },
    'log-level': { type: 'string', default: 'warn' },
  },
});
const TOTAL = Number(values.bookings);
const CONCURRENCY = Number(values.concurrency);
const base = Number(values['port-base']);
const PG = process.env.BENCH_PG_URL_BASE ?? 'postgresql://meridian:meridian@127.0.0.1:5432';
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BROKERS = process.env.BENCH_KAFKA_BROKERS ?? '127.0.0.1:9092';
const SCHEMA = `bench_${randomBytes(4).toString('hex')}`;
const NAMESPACE = `bench.b${randomBytes(3).toString('hex')}.`;
const SIM = `B${randomBytes(2).toString('hex').toUpperCase()}`;
const LOG_DIR = join(root, '.infra', 'logs', 'bench');
mkdirSync(LOG_DIR, { recursive: true });

const log = (message) => console.log(`[booking-bench] ${message}`);
const database = (service) => `${PG}/meridian_${service.replace(/-/g, '_')}_test`;

const SERVICES = {
  payments: { http: base + 5, grpc: base + 105, db: true },
  'insurance-certificates': { http: base + 4, grpc: base + 104, db: true },
  'hospital-integration': { http: base + 3, grpc: base + 103, db: true },
  'hospital-simulator': { http: base + 6, grpc: base + 106, db: false },
};
const grpcTarget = (service) => `127.0.0.1:${SERVICES[service].grpc}`;

function envOf(service) {
  const spec = SERVICES[service];
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    TZ: 'UTC',
    LOG_LEVEL: values['log-level'],
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(spec.http),
    GRPC_HOST: '127.0.0.1',
    GRPC_PORT: String(spec.grpc),
    ...(spec.db
      ? { DATABASE_URL: database(service), DATABASE_SCHEMA: SCHEMA, DATABASE_POOL_MAX: '10' }
      : {}),
    REDIS_URL: REDIS,
    KAFKA_BROKERS: BROKERS,
    KAFKA_NAMESPACE: NAMESPACE,
    OUTBOX_POLL_INTERVAL_MS: '250',
    CONSUMER_SESSION_TIMEOUT_MS: '10000',
    HOSPITAL_INTEGRATION_GRPC_URL: grpcTarget('hospital-integration'),
    PAYMENTS_GRPC_URL: grpcTarget('payments'),
    SETTLEMENT_GRPC_URL: grpcTarget('insurance-certificates'),
    HOSPITAL_LINK_ROUTES: `${SIM}-=${grpcTarget('hospital-simulator')}`,
    SIMULATOR_ID: SIM,
    SIMULATOR_HOSPITALS: values.hospitals,
    SANDBOX_CONFIRM_DELAY_MS: values['pay-delay-ms'],
    PAYMENT_WORKER_POLL_MS: '250',
    BOOKING_REQUEST_WAIT_MS: '30000',
  };
}

const children = [];
async function start(service) {
  const logFile = join(LOG_DIR, `${SCHEMA}-${service}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, [join(root, 'apps', service, 'dist', 'main.js')], {
    env: envOf(service),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  children.push(child);
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${service} exited (${child.exitCode}); see ${logFile}`);
    try {
      const response = await fetch(`http://127.0.0.1:${SERVICES[service].http}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${service} not ready; see ${logFile}`);
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function openSlots(db, link, needed) {
  const found = [];
  const hospitals = Number(values.hospitals);
  const start = new Date(Date.now() + 86_400_000);
  for (let n = 1; n <= hospitals && found.length < needed; n++) {
    const code = `${SIM}-${String(n).padStart(4, '0')}`;
    let hospitalId;
    for (let i = 0; i < 300 && !hospitalId; i++) {
      hospitalId = (await db.query('SELECT id FROM hospitals WHERE code = $1', [code])).rows[0]?.id;
      if (!hospitalId) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!hospitalId) throw new Error(`hospital ${code} never registered`);
    const schedule = await link.call.getSchedule(
      {
        departmentCode: '',
        doctorCode: '',
        windowStart: timestampFromDate(start),
        windowEnd: timestampFromDate(new Date(start.getTime() + 14 * 86_400_000)),
        pageSize: 500,
        pageToken: '',
      },
      { metadata: { 'x-hospital-code': code } },
    );
    for (const session of schedule.sessions) {
      if (session.status !== 'SESSION_STATUS_OPEN') continue;
      const sessionId = randomUUID();
      const now = new Date();
      await db.query(
        `INSERT INTO schedule_sessions (id, hospital_id, session_code, department_code, department_local_code,
           department_local_name, doctor_code, doctor_name, doctor_title, visit_type, start_time, end_time, fee_fen,
           status, status_reason, total_slots, source_as_of, synced_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,'OPEN','',$14,$15,$15,$15)`,
        [
          sessionId,
          hospitalId,
          session.sessionCode,
          session.departmentCode,
          session.departmentLocalCode,
          session.departmentLocalName,
          session.doctorCode,
          session.doctorName,
          session.doctorTitle.replace(/^DOCTOR_TITLE_/, ''),
          session.visitType.replace(/^VISIT_TYPE_/, ''),
          dateFromTimestamp(session.startTime),
          dateFromTimestamp(session.endTime),
          session.fee?.amountFen ?? '0',
          session.slots.length,
          now,
        ],
      );
      for (const slot of session.slots) {
        if (slot.status !== 'SLOT_STATUS_AVAILABLE') continue;
        const slotId = randomUUID();
        await db.query(
          `INSERT INTO schedule_slots (id, session_id, hospital_id, department_code, slot_code, start_time, end_time,
             hospital_status, status_as_of, version, updated_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,'AVAILABLE',$8,1,$8)`,
          [
            slotId,
            sessionId,
            hospitalId,
            session.departmentCode,
            slot.slotCode,
            dateFromTimestamp(slot.startTime),
            dateFromTimestamp(slot.endTime),
            now,
          ],
        );
        found.push(slotId);
        if (found.length >= needed) return found;
      }
    }
  }
  return found;
}

async function main() {
  log(
    `${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  log(
    `${TOTAL} bookings, ${CONCURRENCY} at a time, sandbox pays after ${values['pay-delay-ms']} ms`,
  );
  await Promise.all(['payments', 'insurance-certificates', 'hospital-integration'].map(start));
  await start('hospital-simulator');
  const db = new pg.Client({ connectionString: database('hospital-integration') });
  await db.connect();
  await db.query(`SET search_path TO "${SCHEMA}"`);
  const link = createGrpcClient({
    target: grpcTarget('hospital-simulator'),
    protoFiles: PROTO_FILES.hospitalLink,
    service: grpcServiceName('hospitalLink'),
    deadlineMs: 10_000,
  });
  const bookings = createGrpcClient({
    target: grpcTarget('hospital-integration'),
    protoFiles: PROTO_FILES.bookings,
    service: grpcServiceName('bookings'),
    deadlineMs: 60_000,
  });
  const slots = await openSlots(db, link, TOTAL + 10);
  if (slots.length < TOTAL)
    throw new Error(`only ${slots.length} open slots for ${TOTAL} bookings`);
  log(`${slots.length} open slots stored`);

  // The outcome events, as any consumer of the appointments stream sees them.
  const kafka = new Kafka({
    clientId: 'booking-bench',
    brokers: BROKERS.split(','),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer({ groupId: `${NAMESPACE}bench`, sessionTimeout: 10_000 });
  const waiting = new Map();
  const outcomes = new Map();
  await consumer.connect();
  await consumer.subscribe({
    topic: `${NAMESPACE}meridian.hospital.appointments.v1`,
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const type = String(message.headers?.ce_type ?? '');
      const key = message.key?.toString() ?? '';
      const at = performance.now();
      outcomes.set(key, { type, at });
      waiting.get(key)?.({ type, at });
    },
  });

  const run = async (slotIds) => {
    const results = [];
    let next = 0;
    const worker = async () => {
      while (next < slotIds.length) {
        const slotId = slotIds[next++];
        const started = performance.now();
        const booking = await bookings.call.startBooking({
          idempotencyKey: `bench-${randomUUID()}`,
          patient: { partnerId: 'bench', patientId: `bench-${randomUUID().slice(0, 8)}` },
          slotId,
          visitor: {
            name: '测试',
            documentType: 'IDENTITY_DOCUMENT_TYPE_RESIDENT_ID_CARD',
            documentNumber: '11010519491231002X',
            sex: 'SEX_MALE',
            birthDate: null,
            phone: '',
          },
          certificateId: `cert-${randomUUID().slice(0, 8)}`,
          paymentChannel: 'PAYMENT_CHANNEL_SANDBOX',
          paymentReturnUrl: '',
          consultationId: '',
        });
        const answered = performance.now();
        const key = booking.appointment.id;
        const outcome =
          outcomes.get(key) ??
          (await new Promise((resolve, reject) => {
            const timer = setTimeout(
              () => reject(new Error(`no outcome for ${key} in 120 s`)),
              120_000,
            );
            waiting.set(key, (o) => {
              clearTimeout(timer);
              resolve(o);
            });
          }));
        waiting.delete(key);
        results.push({ started, answered, outcome });
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    return { results, seconds: (performance.now() - t0) / 1000 };
  };

  // Warm-up: connections, consumer group, JIT.
  const warm = Math.min(10, Math.floor(TOTAL / 10));
  await run(slots.slice(0, warm));
  const { results, seconds } = await run(slots.slice(warm, warm + TOTAL - warm));
  const confirmed = results.filter(
    (r) => r.outcome.type === 'meridian.hospital.booking.confirmed.v1',
  );
  const toConfirmed = confirmed.map((r) => r.outcome.at - r.started).sort((a, b) => a - b);
  const toPayable = results.map((r) => r.answered - r.started).sort((a, b) => a - b);
  log(`measured ${results.length} bookings (after ${warm} warm-up) in ${seconds.toFixed(1)} s`);
  log(`confirmed ${confirmed.length}, other outcomes ${results.length - confirmed.length}`);
  log(
    `throughput: ${(results.length / seconds).toFixed(1)} bookings/s (request to confirmed event, ${CONCURRENCY} concurrent)`,
  );
  log(
    `request -> confirmed event: p50 ${percentile(toConfirmed, 50).toFixed(0)} ms, p99 ${percentile(toConfirmed, 99).toFixed(0)} ms, max ${toConfirmed.at(-1).toFixed(0)} ms`,
  );
  log(
    `StartBooking answered (patient can pay): p50 ${percentile(toPayable, 50).toFixed(0)} ms, p99 ${percentile(toPayable, 99).toFixed(0)} ms`,
  );
  log(`(includes the sandbox payer's ${values['pay-delay-ms']} ms)`);
  await consumer.disconnect();
  bookings.close();
  link.close();
  await db.end();
}

async function cleanup() {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  for (const service of ['payments', 'insurance-certificates', 'hospital-integration']) {
    const client = new pg.Client({ connectionString: database(service) });
    await client.connect();
    await client
      .query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`)
      .catch((error) => log(`drop ${service}: ${error.message}`));
    await client.end();
  }
}

try {
  await main();
} catch (error) {
  log(`failed: ${error.stack ?? error}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
