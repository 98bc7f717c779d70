import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  applyMigrations,
  databaseEnv,
  generateToken,
  hashSecret,
  loadConfig,
  prismaAdapter,
  uuidv7,
} from '@meridian/platform';

import { SCOPES } from '../auth/partner-client';
import { PartnerClientsRepository } from '../auth/partner-clients.repository';
import { PrismaClient } from '../generated/prisma/client';

const USAGE = `Usage: create-partner-client --client-id <id> --name <partner> [--secret <secret>] [--scopes "a b"] [--rate-limit <per-minute>]
Creates (or resets) a partner client and prints its credentials. Reads DATABASE_URL and DATABASE_SCHEMA.`;

/** Operator command: registers a partner app. Prints the secret once; only its hash is stored. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'client-id': { type: 'string' },
      name: { type: 'string' },
      secret: { type: 'string' },
      scopes: { type: 'string', default: SCOPES.join(' ') },
      'rate-limit': { type: 'string', default: '600' },
      help: { type: 'boolean', default: false },
    },
  });
  const clientId = values['client-id'];
  const name = values.name;
  const rateLimit = Number(values['rate-limit']);
  if (
    values.help ||
    !clientId ||
    !name ||
    !/^[A-Za-z0-9._-]{3,64}$/.test(clientId) ||
    !Number.isInteger(rateLimit) ||
    rateLimit < 1
  ) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(values.help ? 0 : 2);
  }
  const scopes = values.scopes.split(' ').filter((s) => s.length > 0);
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown scopes: ${unknown.join(', ')}; known: ${SCOPES.join(', ')}\n`);
    process.exit(2);
  }
  const config = loadConfig('create-partner-client', databaseEnv);
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
    const secret = values.secret ?? generateToken(24);
    await new PartnerClientsRepository(prisma).upsert({
      id: uuidv7(),
      clientId,
      partnerName: name,
      secretHash: await hashSecret(secret),
      scopes,
      rateLimitPerMinute: rateLimit,
      status: 'ACTIVE',
    });
    process.stdout.write(
      `${JSON.stringify({ clientId, clientSecret: secret, scopes, rateLimitPerMinute: rateLimit })}\n`,
    );
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `create-partner-client failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
