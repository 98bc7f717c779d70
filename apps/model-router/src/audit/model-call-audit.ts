import type { ModelCallRecord } from '../calls/model-call';
import type { Task } from '../catalog/catalog.schema';
import type { DataClass } from '../privacy/data-policy';
import type { CompletionFailureCode } from '../routing/routing.types';

/** Who reads the audit and why; recorded with every read. */
export interface AuditReader {
  readonly service: string;
  readonly principal: string;
  readonly purpose: string;
}

/** Outcomes a call can end with: answered, or a failure code. */
export const CALL_OUTCOMES = [
  'answered',
  'first-token-timeout',
  'idle-timeout',
  'all-candidates-failed',
  'no-candidate-available',
  'content-filtered',
  'context-length-exceeded',
  'invalid-output',
  'cancelled',
] as const satisfies readonly ('answered' | CompletionFailureCode)[];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Filters of a listing; absent means any. */
export interface ModelCallFilters {
  readonly partnerId?: string;
  readonly callerService?: string;
  readonly patientId?: string;
  readonly task?: Task;
  readonly model?: string;
  readonly outcome?: CallOutcome;
  readonly dataClass?: DataClass;
  /** Started at or after. */
  readonly startedFrom?: Date;
  /** Started before. */
  readonly startedBefore?: Date;
}

/** A recorded call as the audit shows it, with the reasoning of its attempts. */
export type AuditedCall = ModelCallRecord;

/** The operations of the audit, as recorded in the read log. */
export type AuditOperation = 'ListModelCalls' | 'GetModelCall';

/** One entry of the read log. */
export interface AuditReadRecord {
  readonly id: string;
  readonly reader: AuditReader;
  readonly operation: AuditOperation;
  /** What was asked for (filters, page, call id), as JSON-safe values. */
  readonly filters: Readonly<Record<string, string | number | null>>;
  readonly callIds: readonly string[];
  /** Distinct patient references the answer exposed. */
  readonly patientIds: readonly string[];
  readonly readAt: Date;
}
