import { DomainError, invalidArgument } from '@meridian/platform';
import type { OutboxWriter } from '@meridian/platform';

import type { InboundTx } from './inbound-appliers';
import type {
  InboundRepository,
  MessageToRecord,
  RejectedMessage,
  StoredMessage,
} from './inbound.repository';
import { InboundService } from './inbound.service';

/** In-memory stand-in for the repository: one map of recorded messages, a list of rejected ones. */
class MemoryInbound {
  readonly messages = new Map<string, MessageToRecord>();
  readonly rejected: RejectedMessage[] = [];
  private readonly tx = {} as InboundTx;

  transaction<T>(work: (tx: InboundTx) => Promise<T>): Promise<T> {
    return work(this.tx);
  }
  async lockMessageId(): Promise<void> {}
  async findMessage(
    _tx: InboundTx,
    hospitalId: string,
    messageId: string,
  ): Promise<StoredMessage | undefined> {
    return this.messages.get(`${hospitalId}/${messageId}`);
  }
  async recordMessage(_tx: InboundTx, message: MessageToRecord): Promise<void> {
    this.messages.set(`${message.hospitalId}/${message.messageId}`, message);
  }
  async recordRejected(message: RejectedMessage): Promise<void> {
    this.rejected.push(message);
  }
}

const hospital = { hospitalId: 'h-1', hospitalCode: 'H1', fingerprint: 'f'.repeat(64) };

describe(InboundService.name, () => {
  let repository: MemoryInbound;
  let service: InboundService;
  let notified: number;

  beforeEach(() => {
    repository = new MemoryInbound();
    notified = 0;
    const outbox = { notifyCommitted: () => (notified += 1) } as unknown as OutboxWriter;
    service = new InboundService(repository as unknown as InboundRepository, outbox);
  });

  it('applies a message once and answers a resent message id with the first outcome', async () => {
    let applied = 0;
    const apply = async () => {
      applied += 1;
      return { outcome: { reportId: `r-${applied}` }, stale: false };
    };
    const first = await service.receive(
      hospital,
      'PublishLabReport',
      { messageId: 'm-1' },
      undefined,
      apply,
    );
    const again = await service.receive(
      hospital,
      'PublishLabReport',
      { messageId: 'm-1' },
      undefined,
      apply,
    );
    expect(first).toEqual({ reportId: 'r-1', messageId: 'm-1', duplicate: false });
    expect(again).toEqual({ reportId: 'r-1', messageId: 'm-1', duplicate: true });
    expect(applied).toBe(1);
    expect(repository.messages.get('h-1/m-1')).toMatchObject({
      status: 'APPLIED',
      kind: 'PublishLabReport',
    });
    expect(notified).toBe(2);
  });

  it('records a stale message as STALE', async () => {
    await service.receive(
      hospital,
      'PublishLabReport',
      { messageId: 'm-2' },
      new Date(0),
      async () => ({
        outcome: {},
        stale: true,
      }),
    );
    expect(repository.messages.get('h-1/m-2')).toMatchObject({
      status: 'STALE',
      occurredAt: new Date(0),
    });
  });

  it('refuses a message id reused by another kind, and keeps the refusal', async () => {
    await service.receive(
      hospital,
      'PublishLabReport',
      { messageId: 'm-3' },
      undefined,
      async () => ({ outcome: {}, stale: false }),
    );
    await expect(
      service.receive(hospital, 'PushDoctors', { messageId: 'm-3' }, undefined, async () => ({
        outcome: {},
        stale: false,
      })),
    ).rejects.toMatchObject({ kind: 'INVALID_ARGUMENT', code: 'INBOUND.MESSAGE_ID_REUSED' });
    expect(repository.rejected).toEqual([
      expect.objectContaining({
        messageId: 'm-3',
        kind: 'PushDoctors',
        code: 'INBOUND.MESSAGE_ID_REUSED',
      }),
    ]);
  });

  it('keeps a refused message with proto field names, records nothing applied, and frees the message id', async () => {
    const refuse = async (): Promise<never> => {
      throw invalidArgument('LAB_REPORT.INVALID', [
        { field: 'report.observations.0.loincCode', description: 'bad' },
      ]);
    };
    await expect(
      service.receive(hospital, 'PublishLabReport', { messageId: 'm-4' }, undefined, refuse),
    ).rejects.toMatchObject({
      code: 'LAB_REPORT.INVALID',
      violations: [{ field: 'report.observations.0.loinc_code', description: 'bad' }],
    });
    expect(repository.rejected).toEqual([
      expect.objectContaining({
        messageId: 'm-4',
        status: 'INVALID_ARGUMENT',
        violations: [{ field: 'report.observations.0.loinc_code', description: 'bad' }],
      }),
    ]);
    expect(repository.messages.size).toBe(0);
    const retried = await service.receive(
      hospital,
      'PublishLabReport',
      { messageId: 'm-4' },
      undefined,
      async () => ({ outcome: {}, stale: false }),
    );
    expect(retried.duplicate).toBe(false);
  });

  it('refuses an invalid message id before applying anything', async () => {
    let applied = false;
    await expect(
      service.receive(
        hospital,
        'PublishLabReport',
        { messageId: 'has space' },
        undefined,
        async () => {
          applied = true;
          return { outcome: {}, stale: false };
        },
      ),
    ).rejects.toMatchObject({
      code: 'INBOUND.INVALID_MESSAGE',
      violations: [{ field: 'message_id' }],
    });
    expect(applied).toBe(false);
    expect(repository.rejected).toHaveLength(1);
  });

  it('lets unexpected failures through without keeping them as refusals', async () => {
    await expect(
      service.receive(hospital, 'PublishLabReport', { messageId: 'm-5' }, undefined, async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    await expect(
      service.receive(hospital, 'PublishLabReport', { messageId: 'm-6' }, undefined, async () => {
        throw new DomainError('INTERNAL', 'X.BUG', 'bug');
      }),
    ).rejects.toMatchObject({ code: 'X.BUG' });
    expect(repository.rejected).toEqual([]);
  });
});
