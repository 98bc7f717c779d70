import type { PeerCertificate } from 'node:tls';

import { InboundAuthenticator, fingerprintOf, hospitalCodeOf } from './inbound-auth';
import type { InboundRepository, StoredCredential } from './inbound.repository';

function certificate(overrides: Partial<PeerCertificate>): PeerCertificate {
  return {
    raw: Buffer.from('der'),
    subject: { CN: 'CN-CODE' },
    serialNumber: '01',
    valid_to: 'Nov 25 00:00:00 2030 GMT',
    ...overrides,
  } as PeerCertificate;
}

describe('hospitalCodeOf', () => {
  it('takes the SAN URI, else the CN, and refuses two hospital URIs', () => {
    expect(
      hospitalCodeOf(certificate({ subjectaltname: 'URI:urn:meridian:hospital:H-1, DNS:x' })),
    ).toBe('H-1');
    expect(hospitalCodeOf(certificate({ subjectaltname: '' }))).toBe('CN-CODE');
    expect(
      hospitalCodeOf(
        certificate({ subjectaltname: 'URI:urn:meridian:hospital:A, URI:urn:meridian:hospital:B' }),
      ),
    ).toBeUndefined();
  });
});

describe(InboundAuthenticator.name, () => {
  const credentials = new Map<string, StoredCredential>();
  const repository = {
    hospitalIdByCode: async (code: string) => (code === 'H-1' ? 'hospital-1' : undefined),
    findCredential: async (fp: string) => credentials.get(fp),
    recordCredential: async (c: StoredCredential) => {
      const stored = { ...c, createdAt: new Date() };
      credentials.set(c.fingerprint, stored);
      return stored;
    },
  } as unknown as InboundRepository;
  const auth = new InboundAuthenticator(repository);
  const call = (cert?: PeerCertificate) => ({
    getAuthContext: () => (cert ? { sslPeerCertificate: cert } : {}),
  });
  const valid = certificate({ subjectaltname: 'URI:urn:meridian:hospital:H-1' });

  it('identifies the hospital of a verified certificate and records the certificate', async () => {
    await expect(auth.authenticate(call(valid))).resolves.toEqual({
      hospitalId: 'hospital-1',
      hospitalCode: 'H-1',
      fingerprint: fingerprintOf(Buffer.from('der')),
    });
    expect(credentials.get(fingerprintOf(Buffer.from('der')))).toMatchObject({
      hospitalId: 'hospital-1',
      serial: '01',
    });
  });

  it('refuses calls without a verified certificate or naming no hospital', async () => {
    await expect(auth.authenticate(call())).rejects.toMatchObject({
      kind: 'UNAUTHENTICATED',
      code: 'INBOUND.UNAUTHENTICATED',
    });
    await expect(auth.authenticate({ getAuthContext: () => null })).rejects.toMatchObject({
      kind: 'UNAUTHENTICATED',
    });
    await expect(
      auth.authenticate(
        call(
          certificate({
            raw: Buffer.from('other'),
            subjectaltname: 'URI:urn:meridian:hospital:NOPE',
          }),
        ),
      ),
    ).rejects.toMatchObject({ code: 'INBOUND.UNKNOWN_HOSPITAL' });
  });

  it('refuses a revoked certificate', async () => {
    const fp = fingerprintOf(Buffer.from('der'));
    credentials.set(fp, {
      ...(credentials.get(fp) as StoredCredential),
      revokedAt: new Date('2026-11-25T00:00:00Z'),
    });
    await expect(auth.authenticate(call(valid))).rejects.toMatchObject({
      code: 'INBOUND.CREDENTIAL_REVOKED',
    });
  });
});
