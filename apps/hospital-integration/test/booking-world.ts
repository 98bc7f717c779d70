import { StepError } from '../src/booking/booking-ports';
import type {
  BookingPorts,
  HospitalPort,
  InsurancePort,
  PaymentInput,
  PaymentState,
  PaymentsPort,
  QuoteInput,
} from '../src/booking/booking-ports';
import type {
  BookingSaga,
  Confirmation,
  HoldResult,
  PaymentOutcome,
  PaymentResult,
  PriceSplit,
  SagaEnding,
} from '../src/booking/booking-saga';

type Fault = StepError | Error;

/**
 * In-memory stand-ins for the hospital, insurance and payments, for unit tests of the saga. Each
 * keeps its effects by idempotency key, as the real services do, and counts them, so a test can see
 * that a repeated step did not repeat its effect. `failNext` makes the next call of a method fail.
 */
export class FakeWorld implements BookingPorts {
  readonly effects: string[] = [];
  readonly holds = new Map<string, HoldResult>();
  readonly heldSlots = new Set<string>();
  readonly confirmed = new Map<string, Confirmation>();
  readonly quotes = new Map<string, PriceSplit>();
  readonly settlements = new Map<string, { quoteId: string; reversed: boolean }>();
  readonly intents = new Map<
    string,
    { input: PaymentInput; state: PaymentState; refundedFen: bigint }
  >();
  readonly refunds = new Map<string, string>();
  readonly ended = new Map<string, SagaEnding>();
  private readonly byKey = new Map<string, unknown>();
  private readonly faults = new Map<string, Fault[]>();
  private counter = 0;

  feeFen = '2000';
  holdMs = 10 * 60_000;

  constructor(private readonly now: () => Date) {}

  failNext(method: string, fault: Fault, times = 1): void {
    this.faults.set(method, [
      ...(this.faults.get(method) ?? []),
      ...Array<Fault>(times).fill(fault),
    ]);
  }

  count(effect: string): number {
    return this.effects.filter((e) => e === effect).length;
  }

  private fault(method: string): void {
    const queue = this.faults.get(method);
    const next = queue?.shift();
    if (next) throw next;
  }

  private once<T>(key: string, effect: string, make: () => T): T {
    if (this.byKey.has(key)) return this.byKey.get(key) as T;
    const value = make();
    this.byKey.set(key, value);
    this.effects.push(effect);
    return value;
  }

  private id(prefix: string): string {
    this.counter += 1;
    return `${prefix}-${String(this.counter)}`;
  }

  readonly hospital: HospitalPort = {
    findSlot: () => Promise.resolve({ hospitalId: '0190c0de-0000-7000-8000-00000000000a' }),
    hold: (saga, key) => {
      this.fault('hold');
      return Promise.resolve(
        this.once(key, 'hold', () => {
          if (this.heldSlots.has(saga.request.slotId)) {
            throw new StepError('refused', 'APPOINTMENT.SLOT_TAKEN', 'slot taken');
          }
          this.heldSlots.add(saga.request.slotId);
          const hold: HoldResult = {
            holdCode: this.id('hold'),
            holdExpiresAt: new Date(this.now().getTime() + this.holdMs).toISOString(),
            feeFen: this.feeFen,
            hospitalId: '0190c0de-0000-7000-8000-00000000000a',
            hospitalRegionCode: '330100',
            startTime: new Date(this.now().getTime() + 86_400_000).toISOString(),
          };
          this.holds.set(saga.appointmentId, hold);
          return hold;
        }),
      );
    },
    awaitPayment: () => {
      this.fault('awaitPayment');
      return Promise.resolve();
    },
    confirm: (saga, key) => {
      this.fault('confirm');
      return Promise.resolve(
        this.once(key, 'confirm', () => {
          const confirmation = {
            hospitalAppointmentCode: this.id('visit'),
            queueNumber: 7,
            visitInstructions: 'Floor 3',
          };
          this.confirmed.set(saga.appointmentId, confirmation);
          return confirmation;
        }),
      );
    },
    cancel: (saga: BookingSaga, key: string) => {
      this.fault('cancel');
      this.once(key, 'cancel', () => {
        this.heldSlots.delete(saga.request.slotId);
        this.holds.delete(saga.appointmentId);
        this.confirmed.delete(saga.appointmentId);
        return true;
      });
      return Promise.resolve();
    },
    markConfirmed: () => {
      this.fault('markConfirmed');
      return Promise.resolve();
    },
    markEnded: (saga, ending) => {
      this.fault('markEnded');
      this.ended.set(saga.appointmentId, ending);
      return Promise.resolve();
    },
  };

  readonly insurance: InsurancePort = {
    quote: (key: string, input: QuoteInput) => {
      this.fault('quote');
      return Promise.resolve(
        this.once(key, 'quote', () => {
          const total = BigInt(input.feeFen);
          const covered = total / 2n;
          const quote: PriceSplit = {
            totalFen: total.toString(),
            coveredFen: covered.toString(),
            payableFen: (total - covered).toString(),
            quoteId: this.id('quote'),
          };
          this.quotes.set(quote.quoteId, quote);
          return quote;
        }),
      );
    },
    settle: (key, quoteId) => {
      this.fault('settle');
      return Promise.resolve(
        this.once(key, 'settle', () => {
          const id = this.id('settlement');
          this.settlements.set(id, { quoteId, reversed: false });
          return id;
        }),
      );
    },
    reverse: (key, settlementId) => {
      this.fault('reverse');
      this.once(key, 'reverse', () => {
        const settlement = this.settlements.get(settlementId);
        if (settlement) settlement.reversed = true;
        return true;
      });
      return Promise.resolve();
    },
  };

  readonly payments: PaymentsPort = {
    create: (key, input) => {
      this.fault('createPayment');
      return Promise.resolve(
        this.once(key, 'createPayment', (): PaymentResult => {
          const id = this.id('intent');
          this.intents.set(id, { input, state: 'PENDING', refundedFen: 0n });
          return {
            paymentIntentId: id,
            amountFen: input.amountFen,
            expiresAt: input.expiresAt.toISOString(),
          };
        }),
      );
    },
    state: (id) => {
      this.fault('paymentState');
      return Promise.resolve(this.intents.get(id)?.state ?? 'FAILED');
    },
    cancel: (key, id) => {
      this.fault('cancelPayment');
      const intent = this.intents.get(id);
      if (!intent) throw new StepError('refused', 'PAYMENT.NOT_FOUND', 'no intent');
      return Promise.resolve(
        this.once(key, 'cancelPayment', (): PaymentOutcome => {
          if (intent.state === 'PENDING') intent.state = 'CANCELLED';
          return intent.state;
        }),
      );
    },
    refund: (key, id, amountFen) => {
      this.fault('refund');
      return Promise.resolve(
        this.once(key, 'refund', () => {
          const intent = this.intents.get(id);
          if (intent?.state !== 'SUCCEEDED')
            throw new StepError('refused', 'PAYMENT.NOT_CAPTURED', 'not paid');
          intent.refundedFen += BigInt(amountFen);
          const refundId = this.id('refund');
          this.refunds.set(refundId, id);
          return refundId;
        }),
      );
    },
  };

  /** The payer pays (as the sandbox would): the intent succeeds. */
  pay(intentId: string): void {
    const intent = this.intents.get(intentId);
    if (intent?.state === 'PENDING') intent.state = 'SUCCEEDED';
  }

  settle(intentId: string, state: PaymentOutcome): void {
    const intent = this.intents.get(intentId);
    if (intent?.state === 'PENDING') intent.state = state;
  }
}
