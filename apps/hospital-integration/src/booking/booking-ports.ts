import type {
  BookingSaga,
  Confirmation,
  HoldResult,
  PatientRef,
  PaymentOutcome,
  PaymentResult,
  PriceSplit,
  SagaEnding,
} from './booking-saga';

/**
 * Why a step's call failed. `refused`: the other side answered no, and asking again will not change
 * that (the saga compensates). `retryable`: nothing is known to have happened, or the outcome is
 * unknown (a timeout); the same call with the same idempotency key is tried again later.
 */
export class StepError extends Error {
  constructor(
    readonly kind: 'refused' | 'retryable',
    /** Stable code, e.g. `APPOINTMENT.SLOT_TAKEN` or the remote reason. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'StepError';
  }
}

/** The appointment at the hospital and its record in hospital-integration. */
export interface HospitalPort {
  /** The slot's hospital, or undefined when the platform knows no such slot. */
  findSlot(slotId: string): Promise<{ readonly hospitalId: string } | undefined>;
  /** Claims the slot and holds it at the hospital. */
  hold(saga: BookingSaga, idempotencyKey: string): Promise<HoldResult>;
  /** Records the price and the payment on the appointment (idempotent). */
  awaitPayment(saga: BookingSaga, price: PriceSplit, payment: PaymentResult | null): Promise<void>;
  /** Turns the hold into a booked appointment at the hospital. */
  confirm(saga: BookingSaga, idempotencyKey: string): Promise<Confirmation>;
  /**
   * Releases the hold or cancels the booked appointment at the hospital and frees the slot. Nothing
   * held at the hospital counts as done. Refused with `PAST_CANCELLATION_CUTOFF` for a booked
   * appointment too close to the visit.
   */
  cancel(saga: BookingSaga, idempotencyKey: string, reason: string): Promise<void>;
  /** Records the appointment as confirmed (idempotent). */
  markConfirmed(saga: BookingSaga): Promise<void>;
  /** Records how the appointment ended (idempotent). */
  markEnded(saga: BookingSaga, ending: SagaEnding): Promise<void>;
}

export interface QuoteInput {
  readonly certificateId: string;
  readonly hospitalId: string;
  readonly hospitalRegionCode: string;
  readonly appointmentId: string;
  readonly feeFen: string;
}

/** insurance-certificates' Settlement service. */
export interface InsurancePort {
  quote(idempotencyKey: string, input: QuoteInput): Promise<PriceSplit>;
  /** Resolves to the settlement id. */
  settle(idempotencyKey: string, quoteId: string, paymentIntentId: string): Promise<string>;
  reverse(idempotencyKey: string, settlementId: string, reason: string): Promise<void>;
}

export interface PaymentInput {
  readonly payer: PatientRef;
  readonly amountFen: string;
  readonly channel: string;
  readonly appointmentId: string;
  readonly description: string;
  readonly expiresAt: Date;
  readonly returnUrl: string;
}

/** `PENDING`: the payer has not paid yet and the intent can still be paid. */
export type PaymentState = PaymentOutcome | 'PENDING';

/** payments' Payments service. */
export interface PaymentsPort {
  create(idempotencyKey: string, input: PaymentInput): Promise<PaymentResult>;
  state(paymentIntentId: string, payer: PatientRef): Promise<PaymentState>;
  /** Cancels an unpaid intent; resolves to how it ended (SUCCEEDED when it was paid first). */
  cancel(idempotencyKey: string, paymentIntentId: string, reason: string): Promise<PaymentOutcome>;
  /** Refunds; resolves to the refund id. */
  refund(
    idempotencyKey: string,
    paymentIntentId: string,
    amountFen: string,
    reason: string,
  ): Promise<string>;
}

/** Injection tokens of the ports, so that the saga's code depends on no transport. */
export const HOSPITAL_PORT = Symbol('HOSPITAL_PORT');
export const INSURANCE_PORT = Symbol('INSURANCE_PORT');
export const PAYMENTS_PORT = Symbol('PAYMENTS_PORT');

export interface BookingPorts {
  readonly hospital: HospitalPort;
  readonly insurance: InsurancePort;
  readonly payments: PaymentsPort;
}
