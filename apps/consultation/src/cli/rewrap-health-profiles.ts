import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import {
  applyMigrations,
  ConfigError,
  databaseEnv,
  loadConfig,
  prismaAdapter,
} from '@meridian/platform';

import { consultationEnv, profileKeyring } from '../config';
import { PrismaClient } from '../generated/prisma/client';
import { HealthProfileRepository } from '../profile/health-profile.repository';
import { HealthProfileService } from '../profile/health-profile.service';

const USAGE = `Usage: rewrap-health-profiles [--batch <n>] [--dry-run]
Wraps every health profile's data key under PROFILE_ENCRYPTION_ACTIVE_KEY, in batches, beside live
traffic. Reads DATABASE_URL, DATABASE_SCHEMA, PROFILE_ENCRYPTION_KEYS (old and new keys) and
PROFILE_ENCRYPTION_ACTIVE_KEY. When it reports 0 remaining, old keys can leave the keyring.`;

/** Operator command for key rotation: no field is decrypted or rewritten, only data keys. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      batch: { type: 'string', default: '200' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  // stdout carries the JSON summary only; progress goes to stderr.
  Logger.overrideLogger(['error']);
  const batch = Number(values.batch);
  if (values.help || !Number.isInteger(batch) || batch < 1 || batch > 10_000) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig('rewrap-health-profiles', {
    ...databaseEnv,
    PROFILE_ENCRYPTION_KEYS: consultationEnv.PROFILE_ENCRYPTION_KEYS,
    PROFILE_ENCRYPTION_ACTIVE_KEY: consultationEnv.PROFILE_ENCRYPTION_ACTIVE_KEY,
  });
  const keyring = profileKeyring(config);
  await applyMigrations({
    connectionString: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
    migrationsDir: join(__dirname, '..', '..', 'prisma', 'migrations'),
  });
  const prisma = new PrismaClient({
    adapter: prismaAdapter({
      url: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      poolMax: 1,
    }),
  });
  try {
    const service = new HealthProfileService(new HealthProfileRepository(prisma), keyring);
    const before = await service.countByKey();
    const missing = Object.keys(before).filter((keyId) => !keyring.has(keyId));
    if (missing.length > 0) {
      throw new ConfigError('rewrap-health-profiles', [
        `PROFILE_ENCRYPTION_KEYS lacks ${missing.join(', ')}, which still wrap stored data keys`,
      ]);
    }
    let rewrapped = 0;
    let remaining = Object.entries(before)
      .filter(([keyId]) => keyId !== keyring.activeKeyId)
      .reduce((sum, [, count]) => sum + count, 0);
    while (!values['dry-run'] && remaining > 0) {
      const result = await service.rewrapBatch(batch);
      rewrapped += result.rewrapped;
      remaining = result.remaining;
      process.stderr.write(`rewrapped ${String(rewrapped)}, ${String(remaining)} remaining\n`);
      // Rows locked by live writes are skipped; they are written under the active key anyway.
      if (result.rewrapped === 0) break;
    }
    process.stdout.write(
      `${JSON.stringify({ activeKeyId: keyring.activeKeyId, before, rewrapped, remaining, after: await service.countByKey() })}\n`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
