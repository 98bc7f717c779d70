/**
 * A non-blocking semaphore (a bulkhead): a call either gets a slot now or is turned away at once,
 * so a saturated dependency never queues requests behind it.
 */
export class ConcurrencyLimiter {
  private active = 0;

  constructor(readonly limit: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** A release function, or undefined when every slot is taken. Releasing twice is harmless. */
  tryAcquire(): (() => void) | undefined {
    if (this.active >= this.limit) return undefined;
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
    };
  }
}
