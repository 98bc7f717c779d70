import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';

import { DomainError, invalidArgument } from './domain-error';
import type { ErrorKind } from './domain-error';
import { ERROR_KINDS, GRPC_TO_HTTP } from './error-table';
import { toGrpcError } from './grpc-exception.filter';
import { STATUS_DETAILS_KEY, decodeStatusDetails } from './grpc-status-details';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';

const silentLogger = { error: jest.fn() };

/** What a gRPC client sees after the server's filter turned `error` into a status. */
function asReceived(error: unknown): ServiceError {
  const response = toGrpcError(error, silentLogger);
  return Object.assign(new Error(`${response.code} ${response.details}`), {
    code: response.code,
    details: response.details,
    metadata: response.metadata,
  });
}

describe('domain error → gRPC status → problem+json', () => {
  const kinds = Object.keys(ERROR_KINDS) as ErrorKind[];

  it.each(kinds)('keeps %s consistent across the three layers', (kind) => {
    const error = new DomainError(kind, 'TEST.SOMETHING', 'something happened');
    const received = asReceived(error);
    expect(received.code).toBe(ERROR_KINDS[kind].grpc);
    const { problem } = toProblem(received, '/v1/things');
    // The HTTP status chosen from the gRPC status equals the one chosen from the kind directly.
    expect(problem.status).toBe(ERROR_KINDS[kind].http);
    expect(problem.code).toBe('TEST.SOMETHING');
    expect(problem.type).toBe('urn:meridian:problem:test.something');
    expect(problem.instance).toBe('/v1/things');
  });

  it('maps every gRPC status code to an HTTP status', () => {
    const codes = Object.values(GrpcStatus).filter((v): v is GrpcStatus => typeof v === 'number');
    expect(codes).toHaveLength(17);
    for (const code of codes) expect(GRPC_TO_HTTP[code].http).toBeGreaterThanOrEqual(200);
  });

  it('carries field violations end to end', () => {
    const error = invalidArgument('HOSPITAL.INVALID_REQUEST', [
      { field: 'city', description: 'is required' },
      { field: 'departments.0.code', description: 'is not in the standard department taxonomy' },
    ]);
    const received = asReceived(error);
    expect(received.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    const details = decodeStatusDetails(received.metadata);
    expect(details.reason).toBe('HOSPITAL.INVALID_REQUEST');
    expect(details.domain).toBe('meridian.health');
    expect(details.violations).toEqual([
      { field: 'city', description: 'is required' },
      { field: 'departments.0.code', description: 'is not in the standard department taxonomy' },
    ]);
    const { problem } = toProblem(received);
    expect(problem.status).toBe(400);
    expect(problem.errors).toHaveLength(2);
  });

  it('carries retry advice as RetryInfo and Retry-After seconds', () => {
    const error = new DomainError('RESOURCE_EXHAUSTED', 'AUTH.RATE_LIMITED', 'slow down', {
      retryAfterMs: 1_500,
    });
    const received = asReceived(error);
    expect(decodeStatusDetails(received.metadata).retryAfterMs).toBe(1_500);
    expect(toProblem(received).problem.retryAfterSeconds).toBe(2);
  });

  it('hides unexpected errors behind an error id that is logged', () => {
    const logger = { error: jest.fn() };
    const response = toGrpcError(
      new TypeError('secret internals: cannot read x of undefined'),
      logger,
    );
    expect(response.code).toBe(GrpcStatus.INTERNAL);
    expect(response.details).not.toContain('secret internals');
    const errorId = /error id (\S+)\)/.exec(response.details)?.[1];
    expect(errorId).toBeDefined();
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ errorId }),
      expect.any(String),
    );
    const received = Object.assign(new Error('x'), {
      code: response.code,
      details: response.details,
      metadata: response.metadata,
    });
    const { problem, unexpected } = toProblem(received);
    expect(problem.status).toBe(500);
    expect(problem.errorId).toBe(errorId);
    expect(problem.detail).toBeUndefined();
    expect(unexpected).toBeDefined();
  });

  it('does not expose upstream messages for transport failures', () => {
    const unavailable = Object.assign(
      new Error('14 UNAVAILABLE: connect ECONNREFUSED 10.0.0.7:50103'),
      {
        code: GrpcStatus.UNAVAILABLE,
        details: 'connect ECONNREFUSED 10.0.0.7:50103',
        metadata: new Metadata(),
      },
    );
    const { problem } = toProblem(unavailable);
    expect(problem.status).toBe(503);
    expect(problem.code).toBe('UPSTREAM.UNAVAILABLE');
    expect(JSON.stringify(problem)).not.toContain('10.0.0.7');
  });

  it('tolerates corrupt status details', () => {
    const metadata = new Metadata();
    metadata.set(STATUS_DETAILS_KEY, Buffer.from([0xff, 0xff, 0xff]));
    expect(decodeStatusDetails(metadata)).toEqual({ metadata: {}, violations: [] });
  });

  it('maps anything else to an opaque 500 problem', () => {
    const { problem } = toProblem('a string was thrown');
    expect(problem).toMatchObject({ status: 500, code: 'PLATFORM.INTERNAL' });
    expect(PROBLEM_CONTENT_TYPE).toBe('application/problem+json');
  });

  it('rejects malformed error codes at construction', () => {
    expect(() => new DomainError('NOT_FOUND', 'not-a-code', 'x')).toThrow(
      /Invalid domain error code/,
    );
  });
});
