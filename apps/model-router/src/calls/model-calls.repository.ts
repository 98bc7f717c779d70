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
    await tx.modelCall.create({
      data: { ...record, costMicroFen: BigInt(record.costMicroFen) },
    });
  }
}
