import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The process-wide Prometheus registry served at `/metrics`. */
export const metricsRegistry = new Registry();

let defaultsCollected = false;

/** Starts collecting Node.js process metrics and labels every series with the service name. */
export function initMetrics(service: string, version: string): void {
  metricsRegistry.setDefaultLabels({ service, version });
  if (!defaultsCollected) {
    collectDefaultMetrics({ register: metricsRegistry });
    defaultsCollected = true;
  }
}

function getOrCreate<T>(name: string, create: () => T): T {
  return (metricsRegistry.getSingleMetric(name) as T | undefined) ?? create();
}

/** A counter registered once per process, whichever module asks first. */
export function counter<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Counter<L> {
  return getOrCreate(
    name,
    () => new Counter({ name, help, labelNames, registers: [metricsRegistry] }),
  );
}

export function gauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): Gauge<L> {
  return getOrCreate(
    name,
    () => new Gauge({ name, help, labelNames, registers: [metricsRegistry] }),
  );
}

export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets: number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
): Histogram<L> {
  return getOrCreate(
    name,
    () => new Histogram({ name, help, labelNames, buckets, registers: [metricsRegistry] }),
  );
}
