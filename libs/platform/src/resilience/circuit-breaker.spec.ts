import { CircuitBreaker } from './circuit-breaker';

function breaker(failureThreshold = 3, openMs = 1_000) {
  const clock = { now: 0 };
  return { clock, breaker: new CircuitBreaker({ failureThreshold, openMs, now: () => clock.now }) };
}

describe(CircuitBreaker.name, () => {
  it('opens after consecutive failures only', () => {
    const { breaker: b } = breaker(3);
    b.tryAcquire()?.failure();
    b.tryAcquire()?.failure();
    b.tryAcquire()?.success();
    b.tryAcquire()?.failure();
    b.tryAcquire()?.failure();
    expect(b.state).toBe('closed');
    b.tryAcquire()?.failure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBeUndefined();
  });

  it('lets exactly one probe through after the cool-down, and closes on its success', () => {
    const { breaker: b, clock } = breaker(1, 1_000);
    b.tryAcquire()?.failure();
    clock.now = 999;
    expect(b.tryAcquire()).toBeUndefined();
    clock.now = 1_000;
    expect(b.state).toBe('half-open');
    const probe = b.tryAcquire();
    expect(probe).toBeDefined();
    expect(b.tryAcquire()).toBeUndefined();
    probe?.success();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBeDefined();
  });

  it('opens again for a full cool-down when the probe fails', () => {
    const { breaker: b, clock } = breaker(1, 1_000);
    b.tryAcquire()?.failure();
    clock.now = 1_500;
    b.tryAcquire()?.failure();
    expect(b.state).toBe('open');
    clock.now = 2_400;
    expect(b.state).toBe('open');
    clock.now = 2_500;
    expect(b.state).toBe('half-open');
  });

  it('frees the probe slot when a probe ends without a verdict', () => {
    const { breaker: b, clock } = breaker(1, 1_000);
    b.tryAcquire()?.failure();
    clock.now = 1_000;
    b.tryAcquire()?.release();
    expect(b.admits).toBe(true);
  });

  it('ignores a second verdict on one permit', () => {
    const { breaker: b } = breaker(2);
    const permit = b.tryAcquire();
    permit?.failure();
    permit?.failure();
    expect(b.state).toBe('closed');
  });
});
