import { Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { Metadata } from '@grpc/grpc-js';
import { Observable } from 'rxjs';

import { CORRELATION_HEADER, normaliseCorrelationId, runWithContext } from './correlation';

interface HttpRequestLike {
  readonly id?: unknown;
  readonly headers: Record<string, string | string[] | undefined>;
}

function correlationIdOf(context: ExecutionContext): string {
  switch (context.getType()) {
    case 'http': {
      const request = context.switchToHttp().getRequest<HttpRequestLike>();
      // The HTTP logger already chose (and echoed) the id; reuse it so both log the same one.
      return normaliseCorrelationId(request.id ?? request.headers[CORRELATION_HEADER]);
    }
    case 'rpc': {
      const metadata = context.switchToRpc().getContext<unknown>();
      const value = metadata instanceof Metadata ? metadata.get(CORRELATION_HEADER)[0] : undefined;
      return normaliseCorrelationId(typeof value === 'string' ? value : undefined);
    }
    case 'ws':
      return normaliseCorrelationId(undefined);
  }
}

/**
 * Makes the caller's correlation id (HTTP header or gRPC metadata) the current context for the whole
 * handler, so that logs, outgoing gRPC calls and outbox events carry it.
 */
@Injectable()
export class CorrelationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const correlationId = correlationIdOf(context);
    return new Observable((subscriber) =>
      runWithContext({ correlationId }, () => next.handle().subscribe(subscriber)),
    );
  }
}
