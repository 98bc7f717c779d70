import { createHash } from 'node:crypto';

import { invalidArgument } from '../errors/domain-error';

interface CursorBody {
  /** Sort key of the last item returned. */
  readonly a: string;
  /** Fingerprint of the filters the cursor was issued for. */
  readonly f: string;
}

/** A short fingerprint of the filters of a listing, so a cursor cannot be replayed against other filters. */
export function filterFingerprint(filters: Readonly<Record<string, unknown>>): string {
  const canonical = JSON.stringify(
    Object.keys(filters)
      .sort()
      .map((k) => [k, filters[k] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 12);
}

/** Opaque, URL-safe cursor pointing after `after` in a listing with `filters`. */
export function encodeCursor(after: string, filters: Readonly<Record<string, unknown>>): string {
  const body: CursorBody = { a: after, f: filterFingerprint(filters) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/**
 * The sort key a cursor points after, or undefined for the first page. A cursor that is corrupt or was
 * issued for other filters is rejected with INVALID_ARGUMENT on `field`.
 */
export function decodeCursor(
  cursor: string | undefined,
  filters: Readonly<Record<string, unknown>>,
  field: string,
): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const reject = (description: string) =>
    invalidArgument('PAGINATION.INVALID_CURSOR', [{ field, description }]);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw reject('is not a cursor issued by this API');
  }
  const candidate = body as Partial<CursorBody> | null;
  if (typeof candidate?.a !== 'string' || typeof candidate.f !== 'string') {
    throw reject('is not a cursor issued by this API');
  }
  if (candidate.f !== filterFingerprint(filters)) {
    throw reject('was issued for different filters; start again without a cursor');
  }
  return candidate.a;
}

/** One page of a keyset listing, with the cursor of the next page when there is one. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor?: string;
}

/**
 * Cuts `rows` — fetched with a limit of `pageSize + 1`, so the extra row tells whether another page
 * exists without a count query — to one page, and issues the cursor after its last item.
 */
export function pageOf<T>(
  rows: readonly T[],
  pageSize: number,
  filters: Readonly<Record<string, unknown>>,
  keyOf: (row: T) => string,
): Page<T> {
  const items = rows.slice(0, pageSize);
  const last = items[items.length - 1];
  return rows.length > pageSize && last !== undefined
    ? { items, nextCursor: encodeCursor(keyOf(last), filters) }
    : { items };
}
