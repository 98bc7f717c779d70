import { readFileSync } from 'node:fs';
import { Metadata, ServerCredentials, ServerInterceptingCall, status } from '@grpc/grpc-js';
import type { ServerInterceptor } from '@grpc/grpc-js';
import { grpcServiceName } from '@meridian/proto';
import { ConfigError } from '@meridian/platform';

import type { InboundServerConfig } from '../config';
import { SERVICE_NAME } from '../config';

/**
 * Mutual TLS for the hospital side. The server asks every client for a certificate and verifies it
 * against the hospital CA, but does not end the handshake when there is none or it fails: the call
 * then carries no verified certificate and is refused with UNAUTHENTICATED and a reason, which a
 * hospital integrator can act on (a dropped handshake only shows up as UNAVAILABLE).
 * (`ServerCredentials.createSsl(..., true)` would drop the handshake.)
 */
class MutualTlsServerCredentials extends ServerCredentials {
  constructor(ca: Buffer, cert: Buffer, key: Buffer) {
    super(
      { requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' },
      { ca, cert, key },
    );
  }

  _equals(other: ServerCredentials): boolean {
    return other === this;
  }

  override _getInterceptors(): ServerInterceptor[] {
    return [onlyHospitalInbound];
  }
}

const INBOUND_PATH_PREFIX = `/${grpcServiceName('hospitalInbound')}/`;

// The protos the hospital side loads import others (appointments.proto defines the platform's
// Appointments service); the hospital port must never serve anything but HospitalInbound.
const onlyHospitalInbound: ServerInterceptor = (method, call) => {
  if (method.path.startsWith(INBOUND_PATH_PREFIX)) return new ServerInterceptingCall(call);
  const refusing: ServerInterceptingCall = new ServerInterceptingCall(call, {
    start: (next) => {
      next({
        onReceiveMetadata: () => {
          refusing.sendStatus({
            code: status.UNIMPLEMENTED,
            details: `${method.path} is not served on the hospital port`,
            metadata: new Metadata(),
          });
        },
      });
    },
  });
  return refusing;
};

function readPem(variable: string, file: string): Buffer {
  try {
    const pem = readFileSync(file);
    if (!pem.toString('utf8').includes('-----BEGIN ')) throw new Error('not a PEM file');
    return pem;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(SERVICE_NAME, [`${variable} (${file}) cannot be read: ${reason}`]);
  }
}

/** Server credentials of the hospital side, from the PEM files named in the config. */
export function inboundServerCredentials(config: InboundServerConfig): ServerCredentials {
  return new MutualTlsServerCredentials(
    readPem('INBOUND_TLS_CLIENT_CA_FILE', config.clientCaFile),
    readPem('INBOUND_TLS_CERT_FILE', config.certFile),
    readPem('INBOUND_TLS_KEY_FILE', config.keyFile),
  );
}
