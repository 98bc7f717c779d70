import { DomainError } from '@meridian/platform';

import { answeredCall, failedCall } from '../../test/recorded-call';
import { toRecord } from '../calls/model-call';
import type { AuditReadRecord, AuditedCall, ModelCallFilters } from './model-call-audit';
import type { ModelCallAuditRepository } from './model-call-audit.repository';
import { AuditErrorCode, ModelCallAuditService } from './model-call-audit.service';

const reader = { service: 'ops-console', principal: 'auditor-7', purpose: 'complaint review' };

/** Calls newest first, as the repository orders them; records reads in memory. */
class InMemoryAudit implements Pick<ModelCallAuditRepository, 'list' | 'find' | 'recordRead'> {
  readonly reads: AuditReadRecord[] = [];
  failWrites = false;

  constructor(private readonly calls: AuditedCall[]) {}

  list(filters: ModelCallFilters, before: string | undefined, limit: number) {
    return Promise.resolve(
      this.calls
        .filter((c) => filters.patientId === undefined || c.patientId === filters.patientId)
        .filter((c) => before === undefined || c.id < before)
        .slice(0, limit),
    );
  }

  find(id: string) {
    return Promise.resolve(this.calls.find((c) => c.id === id));
  }

  recordRead(read: AuditReadRecord) {
    if (this.failWrites) return Promise.reject(new Error('database gone'));
    this.reads.push(read);
    return Promise.resolve();
  }
}

function call(id: string, patientId: string): AuditedCall {
  const base = toRecord(answeredCall());
  return { ...base, id, patientId };
}

function setup() {
  const repository = new InMemoryAudit([
    call('00000000-0000-7000-8000-000000000003', 'patient-2'),
    call('00000000-0000-7000-8000-000000000002', 'patient-1'),
    { ...toRecord(failedCall()), id: '00000000-0000-7000-8000-000000000001', patientId: '' },
  ]);
  const service = new ModelCallAuditService(repository as unknown as ModelCallAuditRepository);
  return { repository, service };
}

describe(ModelCallAuditService.name, () => {
  it('pages newest first and logs each page with the calls and patients it exposed', async () => {
    const { repository, service } = setup();
    const first = await service.list(reader, {}, 2, '');
    expect(first.items.map((c) => c.patientId)).toEqual(['patient-2', 'patient-1']);
    expect(first.nextCursor).toBeDefined();
    const second = await service.list(reader, {}, 2, first.nextCursor ?? '');
    expect(second.items.map((c) => c.id)).toEqual(['00000000-0000-7000-8000-000000000001']);
    expect(second.nextCursor).toBeUndefined();
    expect(repository.reads.map((r) => [r.operation, r.callIds.length, r.patientIds])).toEqual([
      ['ListModelCalls', 2, ['patient-2', 'patient-1']],
      // A call without a patient reference exposes no patient.
      ['ListModelCalls', 1, []],
    ]);
    expect(repository.reads[0]?.reader).toEqual(reader);
  });

  it('rejects a cursor issued for other filters', async () => {
    const { service } = setup();
    const page = await service.list(reader, {}, 1, '');
    await expect(
      service.list(reader, { patientId: 'patient-1' }, 1, page.nextCursor ?? ''),
    ).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT' });
  });

  it('answers nothing when the read cannot be logged', async () => {
    const { repository, service } = setup();
    repository.failWrites = true;
    await expect(service.list(reader, {}, 10, '')).rejects.toThrow('database gone');
    await expect(service.get(reader, '00000000-0000-7000-8000-000000000002')).rejects.toThrow(
      'database gone',
    );
  });

  it('logs a lookup of an unknown call too, then says it is not found', async () => {
    const { repository, service } = setup();
    const error: unknown = await service
      .get(reader, '00000000-0000-7000-8000-00000000ffff')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(AuditErrorCode.callNotFound);
    expect(repository.reads).toMatchObject([
      {
        operation: 'GetModelCall',
        callIds: [],
        filters: { callId: '00000000-0000-7000-8000-00000000ffff' },
      },
    ]);
  });
});
