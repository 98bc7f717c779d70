import { Catch, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { Observable } from 'rxjs';
import { throwError } from 'rxjs';

import { uuidv7 } from '../ids/uuidv7';
import { DomainError } from './domain-error';
import { ERROR_KINDS } from './error-table';
import { STATUS_DETAILS_KEY, encodeStatusDetails } from './grpc-status-details';

/** The error object grpc-js turns into a status on the wire. */
export interface GrpcErrorResponse {
  readonly code: GrpcStatus;
  readonly details: string;
  readonly metadata: Metadata;
}

/**
 * Domain error → gRPC status with google.rpc details. Anything else is a bug: the caller gets an
 * opaque INTERNAL with an error id, the log gets the whole story under the same id.
 */
export function toGrpcError(error: unknown, logger: Pick<Logger, 'error'>): GrpcErrorResponse {
  const metadata = new Metadata();
  if (error instanceof DomainError) {
    const code = ERROR_KINDS[error.kind].grpc;
    metadata.set(
      STATUS_DETAILS_KEY,
      encodeStatusDetails(code, error.message, {
        reason: error.code,
        metadata: error.metadata,
        violations: error.violations,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      }),
    );
    return { code, details: error.message, metadata };
  }
  const errorId = uuidv7();
  logger.error({ err: error, errorId }, 'Unhandled error in gRPC handler');
  const message = `Internal error (error id ${errorId})`;
  metadata.set(
    STATUS_DETAILS_KEY,
    encodeStatusDetails(GrpcStatus.INTERNAL, message, {
      reason: 'PLATFORM.INTERNAL',
      metadata: { errorId },
      violations: [],
    }),
  );
  return { code: GrpcStatus.INTERNAL, details: message, metadata };
}

/** Installed on every gRPC server so that no handler decides transport codes itself. */
@Catch()
export class GrpcExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(GrpcExceptionFilter.name);

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const response = toGrpcError(exception, this.logger);
    return throwError(() => response);
  }
}
