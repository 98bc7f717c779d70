import { Injectable, Logger } from '@nestjs/common';
import { decodeCursor, notFound, pageOf, uuidv7 } from '@meridian/platform';
import type { Page } from '@meridian/platform';

import type {
  AuditOperation,
  AuditReader,
  AuditedCall,
  ModelCallFilters,
} from './model-call-audit';
import { ModelCallAuditRepository } from './model-call-audit.repository';

export const AuditErrorCode = {
  invalidRequest: 'MODEL_ROUTER.INVALID_AUDIT_REQUEST',
  callNotFound: 'MODEL_ROUTER.CALL_NOT_FOUND',
} as const;

/** The filters as the cursor fingerprints them: a cursor is only valid with the same filters. */
function cursorFilters(filters: ModelCallFilters): Record<string, string | null> {
  return {
    partnerId: filters.partnerId ?? null,
    callerService: filters.callerService ?? null,
    patientId: filters.patientId ?? null,
    task: filters.task ?? null,
    model: filters.model ?? null,
    outcome: filters.outcome ?? null,
    dataClass: filters.dataClass ?? null,
    startedFrom: filters.startedFrom?.toISOString() ?? null,
    startedBefore: filters.startedBefore?.toISOString() ?? null,
  };
}

/**
 * The queryable audit of model calls. Each read is written to the read log — reader, purpose,
 * what was asked and which calls and patient references it exposed — before it is answered; when
 * that write fails, so does the read.
 */
@Injectable()
export class ModelCallAuditService {
  private readonly logger = new Logger(ModelCallAuditService.name);

  constructor(private readonly repository: ModelCallAuditRepository) {}

  async list(
    reader: AuditReader,
    filters: ModelCallFilters,
    pageSize: number,
    pageToken: string,
  ): Promise<Page<AuditedCall>> {
    const fingerprint = cursorFilters(filters);
    const before = decodeCursor(pageToken, fingerprint, 'page_token');
    const rows = await this.repository.list(filters, before, pageSize + 1);
    const page = pageOf(rows, pageSize, fingerprint, (call) => call.id);
    await this.logRead(
      reader,
      'ListModelCalls',
      { ...fingerprint, pageSize, pageToken },
      page.items,
    );
    return page;
  }

  async get(reader: AuditReader, callId: string): Promise<AuditedCall> {
    const call = await this.repository.find(callId);
    // A miss is logged too: probing for calls is a read of the audit.
    await this.logRead(reader, 'GetModelCall', { callId }, call === undefined ? [] : [call]);
    if (call === undefined) {
      throw notFound(AuditErrorCode.callNotFound, `No model call with id ${callId}`, { callId });
    }
    return call;
  }

  private async logRead(
    reader: AuditReader,
    operation: AuditOperation,
    filters: Record<string, string | number | null>,
    calls: readonly AuditedCall[],
  ): Promise<void> {
    const patientIds = [...new Set(calls.map((c) => c.patientId).filter((p) => p !== ''))];
    const readAt = new Date();
    await this.repository.recordRead({
      id: uuidv7(readAt.getTime()),
      reader,
      operation,
      filters,
      callIds: calls.map((c) => c.id),
      patientIds,
      readAt,
    });
    this.logger.log(
      {
        reader: { service: reader.service, principal: reader.principal },
        operation,
        calls: calls.length,
        patients: patientIds.length,
      },
      'Model call audit read',
    );
  }
}
