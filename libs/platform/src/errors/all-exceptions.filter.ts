import { Catch, HttpException, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { throwError } from 'rxjs';

import { DomainError } from './domain-error';
import type { ErrorKind } from './domain-error';
import { toGrpcError } from './grpc-exception.filter';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem-details';

interface ReplyLike {
  status(code: number): ReplyLike;
  header(name: string, value: string): ReplyLike;
  send(payload: string): void;
}

interface RequestLike {
  readonly url?: string;
}

const HTTP_KINDS: Readonly<Record<number, ErrorKind>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'INVALID_ARGUMENT',
  415: 'INVALID_ARGUMENT',
  422: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
};

/** Nest's own HTTP exceptions (unknown route, unsupported body…) become domain errors of the HTTP layer. */
function fromHttpException(exception: HttpException): DomainError {
  const status = exception.getStatus();
  const kind = HTTP_KINDS[status] ?? 'INTERNAL';
  return new DomainError(
    kind,
    `HTTP.${kind}`,
    kind === 'INTERNAL' ? 'Internal error' : exception.message,
  );
}

/**
 * The single exception filter of every service: RFC 9457 problem+json over HTTP, a gRPC status with
 * google.rpc details over gRPC. Unexpected errors are logged with an error id and never leak.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | undefined {
    if (host.getType() === 'rpc') {
      const response = toGrpcError(exception, this.logger);
      return throwError(() => response);
    }
    const http = host.switchToHttp();
    const reply = http.getResponse<ReplyLike>();
    const request = http.getRequest<RequestLike>();
    const error = exception instanceof HttpException ? fromHttpException(exception) : exception;
    const { problem, unexpected } = toProblem(error, request.url?.split('?')[0]);
    if (unexpected !== undefined) {
      this.logger.error(
        { err: unexpected, errorId: problem.errorId },
        'Request failed unexpectedly',
      );
    }
    reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE);
    if (problem.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(problem.retryAfterSeconds));
    reply.send(JSON.stringify(problem));
    return undefined;
  }
}
