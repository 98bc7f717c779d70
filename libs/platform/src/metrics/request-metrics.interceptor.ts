import { Injectable } from '@nestjs/common';
import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { tap } from 'rxjs';

import { histogram } from './registry';

const handled = histogram('handler_duration_seconds', 'Handled HTTP requests and gRPC calls', [
  'transport',
  'handler',
  'outcome',
]);

/** Times every HTTP and gRPC handler, labelled by handler name (not URL, to keep cardinality bounded). */
@Injectable()
export class RequestMetricsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const transport = context.getType();
    const handler = `${context.getClass().name}.${context.getHandler().name}`;
    const stop = handled.startTimer({ transport, handler });
    return next
      .handle()
      .pipe(
        tap({ complete: () => stop({ outcome: 'ok' }), error: () => stop({ outcome: 'error' }) }),
      );
  }
}
