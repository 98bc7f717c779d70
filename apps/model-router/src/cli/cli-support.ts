import { join } from 'node:path';
import { applyMigrations, databaseEnv, loadConfig, prismaAdapter } from '@meridian/platform';

import type { BudgetSubject } from '../budgets/budget-limits';
import { PrismaClient } from '../generated/prisma/client';

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** The database of the service, migrated, for one operator command. */
export async function withDatabase<T>(
  command: string,
  work: (prisma: PrismaClient) => Promise<T>,
): Promise<T> {
  const config = loadConfig(command, databaseEnv);
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
    return await work(prisma);
  } finally {
    await prisma.$disconnect();
  }
}

const SUBJECT_ID = /^[^\s\p{Cc}]{1,100}$/u;

/** `--partner <id>` or `--service <name>`, exactly one. */
export function subjectFrom(values: {
  readonly partner?: string | undefined;
  readonly service?: string | undefined;
}): BudgetSubject {
  const { partner, service } = values;
  if ((partner === undefined) === (service === undefined)) {
    throw new UsageError('Name exactly one of --partner <id> or --service <name>');
  }
  const id = partner ?? service ?? '';
  if (!SUBJECT_ID.test(id)) {
    throw new UsageError('The partner id or service name must be 1-100 characters without spaces');
  }
  return { kind: partner === undefined ? 'service' : 'partner', id };
}

/** Runs an operator command: usage errors exit 2 with the usage, other failures exit 1. */
export function runCommand(name: string, usage: string, main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    // node:util parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes.
    const code = (error as { code?: unknown }).code;
    const parseError = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
    if (error instanceof UsageError || (parseError && error instanceof Error)) {
      process.stderr.write(`${error.message}\n\n${usage}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `${name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
