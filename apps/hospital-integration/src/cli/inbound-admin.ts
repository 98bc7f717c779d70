import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { prismaAdapter } from '@meridian/platform';

import { PrismaClient } from '../generated/prisma/client';
import { HOSPITAL_URI_PREFIX } from '../inbound/inbound-auth';
import { InboundRepository } from '../inbound/inbound.repository';

const USAGE = `Administration of HospitalInbound (reads DATABASE_URL and DATABASE_SCHEMA).
  inbound-admin credentials list <HOSPITAL_CODE>
  inbound-admin credentials revoke <FINGERPRINT | CERT_FILE> [--reason TEXT]
  inbound-admin rejected list [--hospital HOSPITAL_CODE] [--limit N]`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(index, 2);
  return value;
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

async function hospitalId(repository: InboundRepository, code: string): Promise<string> {
  const id = await repository.hospitalIdByCode(code);
  if (id === undefined) throw new UsageError(`no hospital with code ${code}`);
  return id;
}

/** Reads a certificate file: its fingerprint and the hospital code it names. */
function certificateFile(file: string) {
  const certificate = new X509Certificate(readFileSync(file));
  const uri = (certificate.subjectAltName ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .find((entry) => entry.startsWith(`URI:${HOSPITAL_URI_PREFIX}`));
  const code = uri?.slice(`URI:${HOSPITAL_URI_PREFIX}`.length);
  if (!code)
    throw new UsageError(`${file} names no hospital (SAN URI ${HOSPITAL_URI_PREFIX}<code>)`);
  return {
    fingerprint: certificate.fingerprint256.replaceAll(':', '').toLowerCase(),
    code,
    serial: certificate.serialNumber,
    notAfter: new Date(certificate.validTo),
  };
}

async function run(args: string[], repository: InboundRepository): Promise<void> {
  const [area, action, ...rest] = args;
  if (area === 'credentials' && action === 'list' && rest.length === 1) {
    const id = await hospitalId(repository, rest[0] ?? '');
    for (const credential of await repository.credentialsOf(id)) print(credential);
    return;
  }
  if (area === 'credentials' && action === 'revoke') {
    const reason = option(rest, '--reason') ?? 'revoked by an operator';
    const [target] = rest;
    if (rest.length !== 1 || target === undefined)
      throw new UsageError('revoke takes one fingerprint or certificate file');
    let fingerprint = target.toLowerCase();
    if (existsSync(target)) {
      const cert = certificateFile(target);
      fingerprint = cert.fingerprint;
      // Recorded now if the hospital never used it, so that it can never be used.
      await repository.recordCredential({
        fingerprint,
        hospitalId: await hospitalId(repository, cert.code),
        serial: cert.serial,
        subject: `CN=${cert.code}`,
        notAfter: cert.notAfter,
      });
    } else if (!/^[0-9a-f]{64}$/.test(fingerprint)) {
      throw new UsageError(`${target} is neither a certificate file nor a SHA-256 fingerprint`);
    }
    const known = await repository.findCredential(fingerprint);
    if (!known)
      throw new UsageError(`no credential ${fingerprint}; pass the certificate file instead`);
    const revoked = await repository.revokeCredential(fingerprint, reason, new Date());
    print({ fingerprint, hospitalId: known.hospitalId, revoked, alreadyRevoked: !revoked });
    return;
  }
  if (area === 'rejected' && action === 'list') {
    const code = option(rest, '--hospital');
    const limitText = option(rest, '--limit') ?? '50';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new UsageError('--limit must be an integer from 1 to 1000');
    }
    if (rest.length > 0) throw new UsageError(`unexpected ${rest.join(' ')}`);
    const id = code === undefined ? undefined : await hospitalId(repository, code);
    for (const message of await repository.listRejected({
      ...(id ? { hospitalId: id } : {}),
      limit,
    })) {
      print(message);
    }
    return;
  }
  throw new UsageError('unknown command');
}

async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new UsageError('DATABASE_URL is missing');
  const prisma = new PrismaClient({
    adapter: prismaAdapter({ url, schema: process.env['DATABASE_SCHEMA'] ?? 'public', poolMax: 2 }),
  });
  try {
    await run(process.argv.slice(2), new InboundRepository(prisma));
  } finally {
    await prisma.$disconnect();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`inbound-admin: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `inbound-admin failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
