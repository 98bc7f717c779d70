import { Injectable } from '@nestjs/common';

import type { Prisma } from '../generated/prisma/client';
import { PrismaClient } from '../generated/prisma/client';
import type { BudgetSubject } from './budget-limits';

/** One billed call. */
export interface LedgerEntry {
  readonly callId: string;
  readonly subject: BudgetSubject;
  readonly partnerId: string;
  readonly callerService: string;
  readonly task: string;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  readonly cachedInputTokens: number;
  readonly costMicroFen: number;
  readonly usageEstimated: boolean;
  readonly billedAt: Date;
}

/** Usage of one subject over a period, per model. */
export interface UsageLine {
  readonly model: string;
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly reasoningTokens: number;
  readonly cachedInputTokens: number;
  readonly costMicroFen: number;
}

/** The only place that touches `usage_ledger`. */
@Injectable()
export class UsageLedgerRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Inside the transaction of the call's audit row: both are written, or neither. */
  async append(tx: Prisma.TransactionClient, entry: LedgerEntry): Promise<void> {
    const { subject, ...rest } = entry;
    await tx.usageLedgerEntry.create({
      data: {
        ...rest,
        subjectKind: subject.kind,
        subjectId: subject.id,
        costMicroFen: BigInt(entry.costMicroFen),
      },
    });
  }

  /** Usage billed to `subject` in [from, to), per model, dearest first. */
  async usage(subject: BudgetSubject, from: Date, to: Date): Promise<UsageLine[]> {
    const groups = await this.prisma.usageLedgerEntry.groupBy({
      by: ['model'],
      where: { subjectKind: subject.kind, subjectId: subject.id, billedAt: { gte: from, lt: to } },
      _count: { _all: true },
      _sum: {
        inputTokens: true,
        outputTokens: true,
        reasoningTokens: true,
        cachedInputTokens: true,
        costMicroFen: true,
      },
    });
    return groups
      .map((g) => ({
        model: g.model,
        calls: g._count._all,
        inputTokens: g._sum.inputTokens ?? 0,
        outputTokens: g._sum.outputTokens ?? 0,
        reasoningTokens: g._sum.reasoningTokens ?? 0,
        cachedInputTokens: g._sum.cachedInputTokens ?? 0,
        costMicroFen: Number(g._sum.costMicroFen ?? 0n),
      }))
      .sort((a, b) => b.costMicroFen - a.costMicroFen || a.model.localeCompare(b.model));
  }
}
