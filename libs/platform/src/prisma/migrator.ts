import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export interface MigrationOptions {
  readonly connectionString: string;
  /** PostgreSQL schema the service's tables live in. */
  readonly schema: string;
  /** A Prisma migrations folder: `<timestamp>_<name>/migration.sql`. */
  readonly migrationsDir: string;
  readonly log?: (message: string) => void;
}

export interface MigrationResult {
  readonly applied: readonly string[];
  readonly alreadyApplied: readonly string[];
}

/** Thrown when the database's migration history and the migration files disagree. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

interface MigrationFile {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

// Same table Prisma Migrate keeps, so `prisma migrate deploy` and this runner are interchangeable.
const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new MigrationError(`Unsafe schema name "${name}"`);
  return `"${name}"`;
}

/** Reads the migrations folder in order; Prisma's checksum is the SHA-256 of the script. */
export function readMigrations(migrationsDir: string): MigrationFile[] {
  if (!existsSync(migrationsDir))
    throw new MigrationError(`Migrations folder not found: ${migrationsDir}`);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && existsSync(join(migrationsDir, entry.name, 'migration.sql')),
    )
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies pending migrations without Prisma's schema engine. Serialised across replicas with an
 * advisory lock; each migration runs in its own transaction together with its history row, so a
 * crash never leaves a half-applied migration recorded as done. Refuses to run when an applied
 * migration was edited or a previous attempt failed.
 */
export async function applyMigrations(options: MigrationOptions): Promise<MigrationResult> {
  const log = options.log ?? (() => undefined);
  const files = readMigrations(options.migrationsDir);
  const schema = quoteIdent(options.schema);
  const client = new Client({ connectionString: options.connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [
      `meridian.migrations.${options.schema}`,
    ]);
    try {
      await client.query(HISTORY_TABLE);
      const { rows } = await client.query<AppliedRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
      );
      const history = new Map(rows.map((row) => [row.migration_name, row]));
      const failed = rows.find((row) => row.finished_at === null);
      if (failed) {
        throw new MigrationError(
          `Migration ${failed.migration_name} failed earlier; resolve it before starting`,
        );
      }
      const applied: string[] = [];
      const alreadyApplied: string[] = [];
      for (const file of files) {
        const done = history.get(file.name);
        if (done) {
          if (done.checksum !== file.checksum) {
            throw new MigrationError(`Migration ${file.name} was modified after it was applied`);
          }
          alreadyApplied.push(file.name);
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(file.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [randomUUID(), file.checksum, file.name],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new MigrationError(
            `Migration ${file.name} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        log(`applied migration ${file.name}`);
        applied.push(file.name);
      }
      return { applied, alreadyApplied };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [
        `meridian.migrations.${options.schema}`,
      ]);
    }
  } finally {
    await client.end();
  }
}
