import { status as GrpcStatus } from '@grpc/grpc-js';

import { uuidv7 } from '../ids/uuidv7';
import type { FieldViolation } from './domain-error';
import { DomainError } from './domain-error';
import { ERROR_KINDS, GRPC_TO_HTTP } from './error-table';
import { decodeStatusDetails, isServiceError } from './grpc-status-details';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem details document, with Meridian's extension members. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  /** Stable machine-readable code, e.g. `HOSPITAL.NOT_FOUND`. */
  readonly code: string;
  /** For 400s: each offending field. */
  readonly errors?: readonly FieldViolation[];
  /** For 5xx: the id under which the details were logged. */
  readonly errorId?: string;
  readonly retryAfterSeconds?: number;
}

/** `type` URIs are URNs: stable identifiers that do not pretend to be dereferenceable. */
export function problemType(code: string): string {
  return `urn:meridian:problem:${code.toLowerCase().replace(/_/g, '-')}`;
}

export interface ProblemResult {
  readonly problem: ProblemDetails;
  /** Set when the cause was unexpected and should be logged with the error id. */
  readonly unexpected?: unknown;
}

/**
 * Maps anything thrown while serving an HTTP request — a domain error raised at the edge or a gRPC
 * error from a service — to problem+json. The one place HTTP status codes are chosen.
 */
export function toProblem(error: unknown, instance?: string): ProblemResult {
  if (error instanceof DomainError) {
    const mapping = ERROR_KINDS[error.kind];
    return {
      problem: {
        type: problemType(error.code),
        title: mapping.title,
        status: mapping.http,
        detail: error.message,
        code: error.code,
        ...(instance ? { instance } : {}),
        ...(error.violations.length > 0 ? { errors: error.violations } : {}),
        ...(error.retryAfterMs === undefined
          ? {}
          : { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) }),
      },
    };
  }
  if (isServiceError(error)) {
    const mapping = GRPC_TO_HTTP[error.code];
    const details = decodeStatusDetails(error.metadata);
    const code = details.reason ?? `UPSTREAM.${GrpcStatus[error.code]}`;
    if (!mapping.exposeMessage || error.code === GrpcStatus.OK) {
      const errorId = details.metadata['errorId'] ?? uuidv7();
      return {
        problem: {
          type: problemType(code),
          title: mapping.title,
          status: mapping.http === 200 ? 500 : mapping.http,
          code,
          errorId,
          ...(instance ? { instance } : {}),
        },
        unexpected: error,
      };
    }
    return {
      problem: {
        type: problemType(code),
        title: mapping.title,
        status: mapping.http,
        detail: error.details,
        code,
        ...(instance ? { instance } : {}),
        ...(details.violations.length > 0 ? { errors: details.violations } : {}),
        ...(details.retryAfterMs === undefined
          ? {}
          : { retryAfterSeconds: Math.ceil(details.retryAfterMs / 1000) }),
      },
    };
  }
  const errorId = uuidv7();
  return {
    problem: {
      type: problemType('PLATFORM.INTERNAL'),
      title: 'Internal error',
      status: 500,
      code: 'PLATFORM.INTERNAL',
      errorId,
      ...(instance ? { instance } : {}),
    },
    unexpected: error,
  };
}
