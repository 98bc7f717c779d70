import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Envelope encryption for health profiles. Every profile version gets a fresh 256-bit data key;
 * each field is sealed separately with AES-256-GCM under that data key, bound (as associated data)
 * to the patient and the field name, so a sealed value cannot be moved to another patient or field
 * without failing authentication. The data key is itself sealed ("wrapped") under a key-encryption
 * key named by id. Rotating keys means wrapping data keys again under the new key encryption key;
 * field ciphertexts never need rewriting.
 */

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
/** Prefix of every sealed value, so the format can change later without guessing. */
const FORMAT = 'v1';

export const KEY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export class KeyringError extends Error {
  override readonly name = 'KeyringError';
}

/** Raised when a ciphertext does not authenticate: wrong key, wrong binding or tampering. */
export class DecryptionError extends Error {
  override readonly name = 'DecryptionError';
}

/** Key-encryption keys by id, and the one new data keys are wrapped under. */
export class Keyring {
  private readonly keys: ReadonlyMap<string, Buffer>;

  constructor(
    keys: ReadonlyMap<string, Buffer>,
    readonly activeKeyId: string,
  ) {
    for (const [id, key] of keys) {
      if (!KEY_ID_PATTERN.test(id)) throw new KeyringError(`key id "${id}" is not a valid key id`);
      if (key.length !== KEY_BYTES) {
        throw new KeyringError(
          `key "${id}" must be ${String(KEY_BYTES)} bytes, got ${String(key.length)}`,
        );
      }
    }
    if (!keys.has(activeKeyId)) {
      throw new KeyringError(`the active key "${activeKeyId}" is not in the keyring`);
    }
    this.keys = keys;
  }

  /**
   * Parses `id:base64key,id:base64key`. Each key must decode to exactly 32 bytes
   * (e.g. `openssl rand -base64 32`).
   */
  static parse(spec: string, activeKeyId: string): Keyring {
    const keys = new Map<string, Buffer>();
    for (const entry of spec
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)) {
      const separator = entry.indexOf(':');
      if (separator <= 0) throw new KeyringError('each key must be written as <id>:<base64 key>');
      const id = entry.slice(0, separator);
      const encoded = entry.slice(separator + 1);
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) {
        throw new KeyringError(`key "${id}" is not base64`);
      }
      if (keys.has(id)) throw new KeyringError(`key id "${id}" appears twice`);
      keys.set(id, Buffer.from(encoded, 'base64'));
    }
    if (keys.size === 0) throw new KeyringError('the keyring is empty');
    return new Keyring(keys, activeKeyId);
  }

  get keyIds(): readonly string[] {
    return [...this.keys.keys()];
  }

  has(keyId: string): boolean {
    return this.keys.has(keyId);
  }

  key(keyId: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key) {
      throw new KeyringError(
        `key "${keyId}" is not in the keyring; it is still needed to read data`,
      );
    }
    return key;
  }
}

function seal(key: Buffer, plaintext: Buffer, associatedData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return `${FORMAT}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

function open(key: Buffer, sealed: string, associatedData: string): Buffer {
  const [format, payload] = sealed.split('.', 2);
  if (format !== FORMAT || payload === undefined) {
    throw new DecryptionError(`unknown sealed value format "${format ?? ''}"`);
  }
  const raw = Buffer.from(payload, 'base64');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new DecryptionError('sealed value is truncated');
  const decipher = createDecipheriv(ALGORITHM, key, raw.subarray(0, IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch (error) {
    throw new DecryptionError('sealed value failed authentication', { cause: error });
  }
}

/** A data key wrapped under a key-encryption key. */
export interface WrappedKey {
  readonly keyId: string;
  readonly wrapped: string;
}

/** Seals and opens the fields of one record (one subject) under one data key. */
export class RecordCipher {
  private constructor(
    private readonly dataKey: Buffer,
    private readonly subject: string,
  ) {}

  /** A fresh data key for a new record version, wrapped under the keyring's active key. */
  static create(keyring: Keyring, subject: string): { cipher: RecordCipher; key: WrappedKey } {
    const dataKey = randomBytes(KEY_BYTES);
    const keyId = keyring.activeKeyId;
    const wrapped = seal(keyring.key(keyId), dataKey, wrapBinding(subject, keyId));
    return { cipher: new RecordCipher(dataKey, subject), key: { keyId, wrapped } };
  }

  static open(keyring: Keyring, subject: string, key: WrappedKey): RecordCipher {
    const dataKey = open(keyring.key(key.keyId), key.wrapped, wrapBinding(subject, key.keyId));
    return new RecordCipher(dataKey, subject);
  }

  /** Wraps the data key of a record again under the active key (rotation); fields stay as they are. */
  static rewrap(keyring: Keyring, subject: string, key: WrappedKey): WrappedKey {
    const dataKey = open(keyring.key(key.keyId), key.wrapped, wrapBinding(subject, key.keyId));
    const keyId = keyring.activeKeyId;
    return { keyId, wrapped: seal(keyring.key(keyId), dataKey, wrapBinding(subject, keyId)) };
  }

  sealField(field: string, value: unknown): string {
    return seal(
      this.dataKey,
      Buffer.from(JSON.stringify(value), 'utf8'),
      fieldBinding(this.subject, field),
    );
  }

  openField(field: string, sealed: string): unknown {
    return JSON.parse(
      open(this.dataKey, sealed, fieldBinding(this.subject, field)).toString('utf8'),
    );
  }
}

function wrapBinding(subject: string, keyId: string): string {
  return `meridian/data-key/${keyId}/${subject}`;
}

function fieldBinding(subject: string, field: string): string {
  return `meridian/field/${field}/${subject}`;
}
