import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials } from '@grpc/grpc-js';
import type { ChannelCredentials } from '@grpc/grpc-js';
import { createGrpcClient } from '@meridian/platform';
import type { GrpcClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName } from '@meridian/proto';
import type { hospitalV1 } from '@meridian/proto';

const ROOT = join(__dirname, '..', '..');
const CERTS = join(ROOT, 'tools', 'certs.sh');

/** A CA, a server certificate and hospital client certificates made by tools/certs.sh in a temp dir. */
export class TestCertificates {
  readonly dir: string;

  constructor(label = 'meridian-certs-') {
    this.dir = mkdtempSync(join(tmpdir(), label));
    execFileSync(CERTS, ['init', this.dir], { stdio: 'pipe' });
  }

  issue(...codes: string[]): void {
    execFileSync(CERTS, ['hospital', this.dir, ...codes], { stdio: 'pipe' });
  }

  get serverEnv(): Record<string, string> {
    return {
      INBOUND_TLS_CERT_FILE: join(this.dir, 'server.crt'),
      INBOUND_TLS_KEY_FILE: join(this.dir, 'server.key'),
      INBOUND_TLS_CLIENT_CA_FILE: join(this.dir, 'ca.crt'),
    };
  }

  certFile(code: string): string {
    return join(this.dir, 'hospitals', `${code}.crt`);
  }

  /** Channel credentials of a hospital (mutual TLS), or server-verified TLS only without a code. */
  channel(code?: string, trust: TestCertificates = this): ChannelCredentials {
    const ca = readFileSync(join(trust.dir, 'ca.crt'));
    if (code === undefined) return credentials.createSsl(ca);
    return credentials.createSsl(
      ca,
      readFileSync(join(this.dir, 'hospitals', `${code}.key`)),
      readFileSync(join(this.dir, 'hospitals', `${code}.crt`)),
    );
  }
}

export function hospitalInbound(
  target: string,
  channel: ChannelCredentials,
): GrpcClient<hospitalV1.HospitalInboundClient> {
  return createGrpcClient<hospitalV1.HospitalInboundClient>({
    target,
    protoFiles: PROTO_FILES.hospitalInbound,
    service: grpcServiceName('hospitalInbound'),
    deadlineMs: 10_000,
    credentials: channel,
  });
}
