import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HospitalRegistered } from '@meridian/contracts';
import {
  OutboxWriter,
  RedisService,
  applyMigrations,
  databaseEnv,
  loadConfig,
  prismaAdapter,
  redisEnv,
  uuidv7,
} from '@meridian/platform';

import { DirectoryCache } from '../directory/directory.cache';
import { DirectoryRepository } from '../directory/directory.repository';
import type { Hospital } from '../directory/hospital';
import { resolveDepartments, toSnapshot } from '../directory/hospital';
import { PrismaClient } from '../generated/prisma/client';
import { SERVICE_NAME } from '../config';
import { generateDirectory } from './directory-generator';
import type { GeneratedHospital } from './directory-generator';

const USAGE = `Usage: seed-directory [--hospitals 2000] [--doctors 50000] [--seed meridian] [--code-prefix GEN-] [--batch 100]
Generates a realistic directory straight into hospital-integration's database, in batches: hospitals
with their departments and a meridian.hospital.registered.v1 outbox event each (so read models fill
up once the service's relay runs), and doctors. Deterministic per seed and counts; rerunning changes
nothing. Reads DATABASE_URL, DATABASE_SCHEMA and REDIS_URL (the directory cache is invalidated at the end).`;

interface Options {
  readonly hospitals: number;
  readonly doctors: number;
  readonly seed: string;
  readonly codePrefix: string;
  readonly batch: number;
}

function parseOptions(): Options {
  const { values } = parseArgs({
    options: {
      hospitals: { type: 'string', default: '2000' },
      doctors: { type: 'string', default: '50000' },
      seed: { type: 'string', default: 'meridian' },
      'code-prefix': { type: 'string', default: 'GEN-' },
      batch: { type: 'string', default: '100' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const problems: string[] = [];
  const integer = (name: string, raw: string, min: number, max: number): number => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`--${name} must be an integer from ${min} to ${max}, got '${raw}'`);
    }
    return value;
  };
  const options = {
    hospitals: integer('hospitals', values.hospitals, 1, 100_000),
    doctors: integer('doctors', values.doctors, 0, 2_000_000),
    seed: values.seed,
    codePrefix: values['code-prefix'],
    batch: integer('batch', values.batch, 1, 1_000),
  };
  if (!/^[A-Za-z0-9._-]{1,20}$/.test(options.codePrefix)) {
    problems.push(`--code-prefix must be 1–20 letters, digits, ".", "_" or "-"`);
  }
  if (options.seed.length === 0 || options.seed.length > 100) {
    problems.push('--seed must be 1–100 characters');
  }
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n\n${USAGE}\n`);
    process.exit(2);
  }
  return options;
}

function toHospital(generated: GeneratedHospital, now: Date): Hospital {
  return {
    ...generated.registration,
    ...resolveDepartments(generated.registration.departments),
    id: uuidv7(),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

class Progress {
  private readonly started = Date.now();
  private readonly tty = process.stderr.isTTY;
  hospitals = 0;
  newHospitals = 0;
  doctors = 0;
  changedDoctors = 0;

  constructor(private readonly options: Options) {}

  report(final = false): void {
    const seconds = (Date.now() - this.started) / 1000;
    const line =
      `[seed-directory] hospitals ${this.hospitals}/${this.options.hospitals} (${this.newHospitals} new), ` +
      `doctors ${this.doctors}/${this.options.doctors} (${this.changedDoctors} new or changed), ` +
      `${seconds.toFixed(1)} s, ${Math.round((this.hospitals + this.doctors) / Math.max(seconds, 0.001))} rows/s`;
    process.stderr.write(this.tty && !final ? `\r${line}` : `${line}\n`);
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  const config = loadConfig('seed-directory', { ...databaseEnv, ...redisEnv });
  await applyMigrations({
    connectionString: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    migrationsDir: join(__dirname, '..', '..', 'prisma', 'migrations'),
  });
  const prisma = new PrismaClient({
    adapter: prismaAdapter({
      url: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      poolMax: 2,
    }),
  });
  const redis = new RedisService({ url: config.REDIS_URL, keyPrefix: `${SERVICE_NAME}:` });
  const repository = new DirectoryRepository(prisma);
  const outbox = new OutboxWriter({ schema: config.DATABASE_SCHEMA });
  const progress = new Progress(options);
  const changedDoctorIds: string[] = [];
  const changedHospitalIds: string[] = [];
  try {
    await redis.onModuleInit();
    let batch: GeneratedHospital[] = [];
    const flush = async () => {
      const now = new Date();
      const hospitals = batch.map((generated) => toHospital(generated, now));
      // One transaction per batch: hospitals, their departments, their events and their doctors
      // commit together, so an interrupted run leaves whole batches and a rerun completes it.
      await repository.transaction(
        async (tx) => {
          const inserted = await repository.insertMissing(tx, hospitals);
          for (const hospital of hospitals) {
            if (!inserted.has(hospital.id)) continue;
            await outbox.append(tx, HospitalRegistered, toSnapshot(hospital), {
              key: hospital.id,
              subject: hospital.id,
            });
            changedHospitalIds.push(hospital.id);
          }
          const ids = await repository.hospitalIdsByCode(
            tx,
            batch.map((b) => b.registration.code),
          );
          const doctors = batch.flatMap((generated) => {
            const hospitalId = ids.get(generated.registration.code);
            if (!hospitalId) throw new Error(`hospital ${generated.registration.code} vanished`);
            return generated.doctors.map((doctor) => ({ ...doctor, id: uuidv7(), hospitalId }));
          });
          const result = await repository.upsertDoctors(tx, doctors, now);
          changedDoctorIds.push(...result.changedDoctorIds);
          progress.changedDoctors += result.inserted + result.updated;
          progress.doctors += doctors.length;
          progress.newHospitals += inserted.size;
        },
        { timeoutMs: 120_000 },
      );
      progress.hospitals += batch.length;
      progress.report();
      batch = [];
    };
    for (const generated of generateDirectory(options)) {
      batch.push(generated);
      if (batch.length >= options.batch) await flush();
    }
    if (batch.length > 0) await flush();
    const cache = new DirectoryCache(redis, config.DATABASE_SCHEMA);
    await cache.invalidateHospitals(changedHospitalIds);
    for (let i = 0; i < changedDoctorIds.length; i += 1_000) {
      await cache.invalidateDoctors(changedDoctorIds.slice(i, i + 1_000));
    }
    progress.report(true);
  } finally {
    await prisma.$disconnect();
    await redis.onApplicationShutdown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `\nseed-directory failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
