import { Injectable } from '@nestjs/common';

import type { AttemptReasoning, ModelCallRecord } from '../calls/model-call';
import type { Prisma } from '../generated/prisma/client';
import { PrismaClient } from '../generated/prisma/client';
import type { AuditReadRecord, AuditedCall, ModelCallFilters } from './model-call-audit';

type ModelCallRow = Prisma.ModelCallGetPayload<object>;

function toCall(row: ModelCallRow): AuditedCall {
  return {
    id: row.id,
    task: row.task,
    dataClass: row.dataClass,
    callerService: row.callerService,
    partnerId: row.partnerId,
    patientId: row.patientId,
    subjectId: row.subjectId,
    idempotencyKey: row.idempotencyKey,
    outcome: row.outcome as ModelCallRecord['outcome'],
    partial: row.partial,
    model: row.model,
    provider: row.provider,
    upstreamModel: row.upstreamModel,
    upstreamVersion: row.upstreamVersion,
    routeReason: row.routeReason,
    redacted: row.redacted,
    // Written only by ModelCallsRepository from a ModelCallRecord.
    route: row.route as unknown as ModelCallRecord['route'],
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    reasoningTokens: row.reasoningTokens,
    cachedInputTokens: row.cachedInputTokens,
    costMicroFen: Number(row.costMicroFen),
    usageEstimated: row.usageEstimated,
    timeToFirstTokenMs: row.timeToFirstTokenMs,
    durationMs: row.durationMs,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    reasoning: (row.reasoning as unknown as AttemptReasoning[] | null) ?? null,
  };
}

/** Reads of `model_calls` for the audit, and the log of those reads. */
@Injectable()
export class ModelCallAuditRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Calls matching `filters`, newest first (ids are UUIDv7, so id order is start order), after
   * the id `before` when given; at most `limit`. Reasoning text is left out of listings.
   */
  async list(
    filters: ModelCallFilters,
    before: string | undefined,
    limit: number,
  ): Promise<AuditedCall[]> {
    const rows = await this.prisma.modelCall.findMany({
      where: {
        ...(filters.partnerId === undefined ? {} : { partnerId: filters.partnerId }),
        ...(filters.callerService === undefined ? {} : { callerService: filters.callerService }),
        ...(filters.patientId === undefined ? {} : { patientId: filters.patientId }),
        ...(filters.task === undefined ? {} : { task: filters.task }),
        ...(filters.model === undefined ? {} : { model: filters.model }),
        ...(filters.outcome === undefined ? {} : { outcome: filters.outcome }),
        ...(filters.dataClass === undefined ? {} : { dataClass: filters.dataClass }),
        ...(filters.startedFrom === undefined && filters.startedBefore === undefined
          ? {}
          : {
              startedAt: {
                ...(filters.startedFrom === undefined ? {} : { gte: filters.startedFrom }),
                ...(filters.startedBefore === undefined ? {} : { lt: filters.startedBefore }),
              },
            }),
        ...(before === undefined ? {} : { id: { lt: before } }),
      },
      omit: { reasoning: true },
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.map((row) => toCall({ ...row, reasoning: null }));
  }

  async find(id: string): Promise<AuditedCall | undefined> {
    const row = await this.prisma.modelCall.findUnique({ where: { id } });
    return row === null ? undefined : toCall(row);
  }

  async recordRead(read: AuditReadRecord): Promise<void> {
    await this.prisma.modelCallAuditRead.create({
      data: {
        id: read.id,
        readerService: read.reader.service,
        readerPrincipal: read.reader.principal,
        purpose: read.reader.purpose,
        operation: read.operation,
        filters: { ...read.filters },
        callIds: [...read.callIds],
        patientIds: [...read.patientIds],
        readAt: read.readAt,
      },
    });
  }
}
