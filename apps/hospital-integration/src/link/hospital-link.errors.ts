import type { status as GrpcStatus } from '@grpc/grpc-js';
import { DomainError } from '@meridian/platform';

/** How a call to a hospital ended, when it did not succeed. */
export type LinkFailureKind =
  /** The hospital answered with a refusal (FAILED_PRECONDITION, NOT_FOUND, INVALID_ARGUMENT…). */
  | 'refused'
  /** The hospital could not be reached or said it is down; nothing is known to have happened. */
  | 'unavailable'
  /** No answer within the deadline: the command may or may not have been carried out. */
  | 'timeout'
  /** The hospital's bulkhead is full: rejected before calling. */
  | 'busy'
  /** The hospital's circuit is open: rejected before calling. */
  | 'circuit-open'
  /** No HospitalLink route covers the hospital. */
  | 'not-configured';

/** A failed HospitalLink call, with what the hospital said (ErrorInfo reason) when it said anything. */
export class HospitalLinkError extends Error {
  constructor(
    readonly kind: LinkFailureKind,
    readonly hospitalCode: string,
    message: string,
    readonly grpcCode?: GrpcStatus,
    /** ErrorInfo.reason in the hospital-link domain, e.g. SLOT_TAKEN. */
    readonly reason?: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'HospitalLinkError';
  }

  /** True when the outcome at the hospital is unknown (it may have done what was asked). */
  get ambiguous(): boolean {
    return this.kind === 'timeout';
  }
}

export const LinkErrorCode = {
  busy: 'HOSPITAL.LINK_BUSY',
  circuitOpen: 'HOSPITAL.LINK_CIRCUIT_OPEN',
  unavailable: 'HOSPITAL.UNAVAILABLE',
  timeout: 'HOSPITAL.TIMEOUT',
  notConfigured: 'HOSPITAL.LINK_NOT_CONFIGURED',
  rejected: 'HOSPITAL.REJECTED',
} as const;

/**
 * A link failure as the platform's callers see it. Refusals are translated by the caller, which
 * knows what the command meant; this covers the transport outcomes.
 */
export function linkFailureToDomainError(error: HospitalLinkError): DomainError {
  const metadata = {
    hospitalCode: error.hospitalCode,
    ...(error.reason ? { reason: error.reason } : {}),
  };
  const retry = error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs };
  switch (error.kind) {
    case 'busy':
      return new DomainError(
        'UNAVAILABLE',
        LinkErrorCode.busy,
        'The hospital is answering as many requests as it can; retry shortly',
        { metadata, ...retry },
      );
    case 'circuit-open':
      return new DomainError(
        'UNAVAILABLE',
        LinkErrorCode.circuitOpen,
        'The hospital is not answering; retry later',
        { metadata, ...retry },
      );
    case 'unavailable':
      return new DomainError(
        'UNAVAILABLE',
        LinkErrorCode.unavailable,
        'The hospital system is unavailable',
        { metadata, retryAfterMs: 1_000 },
      );
    case 'timeout':
      return new DomainError(
        'DEADLINE_EXCEEDED',
        LinkErrorCode.timeout,
        'The hospital system did not answer in time',
        { metadata },
      );
    case 'not-configured':
      return new DomainError(
        'FAILED_PRECONDITION',
        LinkErrorCode.notConfigured,
        'This hospital does not take bookings through the platform',
        { metadata },
      );
    case 'refused':
      return new DomainError(
        'FAILED_PRECONDITION',
        LinkErrorCode.rejected,
        `The hospital refused: ${error.message}`,
        { metadata },
      );
  }
}
