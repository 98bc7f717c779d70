import { Injectable } from '@nestjs/common';

import { PrismaClient } from '../generated/prisma/client';
import { LIMIT_NAMES } from './budget-limits';
import type { BudgetOverrides, BudgetSubject, LimitName } from './budget-limits';

const UNLIMITED = -1;

type Row = Record<LimitName, number | bigint | null>;

function toOverrides(row: Row): BudgetOverrides {
  const overrides: BudgetOverrides = {};
  for (const name of LIMIT_NAMES) {
    const value = row[name];
    if (value === null) continue;
    overrides[name] = Number(value) === UNLIMITED ? null : Number(value);
  }
  return overrides;
}

/** The only place that touches `budget_overrides`. */
@Injectable()
export class BudgetOverridesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async find(subject: BudgetSubject): Promise<BudgetOverrides> {
    const row = await this.prisma.budgetOverride.findUnique({
      where: { subjectKind_subjectId: { subjectKind: subject.kind, subjectId: subject.id } },
    });
    return row === null ? {} : toOverrides(row);
  }

  /**
   * Sets the given dimensions (a number, or `null` for no limit) and resets those named in
   * `reset` to the default; other dimensions keep what they had.
   */
  async update(
    subject: BudgetSubject,
    set: BudgetOverrides,
    reset: readonly LimitName[],
  ): Promise<BudgetOverrides> {
    const data: Partial<Record<LimitName, number | null>> = {};
    for (const name of LIMIT_NAMES) {
      if (reset.includes(name)) data[name] = null;
      const value = set[name];
      if (value !== undefined) data[name] = value === null ? UNLIMITED : value;
    }
    const values = {
      requestsPerMinute: data.requestsPerMinute,
      tokensPerDay: bigintOf(data.tokensPerDay),
      tokensPerMonth: bigintOf(data.tokensPerMonth),
      costFenPerDay: bigintOf(data.costFenPerDay),
      costFenPerMonth: bigintOf(data.costFenPerMonth),
      updatedAt: new Date(),
    };
    const row = await this.prisma.budgetOverride.upsert({
      where: { subjectKind_subjectId: { subjectKind: subject.kind, subjectId: subject.id } },
      create: { subjectKind: subject.kind, subjectId: subject.id, ...values },
      update: values,
    });
    return toOverrides(row);
  }
}

function bigintOf(value: number | null | undefined): bigint | null | undefined {
  return value === undefined || value === null ? value : BigInt(value);
}
