import { DeadLetterHeader } from '@meridian/contracts';
import type { IHeaders } from 'kafkajs';

/** Stable reason codes written to `dlq_error_code`. A handler error with its own `code` keeps that code. */
export const EventErrorCode = {
  /** CloudEvents headers missing or wrong: the record cannot be identified. */
  malformedEnvelope: 'EVENT.MALFORMED_ENVELOPE',
  /** A well-formed event of a type this consumer group has no handler for. */
  unknownType: 'EVENT.UNKNOWN_TYPE',
  /** The value is not JSON or does not satisfy the event's schema. */
  schemaViolation: 'EVENT.SCHEMA_VIOLATION',
  /** The handler kept failing until the attempts ran out. */
  handlerFailed: 'EVENT.HANDLER_FAILED',
} as const;

/** Where a record came from and why it could not be processed. */
export interface DeadLetterInfo {
  readonly originalTopic: string;
  readonly originalPartition: number;
  readonly originalOffset: string;
  readonly consumerGroup: string;
  readonly attempts: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly failedAt: Date;
}

// Enough to diagnose; a stack or a huge validation report does not belong in a header.
const MAX_ERROR_MESSAGE_LENGTH = 1_000;

const DEAD_LETTER_HEADER_NAMES: ReadonlySet<string> = new Set(Object.values(DeadLetterHeader));

/**
 * The headers of a dead-lettered record: the original headers (so the CloudEvent stays intact and can be
 * replayed as is) plus the `dlq_*` headers. Older `dlq_*` values from an earlier dead-lettering are replaced.
 */
export function buildDeadLetterHeaders(
  original: IHeaders | undefined,
  info: DeadLetterInfo,
): IHeaders {
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(original ?? {})) {
    if (value !== undefined && !DEAD_LETTER_HEADER_NAMES.has(name)) headers[name] = value;
  }
  headers[DeadLetterHeader.originalTopic] = info.originalTopic;
  headers[DeadLetterHeader.originalPartition] = String(info.originalPartition);
  headers[DeadLetterHeader.originalOffset] = info.originalOffset;
  headers[DeadLetterHeader.consumerGroup] = info.consumerGroup;
  headers[DeadLetterHeader.attempts] = String(info.attempts);
  headers[DeadLetterHeader.errorCode] = info.errorCode;
  headers[DeadLetterHeader.errorMessage] = truncate(info.errorMessage, MAX_ERROR_MESSAGE_LENGTH);
  headers[DeadLetterHeader.failedAt] = info.failedAt.toISOString();
  return headers;
}

// Domain errors carry codes like `APPOINTMENT.SLOT_TAKEN`; anything else is reported generically.
const ERROR_CODE = /^[A-Z][A-Z0-9_]*(\.[A-Z0-9_]+)+$/;

/** The reason code for a handler failure: the error's own stable `code` if it has one. */
export function errorCodeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code: unknown = error.code;
    if (typeof code === 'string' && ERROR_CODE.test(code)) return code;
  }
  return EventErrorCode.handlerFailed;
}

/** A one-line description of anything thrown. */
export function errorMessageOf(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
