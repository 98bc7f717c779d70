import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Where the infrastructure started by `tools/infra.sh` listens; overridable for other setups. */
export const testInfra = {
  postgresHost: process.env['TEST_PG_HOST'] ?? '127.0.0.1',
  postgresPort: Number(process.env['TEST_PG_PORT'] ?? 5432),
  redisUrl: process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  kafkaBrokers: (process.env['TEST_KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(','),
} as const;

/** The `_test` twin of a service's database, e.g. `meridian_consultation_test`. */
export function testDatabaseUrl(service: string): string {
  const database = `meridian_${service.replace(/-/g, '_')}_test`;
  return `postgresql://meridian:meridian@${testInfra.postgresHost}:${testInfra.postgresPort}/${database}`;
}

/** A fresh namespace (topic and group prefix, schema suffix) so test runs never see each other's data. */
export function uniqueNamespace(prefix = 'test'): string {
  return `${prefix}.${randomBytes(4).toString('hex')}.`;
}

function databaseName(connectionString: string): string {
  return new URL(connectionString).pathname.replace(/^\//, '');
}

/** Refuses any database whose name does not say it is for tests. */
export function assertTestDatabase(connectionString: string): void {
  const name = databaseName(connectionString);
  if (!name.includes('test')) {
    throw new Error(
      `Refusing to touch database "${name}": test helpers only work on databases named *test*`,
    );
  }
}

/** Drops and recreates a schema in a test database. */
export async function resetSchema(connectionString: string, schema: string): Promise<void> {
  assertTestDatabase(connectionString);
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Unsafe schema name ${schema}`);
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await client.end();
  }
}

/** Drops a schema in a test database (cleanup). */
export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  assertTestDatabase(connectionString);
  const client = new Client({ connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 15_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(
    `Condition not met within ${timeoutMs} ms${lastError instanceof Error ? `: ${lastError.message}` : ''}`,
  );
}
