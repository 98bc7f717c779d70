import type { Timestamp } from './generated/google/protobuf/timestamp';

const MS_PER_SECOND = 1000;
const NANOS_PER_MS = 1_000_000;

/** Converts a Date to google.protobuf.Timestamp as proto-loader carries it (seconds as a string). */
export function timestampFromDate(date: Date): Timestamp {
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new RangeError('Invalid Date cannot be converted to a Timestamp');
  }
  // Floor, so that times before 1970 keep nanos in [0, 1e9) as the Timestamp spec requires.
  const seconds = Math.floor(ms / MS_PER_SECOND);
  return { seconds: String(seconds), nanos: (ms - seconds * MS_PER_SECOND) * NANOS_PER_MS };
}

/**
 * Converts a google.protobuf.Timestamp to a Date (millisecond precision, sub-millisecond nanos are
 * truncated). Returns null for an unset (null) timestamp.
 */
export function dateFromTimestamp(timestamp: Timestamp | null): Date | null {
  if (timestamp === null) {
    return null;
  }
  const seconds = Number(timestamp.seconds);
  if (!Number.isSafeInteger(seconds)) {
    throw new RangeError(`Timestamp seconds out of range: ${timestamp.seconds}`);
  }
  return new Date(seconds * MS_PER_SECOND + Math.floor(timestamp.nanos / NANOS_PER_MS));
}
