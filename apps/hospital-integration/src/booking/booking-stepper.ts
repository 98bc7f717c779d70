import { compensationsFor, isTerminal, stepKey } from './booking-saga';
import type {
  BookingSaga,
  Compensation,
  PaymentOutcome,
  SagaEnding,
  SagaResults,
  SagaStep,
} from './booking-saga';
import { StepError } from './booking-ports';
import type { BookingPorts } from './booking-ports';

export interface StepperOptions {
  /** Tries of a forward step before the booking gives up and compensates. */
  readonly maxForwardAttempts: number;
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  /** The payment window closes this long before the hospital's hold lapses. */
  readonly holdSafetyMarginMs: number;
  /** The longest payment window, whatever the hold allows. */
  readonly maxPaymentWindowMs: number;
  /** How long after the payment window the saga checks the payment itself if no event came. */
  readonly paymentGraceMs: number;
  readonly now?: () => Date;
}

/** Codes of the ways a booking ends other than confirmed. */
export const BookingFailureCode = {
  holdRefused: 'APPOINTMENT.HOLD_REFUSED',
  quoteRefused: 'BOOKING.QUOTE_REFUSED',
  paymentRefused: 'BOOKING.PAYMENT_REFUSED',
  paymentFailed: 'PAYMENT.FAILED',
  paymentExpired: 'PAYMENT.EXPIRED',
  hospitalRejected: 'APPOINTMENT.HOSPITAL_REJECTED',
  settlementRefused: 'BOOKING.SETTLEMENT_REFUSED',
  stepFailed: 'BOOKING.STEP_FAILED',
  cancelledByPatient: 'APPOINTMENT.CANCELLED_BY_PATIENT',
} as const;

const FORWARD: ReadonlySet<SagaStep> = new Set([
  'HOLD',
  'QUOTE',
  'CREATE_PAYMENT',
  'AWAIT_PAYMENT',
  'CONFIRM',
  'SETTLE',
  'FINISH',
]);

function fen(value: string): bigint {
  return BigInt(value);
}

