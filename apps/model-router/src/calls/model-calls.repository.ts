import { Injectable } from '@nestjs/common';

import type { Prisma } from '../generated/prisma/client';
import { PrismaClient } from '../generated/prisma/client';
import type { ModelCallRecord } from './model-call';

export type ModelCallsTx = Prisma.TransactionClient;

/** The only place that touches `model_calls`. */
@Injectable()
export class ModelCallsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  transaction<T>(work: (tx: ModelCallsTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  async insert(tx: ModelCallsTx, record: ModelCallRecord): Promise<void> {
    const { reasoning, ...rest } = record;
    await tx.modelCall.create({
      data: {
        ...rest,
        costMicroFen: BigInt(record.costMicroFen),
        // A JSON null in the column would read as "reasoning recorded as null"; absent is NULL.
        ...(reasoning === null ? {} : { reasoning: reasoning.map((r) => ({ ...r })) }),
      },
    });
  }
}
