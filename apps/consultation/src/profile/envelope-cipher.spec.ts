import { DecryptionError, Keyring, KeyringError, RecordCipher } from './envelope-cipher';

const keyA = Buffer.alloc(32, 7).toString('base64');
const keyB = Buffer.alloc(32, 9).toString('base64');

describe('Keyring', () => {
  it('parses ids and base64 keys and knows the active one', () => {
    const keyring = Keyring.parse(`a:${keyA}, b:${keyB}`, 'b');
    expect(keyring.keyIds).toEqual(['a', 'b']);
    expect(keyring.activeKeyId).toBe('b');
    expect(keyring.has('a')).toBe(true);
    expect(keyring.has('c')).toBe(false);
  });

  it.each([
    ['', 'a', /empty/],
    [`a:${keyA}`, 'b', /active key "b" is not in the keyring/],
    [`a${keyA}`, 'a', /<id>:<base64 key>/],
    [`a:${keyA},a:${keyB}`, 'a', /appears twice/],
    [`a:${Buffer.alloc(16).toString('base64')}`, 'a', /must be 32 bytes, got 16/],
    ['a:not base64!', 'a', /not base64/],
    [`bad id:${keyA}`, 'bad id', /not a valid key id/],
  ])('rejects %j with active %j', (spec, active, message) => {
    expect(() => Keyring.parse(spec, active)).toThrow(KeyringError);
    expect(() => Keyring.parse(spec, active)).toThrow(message);
  });

  it('names a missing key when data needs it', () => {
    expect(() => Keyring.parse(`a:${keyA}`, 'a').key('old')).toThrow(
      /key "old" is not in the keyring/,
    );
  });
});

describe('RecordCipher', () => {
  const keyring = Keyring.parse(`a:${keyA},b:${keyB}`, 'a');

  it('round-trips each field and never leaves plaintext in the sealed value', () => {
    const { cipher, key } = RecordCipher.create(keyring, 'partner/p1');
    const allergies = [{ system: 'local', code: '', display: 'penicillin 青霉素' }];
    const sealed = cipher.sealField('allergies', allergies);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('penicillin');
    expect(Buffer.from(sealed.slice(3), 'base64').toString('utf8')).not.toContain('penicillin');
    expect(key.keyId).toBe('a');
    const reopened = RecordCipher.open(keyring, 'partner/p1', key);
    expect(reopened.openField('allergies', sealed)).toEqual(allergies);
  });

  it('uses a fresh data key and IV every time', () => {
    const first = RecordCipher.create(keyring, 'partner/p1');
    const second = RecordCipher.create(keyring, 'partner/p1');
    expect(first.key.wrapped).not.toBe(second.key.wrapped);
    expect(first.cipher.sealField('sex', 'FEMALE')).not.toBe(
      first.cipher.sealField('sex', 'FEMALE'),
    );
  });

  it('refuses a field moved to another field or another patient', () => {
    const { cipher, key } = RecordCipher.create(keyring, 'partner/p1');
    const sealed = cipher.sealField('chronicConditions', ['diabetes']);
    expect(() =>
      RecordCipher.open(keyring, 'partner/p1', key).openField('allergies', sealed),
    ).toThrow(DecryptionError);
    // The wrapped data key is bound to its patient too.
    expect(() => RecordCipher.open(keyring, 'partner/p2', key)).toThrow(DecryptionError);
  });

  it('detects tampering with a sealed value', () => {
    const { cipher, key } = RecordCipher.create(keyring, 'partner/p1');
    const sealed = cipher.sealField('heightCm', 172);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    const tampered = `v1.${raw.toString('base64')}`;
    const reopened = RecordCipher.open(keyring, 'partner/p1', key);
    expect(() => reopened.openField('heightCm', tampered)).toThrow(DecryptionError);
    expect(() => reopened.openField('heightCm', 'v2.AAAA')).toThrow(/unknown sealed value format/);
    expect(() => reopened.openField('heightCm', 'v1.AAAA')).toThrow(/truncated/);
  });

  it('rewraps a data key under the new active key without touching the fields', () => {
    const { cipher, key } = RecordCipher.create(keyring, 'partner/p1');
    const sealed = cipher.sealField('weightKg', 61.5);
    const rotated = Keyring.parse(`a:${keyA},b:${keyB}`, 'b');
    const rewrapped = RecordCipher.rewrap(rotated, 'partner/p1', key);
    expect(rewrapped.keyId).toBe('b');
    // Once rewrapped, the old key is no longer needed to read.
    const withoutA = Keyring.parse(`b:${keyB}`, 'b');
    expect(RecordCipher.open(withoutA, 'partner/p1', rewrapped).openField('weightKg', sealed)).toBe(
      61.5,
    );
    expect(() => RecordCipher.open(withoutA, 'partner/p1', key)).toThrow(KeyringError);
  });
});
