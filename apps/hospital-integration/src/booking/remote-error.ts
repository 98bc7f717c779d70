import { status as GrpcStatus } from '@grpc/grpc-js';
import { decodeStatusDetails, isServiceError } from '@meridian/platform';

import { StepError } from './booking-ports';

// Answers that will not change when asked again; everything else (UNAVAILABLE, DEADLINE_EXCEEDED,
// ABORTED, INTERNAL, ...) may, and the same call with the same idempotency key is tried again.
const REFUSALS = new Set<GrpcStatus>([
  GrpcStatus.INVALID_ARGUMENT,
  GrpcStatus.FAILED_PRECONDITION,
  GrpcStatus.NOT_FOUND,
  GrpcStatus.ALREADY_EXISTS,
  GrpcStatus.PERMISSION_DENIED,
  GrpcStatus.OUT_OF_RANGE,
  GrpcStatus.UNAUTHENTICATED,
]);

/** A failed call to another Meridian service as a saga step error, with its ErrorInfo reason. */
export function toStepError(error: unknown, service: string): StepError {
  if (error instanceof StepError) return error;
  if (!isServiceError(error)) {
    return new StepError('retryable', 'BOOKING.REMOTE_ERROR', `${service}: ${String(error)}`);
  }
  const reason = decodeStatusDetails(error.metadata).reason ?? GrpcStatus[error.code];
  const kind = REFUSALS.has(error.code) ? 'refused' : 'retryable';
  return new StepError(kind, reason, `${service}: ${error.details || error.message}`);
}
