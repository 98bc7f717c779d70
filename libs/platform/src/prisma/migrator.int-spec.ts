import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { MigrationError, applyMigrations } from './migrator';

// libs/testing depends on this library, so the few helpers needed here are local.
const url =
  process.env['TEST_MIGRATOR_DATABASE_URL'] ??
  'postgresql://meridian:meridian@127.0.0.1:5432/meridian_payments_test';

async function recreate(schema: string, create: boolean): Promise<void> {
  if (!new URL(url).pathname.includes('test'))
    throw new Error('refusing to touch a database whose name lacks "test"');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    if (create) await client.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await client.end();
  }
}

function migrationsFolder(migrations: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  for (const [name, sql] of Object.entries(migrations)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

async function query<T extends object>(schema: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${schema}"`);
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe(applyMigrations.name, () => {
  const schema = `migrator_it_${process.pid}`;

  beforeEach(() => recreate(schema, true));
  afterAll(() => recreate(schema, false));

  it('applies pending migrations in order and records them as Prisma Migrate does', async () => {
    const dir = migrationsFolder({
      '20260101000000_first': 'CREATE TABLE a (id int PRIMARY KEY);',
      '20260102000000_second': 'ALTER TABLE a ADD COLUMN b text;',
    });
    const result = await applyMigrations({ connectionString: url, schema, migrationsDir: dir });
    expect(result.applied).toEqual(['20260101000000_first', '20260102000000_second']);
    const history = await query<{
      migration_name: string;
      checksum: string;
      applied_steps_count: number;
    }>(
      schema,
      'SELECT migration_name, checksum, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(history.map((h) => h.migration_name)).toEqual(result.applied);
    expect(history[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(history[0]?.applied_steps_count).toBe(1);
    const again = await applyMigrations({ connectionString: url, schema, migrationsDir: dir });
    expect(again).toEqual({ applied: [], alreadyApplied: result.applied });
  });

  it('applies once when several replicas start together', async () => {
    const dir = migrationsFolder({
      '20260101000000_first': 'CREATE TABLE a (id int PRIMARY KEY);',
    });
    const results = await Promise.all(
      [1, 2, 3].map(() => applyMigrations({ connectionString: url, schema, migrationsDir: dir })),
    );
    expect(results.flatMap((r) => r.applied)).toEqual(['20260101000000_first']);
  });

  it('refuses to start when an applied migration was edited', async () => {
    const dir = migrationsFolder({
      '20260101000000_first': 'CREATE TABLE a (id int PRIMARY KEY);',
    });
    await applyMigrations({ connectionString: url, schema, migrationsDir: dir });
    writeFileSync(
      join(dir, '20260101000000_first', 'migration.sql'),
      'CREATE TABLE a (id bigint PRIMARY KEY);',
    );
    await expect(
      applyMigrations({ connectionString: url, schema, migrationsDir: dir }),
    ).rejects.toThrow(/was modified after it was applied/);
  });

  it('rolls back a failing migration completely and records nothing', async () => {
    const dir = migrationsFolder({
      '20260101000000_first': 'CREATE TABLE a (id int PRIMARY KEY);',
      '20260102000000_broken': 'CREATE TABLE b (id int); INSERT INTO nowhere VALUES (1);',
    });
    await expect(
      applyMigrations({ connectionString: url, schema, migrationsDir: dir }),
    ).rejects.toThrow(MigrationError);
    const tables = await query<{ table_name: string }>(
      schema,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(['_prisma_migrations', 'a']);
    const history = await query<{ migration_name: string }>(
      schema,
      'SELECT migration_name FROM _prisma_migrations',
    );
    expect(history.map((h) => h.migration_name)).toEqual(['20260101000000_first']);
  });
});
