import { PLACEHOLDER_POLICY_VERSION, priceUnderPlaceholderRule } from './coverage-rule';
import type { FeeItem } from './coverage-rule';

const item = (overrides: Partial<FeeItem>): FeeItem => ({
  code: 'REG',
  name: 'Registration',
  category: 'REGISTRATION',
  amountFen: 2_000n,
  quantity: 1,
  ...overrides,
});

describe('priceUnderPlaceholderRule', () => {
  it('covers half of a registration fee', () => {
    const split = priceUnderPlaceholderRule([item({})]);
    expect(split).toMatchObject({
      totalFen: 2_000n,
      coveredFen: 1_000n,
      patientPayableFen: 1_000n,
    });
    expect(split.lines[0]?.ruleCode).toBe('PLACEHOLDER_RATIO_50');
    expect(split.policyVersion).toBe(PLACEHOLDER_POLICY_VERSION);
  });

  it('rounds the covered part down to the fen, so the parts always add up', () => {
    const split = priceUnderPlaceholderRule([
      item({ amountFen: 333n }),
      item({ code: 'LAB1', category: 'LAB', amountFen: 1_001n }),
      item({ code: 'X', category: 'OTHER', amountFen: 999n }),
    ]);
    expect(split.lines.map((l) => [l.coveredFen, l.patientPayableFen])).toEqual([
      [166n, 167n],
      [700n, 301n],
      [0n, 999n],
    ]);
    expect(split.coveredFen + split.patientPayableFen).toBe(split.totalFen);
    expect(split.totalFen).toBe(2_333n);
  });
});
