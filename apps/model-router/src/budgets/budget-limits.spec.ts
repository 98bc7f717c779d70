import { effectiveLimits, subjectOf, windowsAt } from './budget-limits';
import type { BudgetLimits } from './budget-limits';

const defaults: BudgetLimits = {
  requestsPerMinute: 600,
  tokensPerDay: 1_000,
  tokensPerMonth: 10_000,
  costFenPerDay: 50,
  costFenPerMonth: null,
};

describe(subjectOf.name, () => {
  it('bills the partner when there is one, else the calling service', () => {
    expect(subjectOf({ partnerId: 'acme', service: 'consultation' })).toEqual({
      kind: 'partner',
      id: 'acme',
    });
    expect(subjectOf({ partnerId: '', service: 'consultation' })).toEqual({
      kind: 'service',
      id: 'consultation',
    });
    expect(subjectOf({ partnerId: '', service: '' })).toEqual({
      kind: 'service',
      id: 'unattributed',
    });
  });
});

describe(effectiveLimits.name, () => {
  it('replaces, lifts or keeps each default', () => {
    expect(effectiveLimits(defaults, { tokensPerDay: 5, costFenPerDay: null })).toEqual({
      ...defaults,
      tokensPerDay: 5,
      costFenPerDay: null,
    });
    expect(effectiveLimits(defaults, {})).toEqual(defaults);
  });
});

describe(windowsAt.name, () => {
  it('counts in UTC minutes, days and months, ending at the next boundary', () => {
    const at = Date.UTC(2026, 11, 31, 23, 59, 30);
    const w = windowsAt(at);
    expect(w.day).toBe('20261231');
    expect(w.month).toBe('202612');
    expect(w.minuteEnds * 1000 - at).toBe(30_000);
    expect(w.dayEnds * 1000).toBe(Date.UTC(2027, 0, 1));
    expect(w.monthEnds * 1000).toBe(Date.UTC(2027, 0, 1));
    expect(windowsAt(at + 30_000).minute).not.toBe(w.minute);
  });
});
