import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { applyMigrations } from '@meridian/platform';

import { dropSchema, resetSchema, testDatabaseUrl } from './infra';
import { schemaDrift } from './schema-drift';

/**
 * Applies an app's migrations to a fresh schema of its test database and compares the result with
 * its `schema.prisma`. Resolves to the differences (empty when they agree).
 */
export async function driftAfterMigrations(
  appDir: string,
  service: string,
): Promise<{ applied: readonly string[]; drift: string[] }> {
  const url = testDatabaseUrl(service);
  const schema = `drift_${randomBytes(4).toString('hex')}`;
  await resetSchema(url, schema);
  try {
    const migrationsDir = join(appDir, 'prisma', 'migrations');
    const first = await applyMigrations({ connectionString: url, schema, migrationsDir });
    // Applying again must be a no-op: start-up runs it on every boot.
    const second = await applyMigrations({ connectionString: url, schema, migrationsDir });
    if (second.applied.length > 0) throw new Error(`re-applied ${second.applied.join(', ')}`);
    const drift = await schemaDrift(join(appDir, 'prisma', 'schema.prisma'), url, schema);
    return { applied: first.applied, drift };
  } finally {
    await dropSchema(url, schema);
  }
}
