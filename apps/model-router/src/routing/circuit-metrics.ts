import { metricsRegistry } from '@meridian/platform';
import { Gauge } from 'prom-client';

import type { CircuitState } from './circuit-breaker';

/** Gauge values of the circuit states: higher is worse. */
export const CIRCUIT_STATE_VALUES: Readonly<Record<CircuitState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

export const CIRCUIT_STATE_METRIC = 'model_router_circuit_state';

type CircuitSource = () => Iterable<{ readonly model: string; readonly state: CircuitState }>;

let source: CircuitSource | undefined;

/**
 * Serves the circuit state of every model as `model_router_circuit_state{model}` (0 closed,
 * 1 half-open, 2 open) in `/metrics`. The state is read at scrape time, so an open circuit whose
 * cool-down has passed shows half-open without waiting for the next call. One routing engine per
 * process: the latest to register is the one served.
 */
export function exportCircuitStates(states: CircuitSource): void {
  source = states;
  if (metricsRegistry.getSingleMetric(CIRCUIT_STATE_METRIC) !== undefined) return;
  new Gauge({
    name: CIRCUIT_STATE_METRIC,
    help: 'Circuit breaker state per model: 0 closed, 1 half-open (probing), 2 open',
    labelNames: ['model'],
    registers: [metricsRegistry],
    collect() {
      this.reset();
      for (const { model, state } of source?.() ?? []) {
        this.set({ model }, CIRCUIT_STATE_VALUES[state]);
      }
    },
  });
}
