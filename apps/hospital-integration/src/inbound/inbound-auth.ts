import { createHash } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { Injectable, Logger } from '@nestjs/common';

import { InboundErrorCode, unauthenticated } from './inbound.errors';
import { InboundRepository } from './inbound.repository';

/** The hospital behind a call, as proven by its client certificate. */
export interface AuthenticatedHospital {
  readonly hospitalId: string;
  readonly hospitalCode: string;
  /** SHA-256 of the certificate (DER), lower-case hex. */
  readonly fingerprint: string;
}

/** Anything that exposes the verified TLS peer, e.g. a grpc-js server call. */
export interface PeerAuthSource {
  // grpc-js 1.14 `ServerUnaryCall.getAuthContext()`: the certificate is present only when verified.
  getAuthContext(): { readonly sslPeerCertificate?: PeerCertificate } | null;
}

/** SAN URI naming the hospital: `urn:meridian:hospital:<hospital code>`. */
export const HOSPITAL_URI_PREFIX = 'urn:meridian:hospital:';

/** The hospital code a certificate is issued to: its SAN URI, else its subject CN. */
export function hospitalCodeOf(certificate: PeerCertificate): string | undefined {
  const uris = (certificate.subjectaltname ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith(`URI:${HOSPITAL_URI_PREFIX}`))
    .map((entry) => entry.slice(`URI:${HOSPITAL_URI_PREFIX}`.length));
  if (uris.length > 1) return undefined;
  if (uris.length === 1) return uris[0];
  const cn = certificate.subject.CN;
  return typeof cn === 'string' && cn !== '' ? cn : undefined;
}

export function fingerprintOf(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

/**
 * Identifies the hospital of an inbound call from its client certificate. TLS has verified the
 * chain against the hospital CA and the validity dates; here the certificate must name a hospital
 * of the directory and must not be revoked. Certificates are recorded when first seen, so that
 * they can be listed and revoked by fingerprint.
 */
@Injectable()
export class InboundAuthenticator {
  private readonly logger = new Logger(InboundAuthenticator.name);

  constructor(private readonly repository: InboundRepository) {}

  async authenticate(call: PeerAuthSource): Promise<AuthenticatedHospital> {
    const certificate = call.getAuthContext()?.sslPeerCertificate;
    if (!certificate?.raw) {
      throw unauthenticated(
        InboundErrorCode.unauthenticated,
        'A client certificate issued by the Meridian hospital CA is required (mutual TLS); none was presented or it did not verify',
      );
    }
    const fingerprint = fingerprintOf(certificate.raw);
    const code = hospitalCodeOf(certificate);
    const hospitalId =
      code === undefined ? undefined : await this.repository.hospitalIdByCode(code);
    if (code === undefined || hospitalId === undefined) {
      this.logger.warn(
        { fingerprint, code },
        'inbound call with a certificate of no known hospital',
      );
      throw unauthenticated(
        InboundErrorCode.unknownHospital,
        'The client certificate does not name a hospital registered with Meridian',
      );
    }
    const known = await this.repository.findCredential(fingerprint);
    const credential =
      known ??
      (await this.repository.recordCredential({
        fingerprint,
        hospitalId,
        serial: certificate.serialNumber,
        subject: `CN=${code}`,
        notAfter: new Date(certificate.valid_to),
      }));
    if (credential.revokedAt !== undefined) {
      throw unauthenticated(
        InboundErrorCode.credentialRevoked,
        `The client certificate was revoked on ${credential.revokedAt.toISOString()}`,
      );
    }
    if (credential.hospitalId !== hospitalId) {
      // The code was re-assigned to another hospital after the certificate was recorded.
      throw unauthenticated(
        InboundErrorCode.credentialRevoked,
        'The client certificate belongs to another hospital record',
      );
    }
    return { hospitalId, hospitalCode: code, fingerprint };
  }
}