function errorText(error: unknown): string {
  if (error instanceof StepError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Advances a booking saga by one step: makes that step's outbound call through the ports and returns
 * the saga with the step's result recorded and the next step chosen. It holds no state of its own and
 * never writes anything: the runner persists what it returns.
 */
export class BookingStepper {
  private readonly now: () => Date;

  constructor(
    private readonly ports: BookingPorts,
    private readonly options: StepperOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  async advance(saga: BookingSaga): Promise<BookingSaga> {
    const now = this.now();
    if (isTerminal(saga.status) && !(saga.status === 'CONFIRMED' && saga.cancel)) return saga;
    const cancelled = this.startCancellation(saga, now);
    if (cancelled) return cancelled;
    try {
      return await this.step(saga, now);
    } catch (error) {
      if (error instanceof StepError && error.kind === 'refused')
        return this.refused(saga, error, now);
      return this.retryLater(saga, error, now);
    }
  }

  private async step(saga: BookingSaga, now: Date): Promise<BookingSaga> {
    const { hospital, insurance, payments } = this.ports;
    const results = saga.results;
    switch (saga.step) {
      case 'HOLD': {
        const hold = await hospital.hold(saga, stepKey(saga, 'hold'));
        const withHold = { ...results, hold };
        if (saga.request.certificateId === '') {
          const price = {
            totalFen: hold.feeFen,
            coveredFen: '0',
            payableFen: hold.feeFen,
            quoteId: '',
          };
          return this.moveTo(saga, 'CREATE_PAYMENT', now, { results: { ...withHold, price } });
        }
        return this.moveTo(saga, 'QUOTE', now, { results: withHold });
      }
      case 'QUOTE': {
        const hold = this.required(saga, 'hold');
        const price = await insurance.quote(stepKey(saga, 'quote'), {
          certificateId: saga.request.certificateId,
          hospitalId: hold.hospitalId,
          hospitalRegionCode: hold.hospitalRegionCode,
          appointmentId: saga.appointmentId,
          feeFen: hold.feeFen,
        });
        return this.moveTo(saga, 'CREATE_PAYMENT', now, { results: { ...results, price } });
      }
      case 'CREATE_PAYMENT': {
        const hold = this.required(saga, 'hold');
        const price = this.required(saga, 'price');
        if (fen(price.payableFen) === 0n) {
          await hospital.awaitPayment(saga, price, null);
          return this.moveTo(saga, 'CONFIRM', now, { status: 'RUNNING' });
        }
        const holdEnds = new Date(hold.holdExpiresAt).getTime() - this.options.holdSafetyMarginMs;
        const expiresAt = new Date(
          Math.min(holdEnds, now.getTime() + this.options.maxPaymentWindowMs),
        );
        if (expiresAt.getTime() <= now.getTime()) {
          throw new StepError('refused', 'HOLD_TOO_SHORT', 'The hold leaves no time to pay');
        }
        const payment = await payments.create(stepKey(saga, 'payment'), {
          payer: saga.request.patient,
          amountFen: price.payableFen,
          channel: saga.request.paymentChannel,
          appointmentId: saga.appointmentId,
          description: 'Appointment registration fee',
          expiresAt,
          returnUrl: saga.request.paymentReturnUrl,
        });
        await hospital.awaitPayment(saga, price, payment);
        return this.moveTo(saga, 'AWAIT_PAYMENT', now, {
          status: 'AWAITING_PAYMENT',
          results: { ...results, payment },
          // The outcome may already have arrived (recorded by the event handler): go on at once.
          nextRunAt:
            results.paymentOutcome === undefined
              ? new Date(new Date(payment.expiresAt).getTime() + this.options.paymentGraceMs)
              : now,
        });
      }
      case 'AWAIT_PAYMENT':
        return this.awaitPayment(saga, now);
      case 'CONFIRM': {
        const confirmation = await hospital.confirm(saga, stepKey(saga, 'confirm'));
        const next: SagaStep = this.required(saga, 'price').quoteId === '' ? 'FINISH' : 'SETTLE';
        return this.moveTo(saga, next, now, { results: { ...results, confirmation } });
      }
      case 'SETTLE': {
        const settlementId = await insurance.settle(
          stepKey(saga, 'settle'),
          this.required(saga, 'price').quoteId,
          results.payment?.paymentIntentId ?? '',
        );
        return this.moveTo(saga, 'FINISH', now, { results: { ...results, settlementId } });
      }
      case 'FINISH':
        await hospital.markConfirmed(saga);
        return this.moveTo(saga, 'DONE', now, { status: 'CONFIRMED', nextRunAt: null });
      case 'COMPENSATE':
        return this.compensate(saga, now);
      case 'DONE':
        return saga;
    }
  }

  private async awaitPayment(saga: BookingSaga, now: Date): Promise<BookingSaga> {
    const payment = this.required(saga, 'payment');
    let state =
      saga.results.paymentOutcome ??
      (await this.ports.payments.state(payment.paymentIntentId, saga.request.patient));
    if (state === 'PENDING') {
      const expiresAt = new Date(payment.expiresAt);
      if (now.getTime() < expiresAt.getTime()) {
        // An early wake-up (e.g. a restart): keep waiting for the event or the deadline.
        return {
          ...saga,
          nextRunAt: new Date(expiresAt.getTime() + this.options.paymentGraceMs),
          updatedAt: now,
        };
      }
      // The window closed without an event: close the intent, so it can no longer be paid.
      state = await this.ports.payments.cancel(
        stepKey(saga, 'expire_payment'),
        payment.paymentIntentId,
        'payment window closed',
      );
    }
    return this.afterPayment(saga, state, now);
  }

  private afterPayment(saga: BookingSaga, outcome: PaymentOutcome, now: Date): BookingSaga {
    const results: SagaResults = { ...saga.results, paymentOutcome: outcome };
    if (outcome === 'SUCCEEDED')
      return this.moveTo(saga, 'CONFIRM', now, { status: 'RUNNING', results });
    const ending: SagaEnding =
      outcome === 'FAILED'
        ? {
            status: 'FAILED',
            failureCode: BookingFailureCode.paymentFailed,
            endedBy: 'PLATFORM',
            reason: 'payment failed',
          }
        : {
            status: 'EXPIRED',
            failureCode: BookingFailureCode.paymentExpired,
            endedBy: 'PLATFORM',
            reason: 'not paid in time',
          };
    return this.startCompensation({ ...saga, results }, ending, now);
  }

  private async compensate(saga: BookingSaga, now: Date): Promise<BookingSaga> {
    const ending = saga.ending;
    if (!ending) throw new Error(`Saga ${saga.id} compensates without an ending`);
    const [next, ...rest] = saga.pendingCompensations;
    if (next === undefined) {
      await this.ports.hospital.markEnded(saga, ending);
      return this.moveTo(saga, 'DONE', now, { status: ending.status, nextRunAt: null });
    }
    const results = await this.undo(saga, next, ending);
    let pending: Compensation[] = rest;
    // The payer paid before the intent could be cancelled: the money goes back.
    if (
      next === 'CANCEL_PAYMENT' &&
      results.paymentOutcome === 'SUCCEEDED' &&
      !pending.includes('REFUND')
    ) {
      pending = [...pending, 'REFUND'];
    }
    return {
      ...saga,
      results,
      pendingCompensations: pending,
      attempts: 0,
      lastError: '',
      nextRunAt: now,
      updatedAt: now,
    };
  }

  private async undo(
    saga: BookingSaga,
    action: Compensation,
    ending: SagaEnding,
  ): Promise<SagaResults> {
    const { hospital, insurance, payments } = this.ports;
    const results = saga.results;
    switch (action) {
      case 'CANCEL_PAYMENT': {
        const payment = this.required(saga, 'payment');
        const outcome = await payments.cancel(
          stepKey(saga, 'cancel_payment'),
          payment.paymentIntentId,
          ending.reason,
        );
        return { ...results, paymentOutcome: outcome, paymentCancelled: outcome === 'CANCELLED' };
      }
      case 'CANCEL_AT_HOSPITAL':
        await hospital.cancel(saga, stepKey(saga, 'cancel_at_hospital'), ending.reason);
        return { ...results, cancelledAtHospital: true };
      case 'REVERSE_SETTLEMENT':
        await insurance.reverse(
          stepKey(saga, 'reverse_settlement'),
          this.required(saga, 'settlementId'),
          ending.reason,
        );
        return { ...results, settlementReversed: true };
      case 'REFUND': {
        const payment = this.required(saga, 'payment');
        const refundId = await payments.refund(
          stepKey(saga, 'refund'),
          payment.paymentIntentId,
          payment.amountFen,
          ending.reason,
        );
        return { ...results, refundId, refundedFen: payment.amountFen };
      }
    }
  }

  /** A patient's cancellation, taken up at the next step boundary. */
  private startCancellation(saga: BookingSaga, now: Date): BookingSaga | undefined {
    if (!saga.cancel || saga.ending?.status === 'CANCELLED' || saga.step === 'COMPENSATE')
      return undefined;
    return this.startCompensation(
      saga,
      {
        status: 'CANCELLED',
        failureCode: '',
        endedBy: 'PATIENT',
        reason: saga.cancel.reason || 'cancelled by the patient',
      },
      now,
    );
  }

  private startCompensation(saga: BookingSaga, ending: SagaEnding, now: Date): BookingSaga {
    return {
      ...saga,
      status: 'COMPENSATING',
      step: 'COMPENSATE',
      ending,
      pendingCompensations: compensationsFor(
        saga.results,
        saga.step === 'HOLD' && saga.attempts > 0,
      ),
      attempts: 0,
      lastError: '',
      nextRunAt: now,
      updatedAt: now,
    };
  }

  private refused(saga: BookingSaga, error: StepError, now: Date): BookingSaga {
    const failed = (
      failureCode: string,
      endedBy: SagaEnding['endedBy'] = 'PLATFORM',
    ): BookingSaga =>
      this.startCompensation(
        { ...saga, lastError: errorText(error) },
        {
          status: 'FAILED',
          failureCode,
          endedBy,
          reason: `${error.code}: ${error.message}`.slice(0, 500),
        },
        now,
      );
    switch (saga.step) {
      case 'HOLD':
        return failed(error.code.includes('.') ? error.code : BookingFailureCode.holdRefused);
      case 'QUOTE':
        return failed(BookingFailureCode.quoteRefused);
      case 'CREATE_PAYMENT':
        return failed(BookingFailureCode.paymentRefused);
      case 'AWAIT_PAYMENT':
        return failed(BookingFailureCode.paymentRefused);
      case 'CONFIRM':
        return failed(BookingFailureCode.hospitalRejected, 'HOSPITAL');
      case 'SETTLE':
        return failed(BookingFailureCode.settlementRefused);
      case 'FINISH':
      case 'DONE':
        return this.retryLater(saga, error, now);
      case 'COMPENSATE':
        return this.compensationRefused(saga, error, now);
    }
  }

  /**
   * A compensation that the other side refuses. The hospital refusing a patient's cancellation
   * (past its cutoff) keeps the appointment; anything else is retried, because an effect that cannot
   * be undone needs a person, and `last_error` says why it is stuck.
   */
  private compensationRefused(saga: BookingSaga, error: StepError, now: Date): BookingSaga {
    const [next] = saga.pendingCompensations;
    if (
      next === 'CANCEL_AT_HOSPITAL' &&
      saga.ending?.endedBy === 'PATIENT' &&
      saga.results.confirmation &&
      !saga.results.settlementReversed &&
      saga.results.refundId === undefined
    ) {
      return {
        ...saga,
        status: 'CONFIRMED',
        step: 'DONE',
        ending: null,
        cancel: null,
        pendingCompensations: [],
        results: { ...saga.results, cancelRejection: error.code },
        attempts: 0,
        lastError: errorText(error),
        nextRunAt: null,
        updatedAt: now,
      };
    }
    return this.retryLater(saga, error, now);
  }

  private retryLater(saga: BookingSaga, error: unknown, now: Date): BookingSaga {
    const attempts = saga.attempts + 1;
    if (
      FORWARD.has(saga.step) &&
      saga.step !== 'FINISH' &&
      attempts >= this.options.maxForwardAttempts
    ) {
      return this.startCompensation(
        { ...saga, lastError: errorText(error) },
        {
          status: 'FAILED',
          failureCode: BookingFailureCode.stepFailed,
          endedBy: 'PLATFORM',
          reason: `${saga.step} kept failing`,
        },
        now,
      );
    }
    const delay = Math.min(
      this.options.baseBackoffMs * 2 ** (attempts - 1),
      this.options.maxBackoffMs,
    );
    return {
      ...saga,
      attempts,
      lastError: errorText(error),
      nextRunAt: new Date(now.getTime() + delay),
      updatedAt: now,
    };
  }

  private moveTo(
    saga: BookingSaga,
    step: SagaStep,
    now: Date,
    changes: Partial<Pick<BookingSaga, 'status' | 'results' | 'nextRunAt'>> = {},
  ): BookingSaga {
    return {
      ...saga,
      ...changes,
      step,
      attempts: 0,
      lastError: '',
      nextRunAt: changes.nextRunAt === undefined ? now : changes.nextRunAt,
      updatedAt: now,
    };
  }

  private required<K extends keyof SagaResults>(
    saga: BookingSaga,
    key: K,
  ): NonNullable<SagaResults[K]> {
    const value = saga.results[key];
    if (value === undefined) {
      throw new Error(`Saga ${saga.id} reached ${saga.step} without its ${key}`);
    }
    return value;
  }
}
