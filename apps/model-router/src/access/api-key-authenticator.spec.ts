import { DomainError, tokenDigest } from '@meridian/platform';

import { bearerToken, newApiKey } from './api-key';
import type { ApiKey } from './api-key';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import type { ApiKeysRepository } from './api-keys.repository';

class KeysInMemory implements Pick<ApiKeysRepository, 'findActive'> {
  readonly keys = new Map<string, ApiKey>();
  reads = 0;

  findActive(digest: string): Promise<ApiKey | undefined> {
    this.reads++;
    const key = this.keys.get(digest);
    return Promise.resolve(key?.revokedAt === null ? key : undefined);
  }
}

function setup(cacheMs: number) {
  const repository = new KeysInMemory();
  const { key, digest, shown } = newApiKey();
  const stored: ApiKey = {
    id: '0193a8f0-0000-7000-8000-000000000001',
    partnerId: 'acme',
    name: 'app',
    shown,
    createdAt: new Date(0),
    revokedAt: null,
  };
  repository.keys.set(digest, stored);
  const authenticator = new ApiKeyAuthenticator(
    repository as unknown as ApiKeysRepository,
    cacheMs,
  );
  return { repository, key, digest, stored, authenticator };
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof DomainError ? [error.kind, error.code] : error),
  );

describe(ApiKeyAuthenticator.name, () => {
  it('maps a valid bearer key to its partner, and stores only a digest of it', async () => {
    const { key, digest, authenticator } = setup(0);
    expect(digest).toBe(tokenDigest(key));
    expect(digest).not.toContain(key.slice(4));
    await expect(authenticator.authenticate(`Bearer ${key}`)).resolves.toEqual({
      partnerId: 'acme',
      keyId: '0193a8f0-0000-7000-8000-000000000001',
    });
  });

  it('refuses missing, malformed and unknown keys as UNAUTHENTICATED', async () => {
    const { key, authenticator } = setup(0);
    const unauthenticated = ['UNAUTHENTICATED', 'MODEL_ROUTER.INVALID_API_KEY'];
    expect(await rejection(authenticator.authenticate(undefined))).toEqual(unauthenticated);
    expect(await rejection(authenticator.authenticate(key))).toEqual(unauthenticated);
    expect(await rejection(authenticator.authenticate('Bearer mrk_nope'))).toEqual(unauthenticated);
  });

  it('trusts a valid key for the cache time only, so a revocation takes effect after it', async () => {
    const { repository, key, digest, stored, authenticator } = setup(1_000);
    await authenticator.authenticate(`Bearer ${key}`, 0);
    repository.keys.set(digest, { ...stored, revokedAt: new Date(1) });
    await expect(authenticator.authenticate(`Bearer ${key}`, 999)).resolves.toMatchObject({
      partnerId: 'acme',
    });
    expect(repository.reads).toBe(1);
    expect(await rejection(authenticator.authenticate(`Bearer ${key}`, 1_000))).toEqual([
      'UNAUTHENTICATED',
      'MODEL_ROUTER.INVALID_API_KEY',
    ]);
  });
});

describe(bearerToken.name, () => {
  it('reads the token of a Bearer header, whatever the scheme case', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
  });
});
