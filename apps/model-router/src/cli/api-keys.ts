import { parseArgs } from 'node:util';
import { uuidv7 } from '@meridian/platform';

import { newApiKey } from '../access/api-key';
import { ApiKeysRepository } from '../access/api-keys.repository';
import { UsageError, runCommand, subjectFrom, withDatabase } from './cli-support';

const USAGE = `Usage:
  api-keys create --partner <id> [--name <label>]   prints the new key once; only its digest is stored
  api-keys revoke --partner <id> --id <key id>
  api-keys list   --partner <id>
Keys authenticate the OpenAI-compatible HTTP endpoint as "Authorization: Bearer <key>" and bill the
partner. Reads DATABASE_URL and DATABASE_SCHEMA. Prints JSON. A revoked key stops working within
API_KEY_CACHE_MS.`;

const KEY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      partner: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('Name a command');
  if (rest.length > 0) throw new UsageError(`Unexpected arguments: ${rest.join(' ')}`);
  if (values.partner === undefined) throw new UsageError('--partner <id> is required');
  const partnerId = subjectFrom({ partner: values.partner }).id;
  switch (command) {
    case 'create': {
      const name = values.name ?? 'default';
      if (name.length < 1 || name.length > 100) {
        throw new UsageError('--name must be 1-100 characters');
      }
      const { key, digest, shown } = newApiKey();
      const created = {
        id: uuidv7(),
        partnerId,
        name,
        shown,
        createdAt: new Date(),
        revokedAt: null,
      };
      await withDatabase('api-keys', (prisma) =>
        new ApiKeysRepository(prisma).insert(created, digest),
      );
      process.stdout.write(`${JSON.stringify({ ...created, key })}\n`);
      return;
    }
    case 'revoke': {
      if (values.id === undefined || !KEY_ID.test(values.id)) {
        throw new UsageError('--id must be the id of a key (a UUID, see "api-keys list")');
      }
      const id = values.id;
      const revoked = await withDatabase('api-keys', (prisma) =>
        new ApiKeysRepository(prisma).revoke(partnerId, id, new Date()),
      );
      if (revoked === undefined) {
        throw new Error(`Partner "${partnerId}" has no key ${id}`);
      }
      process.stdout.write(`${JSON.stringify(revoked)}\n`);
      return;
    }
    case 'list': {
      const keys = await withDatabase('api-keys', (prisma) =>
        new ApiKeysRepository(prisma).list(partnerId),
      );
      process.stdout.write(`${JSON.stringify({ partnerId, keys })}\n`);
      return;
    }
    default:
      throw new UsageError(`Unknown command "${command}"`);
  }
}

runCommand('api-keys', USAGE, main);
