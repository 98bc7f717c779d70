import { generateToken, hashSecret, tokenDigest, verifySecret } from './secrets';

describe('client secrets', () => {
  it('verifies the right secret and rejects a wrong one', async () => {
    const stored = await hashSecret('correct horse battery staple');
    expect(stored.startsWith('scrypt$')).toBe(true);
    expect(stored).not.toContain('correct horse');
    await expect(verifySecret('correct horse battery staple', stored)).resolves.toBe(true);
    await expect(verifySecret('correct horse battery stapler', stored)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashSecret('same')).not.toBe(await hashSecret('same'));
  });

  it('treats malformed stored hashes as a mismatch', async () => {
    await expect(verifySecret('x', 'plain-text')).resolves.toBe(false);
  });

  it('makes distinct tokens and stable digests', () => {
    const a = generateToken();
    expect(a).not.toBe(generateToken());
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenDigest(a)).toBe(tokenDigest(a));
    expect(tokenDigest(a)).not.toBe(a);
  });
});
