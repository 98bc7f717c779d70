import { Injectable } from '@nestjs/common';

import type { CallRecordHook, RecordedCall } from '../completions/call-recorder';
import type { Prisma } from '../generated/prisma/client';
import { subjectOf } from './budget-limits';
import { UsageLedgerRepository } from './usage-ledger.repository';

/** Bills each answered call in the usage ledger, in the transaction of its audit row. */
@Injectable()
export class UsageLedgerHook implements CallRecordHook {
  constructor(private readonly ledger: UsageLedgerRepository) {}

  async inTransaction(tx: Prisma.TransactionClient, call: RecordedCall): Promise<void> {
    // Failed calls are not billed; neither are failed attempts of answered ones.
    if (!('result' in call)) return;
    const { usage, decision } = call.result;
    await this.ledger.append(tx, {
      callId: call.callId,
      subject: subjectOf(call.context),
      partnerId: call.context.partnerId,
      callerService: call.context.service,
      task: call.request.task,
      model: decision.model ?? 'unknown',
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      reasoningTokens: usage.reasoningTokens,
      cachedInputTokens: usage.cachedInputTokens,
      costMicroFen: usage.costMicroFen,
      usageEstimated: usage.estimated,
      billedAt: call.completedAt,
    });
  }
}
