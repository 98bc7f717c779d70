export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before a probe is let through. */
  readonly openMs: number;
  readonly now?: () => number;
}

/** A permit for one call; report the outcome exactly once (or release it with neither). */
export interface CircuitPermit {
  success(): void;
  failure(): void;
  /** The call ended without saying anything about the dependency's health (e.g. the caller left). */
  release(): void;
}

/**
 * Circuit breaker for the calls to one dependency (a model, a hospital): `failureThreshold`
 * consecutive failures open it; after `openMs` one
 * probe is let through (half-open); the probe's success closes it, its failure opens it again for
 * another `openMs`. Failures of calls that started before the circuit opened do not extend it.
 */
export class CircuitBreaker {
  private stateValue: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The state as a caller would see it now (an open circuit past its cool-down reads half-open). */
  get state(): CircuitState {
    if (this.stateValue === 'open' && this.now() - this.openedAt >= this.options.openMs) {
      return 'half-open';
    }
    return this.stateValue;
  }

  /** Whether a call may go ahead now, without taking a permit. */
  get admits(): boolean {
    const state = this.state;
    return state === 'closed' || (state === 'half-open' && !this.probeInFlight);
  }

  /** A permit for one call, or undefined when the circuit rejects it. */
  tryAcquire(): CircuitPermit | undefined {
    const state = this.state;
    if (state === 'open') return undefined;
    if (state === 'half-open') {
      if (this.probeInFlight) return undefined;
      this.stateValue = 'half-open';
      this.probeInFlight = true;
      return this.permit(true);
    }
    return this.permit(false);
  }

  private permit(probe: boolean): CircuitPermit {
    let settled = false;
    const settle = (outcome: 'success' | 'failure' | 'release'): void => {
      if (settled) return;
      settled = true;
      if (probe) this.probeInFlight = false;
      switch (outcome) {
        case 'success':
          this.consecutiveFailures = 0;
          this.stateValue = 'closed';
          return;
        case 'failure':
          this.onFailure(probe);
          return;
        case 'release':
          return;
      }
    };
    return {
      success: () => settle('success'),
      failure: () => settle('failure'),
      release: () => settle('release'),
    };
  }

  private onFailure(probe: boolean): void {
    if (probe || this.stateValue === 'half-open') {
      this.open();
      return;
    }
    if (this.stateValue === 'open') return;
    this.consecutiveFailures++;
    if (this.consecutiveFailures >= this.options.failureThreshold) this.open();
  }

  private open(): void {
    this.stateValue = 'open';
    this.openedAt = this.now();
    this.consecutiveFailures = 0;
  }
}
