import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with one unit of work across HTTP, gRPC and Kafka. */
export interface RequestContext {
  readonly correlationId: string;
}

/** Header (HTTP), metadata key (gRPC) and Kafka header carrying the correlation id. */
export const CORRELATION_HEADER = 'x-correlation-id';

const storage = new AsyncLocalStorage<RequestContext>();

// Accept caller ids only when they look like ids, so logs cannot be polluted through a header.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Returns the caller's id when it is acceptable, otherwise a new one. */
export function normaliseCorrelationId(candidate: unknown): string {
  if (typeof candidate === 'string' && ACCEPTABLE_ID.test(candidate)) return candidate;
  return randomUUID();
}

/** Runs `fn` with `context` as the current request context. */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current request context, if any. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The current correlation id, if running inside a request context. */
export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
