import { Inject, Injectable, Optional } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { OutboxWriter } from '@meridian/platform';

import { CALL_RECORD_HOOK } from '../completions/call-recorder';
import type { CallRecordHook, CallRecorder, RecordedCall } from '../completions/call-recorder';
import { toEvent, toRecord } from './model-call';
import { ModelCallCompleted } from '@meridian/contracts';
import { ModelCallsRepository } from './model-calls.repository';

/**
 * Writes the audit row of a call and its `model call completed` event in one transaction, so a
 * call is either accounted for everywhere or nowhere.
 */
@Injectable()
export class ModelCallRecorder implements CallRecorder, OnModuleDestroy {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly repository: ModelCallsRepository,
    private readonly outbox: OutboxWriter,
    @Optional() @Inject(CALL_RECORD_HOOK) private readonly hook?: CallRecordHook,
  ) {}

  record(call: RecordedCall): Promise<void> {
    const work = this.write(call).finally(() => {
      this.pending.delete(work);
    });
    this.pending.add(work);
    return work;
  }

  /** Lets records still being written finish before the database goes away. */
  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async write(call: RecordedCall): Promise<void> {
    const record = toRecord(call);
    await this.repository.transaction(async (tx) => {
      await this.repository.insert(tx, record);
      await this.outbox.append(tx, ModelCallCompleted, toEvent(record), { key: record.id });
      await this.hook?.inTransaction(tx, call);
    });
    this.outbox.notifyCommitted();
  }
}
