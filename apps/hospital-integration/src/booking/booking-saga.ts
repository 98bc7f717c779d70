/**
 * The booking saga as data: what a booking has done so far (each step's result is recorded before
 * the saga moves on) and what it does next. The runner persists a saga after every step, so a crash
 * resumes at the step that was in progress; every outbound call carries an idempotency key derived
 * from the saga id and the step, so repeating an interrupted step never repeats its effect.
 */

export type SagaStatus =
  | 'RUNNING'
  | 'AWAITING_PAYMENT'
  | 'COMPENSATING'
  | 'CONFIRMED'
  | 'FAILED'
  | 'EXPIRED'
  | 'CANCELLED';

/** Forward steps, in order, then the compensation and closing steps. */
export type SagaStep =
  | 'HOLD'
  | 'QUOTE'
  | 'CREATE_PAYMENT'
  | 'AWAIT_PAYMENT'
  | 'CONFIRM'
  | 'SETTLE'
  | 'FINISH'
  | 'COMPENSATE'
  | 'DONE';

/** Undo actions, run in the order listed in `pendingCompensations`. */
export type Compensation =
  'CANCEL_PAYMENT' | 'CANCEL_AT_HOSPITAL' | 'REVERSE_SETTLEMENT' | 'REFUND';

export type EndStatus = 'FAILED' | 'EXPIRED' | 'CANCELLED';
export type Party = 'PATIENT' | 'HOSPITAL' | 'PLATFORM';

export type PaymentOutcome = 'SUCCEEDED' | 'FAILED' | 'EXPIRED' | 'CANCELLED';

export interface PatientRef {
  readonly partnerId: string;
  readonly patientId: string;
}

/** The person who attends (PHI): forwarded to the hospital only. */
export interface Visitor {
  readonly name: string;
  readonly documentType: string;
  readonly documentNumber: string;
  readonly sex: string;
  readonly birthDate: {
    readonly year: number;
    readonly month: number;
    readonly day: number;
  } | null;
  readonly phone: string;
}

export interface HoldResult {
  readonly holdCode: string;
  readonly holdExpiresAt: string;
  readonly feeFen: string;
  readonly hospitalId: string;
  readonly hospitalRegionCode: string;
  readonly startTime: string;
}

export interface PriceSplit {
  readonly totalFen: string;
  readonly coveredFen: string;
  readonly payableFen: string;
  /** Empty for self-pay. */
  readonly quoteId: string;
}

export interface PaymentResult {
  readonly paymentIntentId: string;
  readonly amountFen: string;
  readonly expiresAt: string;
}

export interface Confirmation {
  readonly hospitalAppointmentCode: string;
  readonly queueNumber: number;
  readonly visitInstructions: string;
}

/** What the saga's steps produced. Amounts are decimal strings of integer fen (JSON-safe). */
export interface SagaResults {
  readonly hold?: HoldResult;
  readonly price?: PriceSplit;
  readonly payment?: PaymentResult;
  readonly paymentOutcome?: PaymentOutcome;
  readonly confirmation?: Confirmation;
  readonly settlementId?: string;
  readonly refundId?: string;
  readonly refundedFen?: string;
  readonly settlementReversed?: boolean;
  readonly cancelledAtHospital?: boolean;
  readonly paymentCancelled?: boolean;
  /** Set when the hospital refused a patient's cancellation (e.g. past its cutoff). */
  readonly cancelRejection?: string;
}

export interface CancelRequest {
  readonly reason: string;
  readonly requestedAt: string;
}

/** How the saga ends when it compensates. */
export interface SagaEnding {
  readonly status: EndStatus;
  readonly failureCode: string;
  readonly endedBy: Party;
  readonly reason: string;
}

export interface BookingRequest {
  readonly patient: PatientRef;
  readonly slotId: string;
  /** The slot's hospital, resolved when the booking was requested. */
  readonly hospitalId: string;
  readonly visitor: Visitor;
  readonly certificateId: string;
  readonly paymentChannel: string;
  readonly paymentReturnUrl: string;
  readonly consultationId: string;
}

export interface BookingSaga {
  readonly id: string;
  readonly appointmentId: string;
  readonly request: BookingRequest;
  readonly status: SagaStatus;
  readonly step: SagaStep;
  /** Failed tries of the current step. */
  readonly attempts: number;
  /** When the runner should advance it next; null once it ended (or while it waits for nothing). */
  readonly nextRunAt: Date | null;
  readonly lastError: string;
  readonly results: SagaResults;
  readonly pendingCompensations: readonly Compensation[];
  readonly ending: SagaEnding | null;
  readonly cancel: CancelRequest | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

export function isTerminal(status: SagaStatus): boolean {
  return (
    status === 'CONFIRMED' || status === 'FAILED' || status === 'EXPIRED' || status === 'CANCELLED'
  );
}

/** The idempotency key of one step's outbound call: stable across retries and restarts. */
export function stepKey(saga: Pick<BookingSaga, 'id'>, step: string): string {
  return `booking:${saga.id}:${step.toLowerCase()}`;
}

/** Compensations that undo what has been done so far, in a safe order. */
export function compensationsFor(results: SagaResults, holdUncertain = false): Compensation[] {
  const list: Compensation[] = [];
  const paid = results.paymentOutcome === 'SUCCEEDED';
  if (results.payment && results.paymentOutcome === undefined) list.push('CANCEL_PAYMENT');
  // A hold whose answer was lost (timeouts) may exist at the hospital: cancel it by appointment id.
  if (results.hold || holdUncertain) list.push('CANCEL_AT_HOSPITAL');
  if (results.settlementId) list.push('REVERSE_SETTLEMENT');
  if (paid) list.push('REFUND');
  return list;
}
