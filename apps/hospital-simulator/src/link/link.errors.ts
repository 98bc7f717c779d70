import { Catch, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import { STATUS_DETAILS_KEY, encodeStatusDetails } from '@meridian/platform';
import type { Observable } from 'rxjs';
import { throwError } from 'rxjs';

/** google.rpc.ErrorInfo.domain of the HospitalLink contract (see link.proto). */
export const HOSPITAL_LINK_DOMAIN = 'hospital-link';

/** The reasons link.proto documents, plus the simulator's own for malformed calls. */
export type LinkReason =
  | 'SLOT_TAKEN'
  | 'HOLD_EXPIRED'
  | 'SESSION_SUSPENDED'
  | 'PATIENT_BLOCKED'
  | 'PAST_CANCELLATION_CUTOFF'
  | 'FEE_MISMATCH'
  | 'UNKNOWN_HOSPITAL'
  | 'UNKNOWN_SESSION'
  | 'UNKNOWN_SLOT'
  | 'UNKNOWN_HOLD'
  | 'UNKNOWN_APPOINTMENT'
  | 'UNKNOWN_REPORT'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INVALID_REQUEST'
  | 'HIS_UNAVAILABLE';

/** A refusal as a hospital system answers it: a gRPC status with ErrorInfo in the link domain. */
export class HospitalRefusal extends Error {
  constructor(
    readonly status: GrpcStatus,
    readonly reason: LinkReason,
    message: string,
    readonly metadata: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HospitalRefusal';
  }
}

export const refuse = {
  precondition: (reason: LinkReason, message: string, metadata?: Record<string, string>) =>
    new HospitalRefusal(GrpcStatus.FAILED_PRECONDITION, reason, message, metadata),
  notFound: (reason: LinkReason, message: string) =>
    new HospitalRefusal(GrpcStatus.NOT_FOUND, reason, message),
  invalid: (message: string, reason: LinkReason = 'INVALID_REQUEST') =>
    new HospitalRefusal(GrpcStatus.INVALID_ARGUMENT, reason, message),
  unavailable: () =>
    new HospitalRefusal(GrpcStatus.UNAVAILABLE, 'HIS_UNAVAILABLE', 'HIS temporarily unavailable'),
};

/**
 * Answers refusals the way the contract says a hospital does (ErrorInfo in the `hospital-link`
 * domain); anything else falls through to the platform's filter.
 */
@Catch(HospitalRefusal)
export class HospitalRefusalFilter implements ExceptionFilter {
  private readonly logger = new Logger(HospitalRefusalFilter.name);

  catch(exception: HospitalRefusal, _host: ArgumentsHost): Observable<never> {
    this.logger.debug({ reason: exception.reason }, exception.message);
    const metadata = new Metadata();
    metadata.set(
      STATUS_DETAILS_KEY,
      encodeStatusDetails(exception.status, exception.message, {
        reason: exception.reason,
        domain: HOSPITAL_LINK_DOMAIN,
        metadata: exception.metadata,
        violations: [],
      }),
    );
    return throwError(() => ({
      code: exception.status,
      details: exception.message,
      metadata,
    }));
  }
}
