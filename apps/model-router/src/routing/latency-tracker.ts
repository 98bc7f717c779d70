/**
 * A moving estimate of each model's time to first token: an exponentially weighted moving average
 * (EWMA) of the attempts that reached a first token, and of first-token timeouts counted at their
 * limit (the model took at least that long). In-process, per replica: each replica learns from the
 * calls it makes.
 */
export class LatencyTracker {
  private readonly estimates = new Map<string, { ms: number; samples: number }>();

  /** Folds one measurement into the model's estimate; the first one sets it. */
  observe(model: string, ms: number, alpha: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const current = this.estimates.get(model);
    if (current === undefined) {
      this.estimates.set(model, { ms, samples: 1 });
      return;
    }
    current.ms = alpha * ms + (1 - alpha) * current.ms;
    current.samples += 1;
  }

  /** The estimate in milliseconds, or undefined for a model not measured yet. */
  estimate(model: string): number | undefined {
    return this.estimates.get(model)?.ms;
  }

  samples(model: string): number {
    return this.estimates.get(model)?.samples ?? 0;
  }
}
