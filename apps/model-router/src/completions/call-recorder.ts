import type { Prisma } from '../generated/prisma/client';
import type {
  CompletionFailure,
  CompletionRequest,
  CompletionResult,
  RouteDecision,
} from '../routing/routing.types';
import type { CallContext } from './completions.service';

/** Everything known about a call once it has ended. */
export type RecordedCall = {
  readonly callId: string;
  readonly request: CompletionRequest;
  readonly context: CallContext;
  readonly decision: RouteDecision;
  readonly startedAt: Date;
  readonly completedAt: Date;
} & ({ readonly result: CompletionResult } | { readonly failure: CompletionFailure });

/** Keeps the account of every call (audit record, usage, event). */
export interface CallRecorder {
  record(call: RecordedCall): Promise<void>;
}

export const CALL_RECORDER = Symbol('CALL_RECORDER');

/**
 * Writes more of a call's account (the usage ledger) inside the transaction of its audit row, so
 * that both are written or neither.
 */
export interface CallRecordHook {
  inTransaction(tx: Prisma.TransactionClient, call: RecordedCall): Promise<void>;
}

export const CALL_RECORD_HOOK = Symbol('CALL_RECORD_HOOK');
