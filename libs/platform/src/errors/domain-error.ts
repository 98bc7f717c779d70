/**
 * The kinds of failure a domain can report. Each kind maps to exactly one gRPC status and one HTTP
 * status in `ERROR_KINDS`; services never choose transport codes themselves.
 */
export type ErrorKind =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'CONFLICT'
  | 'FAILED_PRECONDITION'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'UNIMPLEMENTED'
  | 'INTERNAL';

/** One field that failed validation, as in google.rpc.BadRequest.FieldViolation. */
export interface FieldViolation {
  readonly field: string;
  readonly description: string;
}

export interface DomainErrorOptions {
  readonly violations?: readonly FieldViolation[];
  /** Small, non-sensitive facts that help the caller (e.g. the conflicting id). */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/** Stable error codes look like `HOSPITAL.NOT_FOUND`: an upper-case domain, a dot, an upper-case reason. */
const CODE = /^[A-Z][A-Z0-9_]*\.[A-Z][A-Z0-9_]*$/;

/**
 * A failure the domain anticipates. `code` is stable and documented (clients switch on it);
 * `message` is for humans and must not contain PHI or secrets.
 */
export class DomainError extends Error {
  readonly violations: readonly FieldViolation[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (!CODE.test(code)) throw new Error(`Invalid domain error code "${code}"`);
    this.name = 'DomainError';
    this.violations = options.violations ?? [];
    this.metadata = options.metadata ?? {};
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Bad input: names each offending field. */
export function invalidArgument(
  code: string,
  violations: readonly FieldViolation[],
  message?: string,
): DomainError {
  const text = message ?? violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  return new DomainError('INVALID_ARGUMENT', code, text, { violations });
}

export function notFound(
  code: string,
  message: string,
  metadata?: Record<string, string>,
): DomainError {
  return new DomainError('NOT_FOUND', code, message, metadata ? { metadata } : {});
}
