import { Injectable } from '@nestjs/common';

import { Prisma, PrismaClient } from '../generated/prisma/client';
import type { CoverageLine } from './coverage-rule';
import type { CoverageQuote, SettlementRecord, SettlementStatus } from './settlement';

export type SettlementTx = Prisma.TransactionClient;

type QuoteRow = Prisma.CoverageQuoteGetPayload<object>;
type SettlementRow = Prisma.SettlementGetPayload<object>;

interface StoredLine {
  itemCode: string;
  amountFen: string;
  coveredFen: string;
  patientPayableFen: string;
  ruleCode: string;
}

function toQuote(row: QuoteRow): CoverageQuote {
  const lines = row.lines as unknown as StoredLine[];
  return {
    id: row.id,
    certificateId: row.certificateId,
    hospitalId: row.hospitalId,
    hospitalRegionCode: row.hospitalRegionCode,
    appointmentId: row.appointmentId,
    totalFen: row.totalFen,
    coveredFen: row.coveredFen,
    patientPayableFen: row.patientPayableFen,
    lines: lines.map((line): CoverageLine => ({
      itemCode: line.itemCode,
      amountFen: BigInt(line.amountFen),
      coveredFen: BigInt(line.coveredFen),
      patientPayableFen: BigInt(line.patientPayableFen),
      ruleCode: line.ruleCode,
    })),
    policyVersion: row.policyVersion,
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
  };
}

function toSettlement(row: SettlementRow): SettlementRecord {
  return {
    id: row.id,
    quoteId: row.quoteId,
    certificateId: row.certificateId,
    appointmentId: row.appointmentId,
    status: row.status as SettlementStatus,
    coveredFen: row.coveredFen,
    patientPaidFen: row.patientPaidFen,
    paymentIntentId: row.paymentIntentId,
    reversalReason: row.reversalReason,
    settledAt: row.settledAt,
    reversedAt: row.reversedAt,
    version: row.version,
  };
}

export interface IdempotencyRecord {
  readonly operation: string;
  readonly requestHash: string;
  readonly resourceId: string;
}

/** The only place that touches the quote and settlement tables. */
@Injectable()
export class SettlementRepository {
  constructor(private readonly prisma: PrismaClient) {}

  transaction<T>(work: (tx: SettlementTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  async insertQuote(tx: SettlementTx, quote: CoverageQuote): Promise<void> {
    const lines: StoredLine[] = quote.lines.map((line) => ({
      itemCode: line.itemCode,
      amountFen: line.amountFen.toString(),
      coveredFen: line.coveredFen.toString(),
      patientPayableFen: line.patientPayableFen.toString(),
      ruleCode: line.ruleCode,
    }));
    await tx.coverageQuote.create({
      data: {
        id: quote.id,
        certificateId: quote.certificateId,
        hospitalId: quote.hospitalId,
        hospitalRegionCode: quote.hospitalRegionCode,
        appointmentId: quote.appointmentId,
        totalFen: quote.totalFen,
        coveredFen: quote.coveredFen,
        patientPayableFen: quote.patientPayableFen,
        lines: lines as unknown as Prisma.InputJsonValue,
        policyVersion: quote.policyVersion,
        expiresAt: quote.expiresAt,
        createdAt: quote.createdAt,
      },
    });
  }

  async findQuote(id: string, tx: SettlementTx = this.prisma): Promise<CoverageQuote | undefined> {
    const row = await tx.coverageQuote.findUnique({ where: { id } });
    return row ? toQuote(row) : undefined;
  }

  /** Locks the quote's row, so that two settlements of one quote serialise. */
  async findQuoteForUpdate(tx: SettlementTx, id: string): Promise<CoverageQuote | undefined> {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM coverage_quotes WHERE id = ${id}::uuid FOR UPDATE`;
    return locked.length === 0 ? undefined : this.findQuote(id, tx);
  }

  async findSettlement(
    id: string,
    tx: SettlementTx = this.prisma,
  ): Promise<SettlementRecord | undefined> {
    const row = await tx.settlement.findUnique({ where: { id } });
    return row ? toSettlement(row) : undefined;
  }

  async findSettlementForUpdate(
    tx: SettlementTx,
    id: string,
  ): Promise<SettlementRecord | undefined> {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM settlements WHERE id = ${id}::uuid FOR UPDATE`;
    return locked.length === 0 ? undefined : this.findSettlement(id, tx);
  }

  async findSettlementOfQuote(
    tx: SettlementTx,
    quoteId: string,
  ): Promise<SettlementRecord | undefined> {
    const row = await tx.settlement.findUnique({ where: { quoteId } });
    return row ? toSettlement(row) : undefined;
  }

  async insertSettlement(tx: SettlementTx, settlement: SettlementRecord): Promise<void> {
    await tx.settlement.create({ data: { ...settlement } });
  }

  async updateSettlement(tx: SettlementTx, settlement: SettlementRecord): Promise<void> {
    await tx.settlement.update({
      where: { id: settlement.id },
      data: {
        status: settlement.status,
        reversalReason: settlement.reversalReason,
        reversedAt: settlement.reversedAt,
        version: settlement.version,
      },
    });
  }

  async findIdempotencyKey(tx: SettlementTx, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await tx.idempotencyKey.findUnique({ where: { key } });
    return row
      ? { operation: row.operation, requestHash: row.requestHash, resourceId: row.resourceId }
      : undefined;
  }

  async saveIdempotencyKey(
    tx: SettlementTx,
    key: string,
    record: IdempotencyRecord,
  ): Promise<void> {
    await tx.idempotencyKey.create({ data: { key, ...record } });
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
