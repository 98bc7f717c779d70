import { status as GrpcStatus } from '@grpc/grpc-js';

import type { ErrorKind } from './domain-error';

export interface ErrorKindMapping {
  readonly grpc: GrpcStatus;
  readonly http: number;
  readonly title: string;
}

/**
 * The one table from domain error kinds to transport codes. `Record<ErrorKind, …>` makes it
 * exhaustive: adding a kind without a row does not compile.
 */
export const ERROR_KINDS: Readonly<Record<ErrorKind, ErrorKindMapping>> = {
  INVALID_ARGUMENT: { grpc: GrpcStatus.INVALID_ARGUMENT, http: 400, title: 'Invalid request' },
  NOT_FOUND: { grpc: GrpcStatus.NOT_FOUND, http: 404, title: 'Not found' },
  ALREADY_EXISTS: { grpc: GrpcStatus.ALREADY_EXISTS, http: 409, title: 'Already exists' },
  CONFLICT: { grpc: GrpcStatus.ABORTED, http: 409, title: 'Conflict' },
  FAILED_PRECONDITION: {
    grpc: GrpcStatus.FAILED_PRECONDITION,
    http: 422,
    title: 'Precondition failed',
  },
  UNAUTHENTICATED: { grpc: GrpcStatus.UNAUTHENTICATED, http: 401, title: 'Unauthenticated' },
  PERMISSION_DENIED: { grpc: GrpcStatus.PERMISSION_DENIED, http: 403, title: 'Forbidden' },
  RESOURCE_EXHAUSTED: {
    grpc: GrpcStatus.RESOURCE_EXHAUSTED,
    http: 429,
    title: 'Too many requests',
  },
  UNAVAILABLE: { grpc: GrpcStatus.UNAVAILABLE, http: 503, title: 'Service unavailable' },
  DEADLINE_EXCEEDED: { grpc: GrpcStatus.DEADLINE_EXCEEDED, http: 504, title: 'Upstream timed out' },
  UNIMPLEMENTED: { grpc: GrpcStatus.UNIMPLEMENTED, http: 501, title: 'Not implemented' },
  INTERNAL: { grpc: GrpcStatus.INTERNAL, http: 500, title: 'Internal error' },
};

export interface GrpcStatusMapping {
  readonly http: number;
  readonly title: string;
  /** Whether the status text from the upstream may be shown to the caller. */
  readonly exposeMessage: boolean;
}

/**
 * Every gRPC status (including ones no domain raises, e.g. from the transport) to HTTP, for the
 * gateway. Exhaustive over grpc-js's `status` enum.
 */
export const GRPC_TO_HTTP: Readonly<Record<GrpcStatus, GrpcStatusMapping>> = {
  [GrpcStatus.OK]: { http: 200, title: 'OK', exposeMessage: true },
  [GrpcStatus.CANCELLED]: { http: 499, title: 'Request cancelled', exposeMessage: false },
  [GrpcStatus.UNKNOWN]: { http: 500, title: 'Internal error', exposeMessage: false },
  [GrpcStatus.INVALID_ARGUMENT]: { http: 400, title: 'Invalid request', exposeMessage: true },
  [GrpcStatus.DEADLINE_EXCEEDED]: { http: 504, title: 'Upstream timed out', exposeMessage: false },
  [GrpcStatus.NOT_FOUND]: { http: 404, title: 'Not found', exposeMessage: true },
  [GrpcStatus.ALREADY_EXISTS]: { http: 409, title: 'Already exists', exposeMessage: true },
  [GrpcStatus.PERMISSION_DENIED]: { http: 403, title: 'Forbidden', exposeMessage: true },
  [GrpcStatus.RESOURCE_EXHAUSTED]: { http: 429, title: 'Too many requests', exposeMessage: true },
  [GrpcStatus.FAILED_PRECONDITION]: {
    http: 422,
    title: 'Precondition failed',
    exposeMessage: true,
  },
  [GrpcStatus.ABORTED]: { http: 409, title: 'Conflict', exposeMessage: true },
  [GrpcStatus.OUT_OF_RANGE]: { http: 400, title: 'Out of range', exposeMessage: true },
  [GrpcStatus.UNIMPLEMENTED]: { http: 501, title: 'Not implemented', exposeMessage: false },
  [GrpcStatus.INTERNAL]: { http: 500, title: 'Internal error', exposeMessage: false },
  [GrpcStatus.UNAVAILABLE]: { http: 503, title: 'Service unavailable', exposeMessage: false },
  [GrpcStatus.DATA_LOSS]: { http: 500, title: 'Internal error', exposeMessage: false },
  [GrpcStatus.UNAUTHENTICATED]: { http: 401, title: 'Unauthenticated', exposeMessage: true },
};
