import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentials } from '@grpc/grpc-js';
import type { ChannelCredentials } from '@grpc/grpc-js';

/**
 * A simulated hospital's mutual-TLS credentials, as tools/certs.sh lays them out:
 * `<dir>/ca.crt` (to verify Meridian's server) and `<dir>/hospitals/<code>.{crt,key}`.
 * Undefined when the hospital has no certificate yet.
 */
export function hospitalChannelCredentials(
  certDir: string,
  hospitalCode: string,
): ChannelCredentials | undefined {
  const cert = join(certDir, 'hospitals', `${hospitalCode}.crt`);
  const key = join(certDir, 'hospitals', `${hospitalCode}.key`);
  if (!existsSync(cert) || !existsSync(key)) return undefined;
  return credentials.createSsl(
    readFileSync(join(certDir, 'ca.crt')),
    readFileSync(key),
    readFileSync(cert),
  );
}
