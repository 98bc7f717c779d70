import type { SettlementChangedV1 } from '@meridian/contracts';

import type { CoverageLine } from './coverage-rule';

export interface CoverageQuote {
  readonly id: string;
  readonly certificateId: string;
  readonly hospitalId: string;
  readonly hospitalRegionCode: string;
  readonly appointmentId: string;
  readonly totalFen: bigint;
  readonly coveredFen: bigint;
  readonly patientPayableFen: bigint;
  readonly lines: readonly CoverageLine[];
  readonly policyVersion: string;
  readonly expiresAt: Date;
  readonly createdAt: Date;
}

export type SettlementStatus = 'SETTLED' | 'REVERSED';

export interface SettlementRecord {
  readonly id: string;
  readonly quoteId: string;
  readonly certificateId: string;
  readonly appointmentId: string;
  readonly status: SettlementStatus;
  readonly coveredFen: bigint;
  readonly patientPaidFen: bigint;
  readonly paymentIntentId: string;
  readonly reversalReason: string;
  readonly settledAt: Date;
  readonly reversedAt: Date | null;
  readonly version: number;
}

function fenNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${value} fen is out of range`);
  return Number(value);
}

export function toSettlementEvent(settlement: SettlementRecord): SettlementChangedV1 {
  return {
    settlementId: settlement.id,
    quoteId: settlement.quoteId,
    certificateId: settlement.certificateId,
    appointmentId: settlement.appointmentId,
    status: settlement.status,
    coveredFen: fenNumber(settlement.coveredFen),
    patientPaidFen: fenNumber(settlement.patientPaidFen),
    currency: 'CNY',
    paymentIntentId: settlement.paymentIntentId,
    reversalReason: settlement.reversalReason,
    version: settlement.version,
    occurredAt: (settlement.reversedAt ?? settlement.settledAt).toISOString(),
  };
}
