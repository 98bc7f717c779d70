/**
 * PLACEHOLDER reimbursement rule. Real coverage depends on the insured person's scheme, pooling
 * region, deductible and annual cap, which arrive with the certificates and coverage policies of
 * insurance-certificates; until then every certificate is priced with the fixed ratios below so that
 * the booking saga can run end to end. Not a statement of any real insurance policy.
 */
export const PLACEHOLDER_POLICY_VERSION = 'placeholder-ratio-2026.1';

export type FeeCategory =
  'REGISTRATION' | 'CONSULTATION' | 'LAB' | 'IMAGING' | 'MEDICATION' | 'OTHER';

/** Covered share per category, in basis points (1/100 of a percent). */
const RATIO_BP: Readonly<Record<FeeCategory, bigint>> = {
  REGISTRATION: 5_000n,
  CONSULTATION: 6_000n,
  LAB: 7_000n,
  IMAGING: 7_000n,
  MEDICATION: 6_000n,
  OTHER: 0n,
};

export interface FeeItem {
  readonly code: string;
  readonly name: string;
  readonly category: FeeCategory;
  /** Line total in fen. */
  readonly amountFen: bigint;
  readonly quantity: number;
}

export interface CoverageLine {
  readonly itemCode: string;
  readonly amountFen: bigint;
  readonly coveredFen: bigint;
  readonly patientPayableFen: bigint;
  readonly ruleCode: string;
}

export interface CoverageSplit {
  readonly totalFen: bigint;
  readonly coveredFen: bigint;
  readonly patientPayableFen: bigint;
  readonly lines: readonly CoverageLine[];
  readonly policyVersion: string;
}

/**
 * Splits fee items under the placeholder rule. Integer arithmetic only: the covered part of a line is
 * rounded down to the fen, so the patient pays any remainder and the parts always add up.
 */
export function priceUnderPlaceholderRule(items: readonly FeeItem[]): CoverageSplit {
  const lines = items.map((item): CoverageLine => {
    const ratio = RATIO_BP[item.category];
    const covered = (item.amountFen * ratio) / 10_000n;
    return {
      itemCode: item.code,
      amountFen: item.amountFen,
      coveredFen: covered,
      patientPayableFen: item.amountFen - covered,
      ruleCode: ratio === 0n ? 'PLACEHOLDER_NOT_COVERED' : `PLACEHOLDER_RATIO_${ratio / 100n}`,
    };
  });
  const sum = (pick: (line: CoverageLine) => bigint) =>
    lines.reduce((total, line) => total + pick(line), 0n);
  return {
    totalFen: sum((l) => l.amountFen),
    coveredFen: sum((l) => l.coveredFen),
    patientPayableFen: sum((l) => l.patientPayableFen),
    lines,
    policyVersion: PLACEHOLDER_POLICY_VERSION,
  };
}
