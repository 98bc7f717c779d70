import { generateToken, tokenDigest } from '@meridian/platform';

/** Every key starts with this, so a leaked key is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = 'mrk_';
/** How much of a key is kept in clear to tell keys apart in listings. */
const SHOWN_CHARS = 12;

/** A partner's key for the OpenAI-compatible endpoint; only its digest is stored. */
export interface ApiKey {
  readonly id: string;
  readonly partnerId: string;
  readonly name: string;
  /** The first characters of the key, for listings. */
  readonly shown: string;
  readonly createdAt: Date;
  readonly revokedAt: Date | null;
}

/** A new key: 256 random bits. The key is printed once; the digest is what is stored. */
export function newApiKey(): {
  readonly key: string;
  readonly digest: string;
  readonly shown: string;
} {
  const key = `${API_KEY_PREFIX}${generateToken(32)}`;
  return { key, digest: tokenDigest(key), shown: key.slice(0, SHOWN_CHARS) };
}

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
