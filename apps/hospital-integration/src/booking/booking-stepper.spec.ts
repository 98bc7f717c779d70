import { FakeWorld } from '../../test/booking-world';
import { StepError } from './booking-ports';
import type { BookingSaga } from './booking-saga';
import { BookingStepper } from './booking-stepper';

const T0 = new Date('2026-11-27T08:00:00.000Z');

function newSaga(overrides: Partial<BookingSaga['request']> = {}): BookingSaga {
  return {
    id: '0190c0de-0000-7000-8000-000000000001',
    appointmentId: '0190c0de-0000-7000-8000-000000000002',
    request: {
      patient: { partnerId: 'partner-1', patientId: 'patient-1' },
      slotId: 'slot-1',
      hospitalId: '0190c0de-0000-7000-8000-00000000000a',
      visitor: {
        name: '张三',
        documentType: 'RESIDENT_ID_CARD',
        documentNumber: 'x',
        sex: 'MALE',
        birthDate: null,
        phone: '',
      },
      certificateId: 'cert-1',
      paymentChannel: 'SANDBOX',
      paymentReturnUrl: '',
      consultationId: '',
      ...overrides,
    },
    status: 'RUNNING',
    step: 'HOLD',
    attempts: 0,
    nextRunAt: T0,
    lastError: '',
    results: {},
    pendingCompensations: [],
    ending: null,
    cancel: null,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
  };
}

describe(BookingStepper.name, () => {
  let clock: Date;
  let world: FakeWorld;
  let stepper: BookingStepper;

  beforeEach(() => {
    clock = T0;
    world = new FakeWorld(() => clock);
    stepper = new BookingStepper(world, {
      maxForwardAttempts: 4,
      baseBackoffMs: 100,
      maxBackoffMs: 1_000,
      holdSafetyMarginMs: 30_000,
      maxPaymentWindowMs: 5 * 60_000,
      paymentGraceMs: 5_000,
      now: () => clock,
    });
  });

  /** Advances while the saga is due, as the runner does; the clock jumps to each retry time. */
  async function run(saga: BookingSaga, maxSteps = 50): Promise<BookingSaga> {
    let current = saga;
    for (let i = 0; i < maxSteps; i++) {
      if (current.nextRunAt === null || current.nextRunAt.getTime() > clock.getTime())
        return current;
      current = await stepper.advance(current);
    }
    throw new Error(`saga still running after ${maxSteps} steps at ${current.step}`);
  }

  /** Lets time pass until the saga is due again, then runs it. */
  async function later(saga: BookingSaga): Promise<BookingSaga> {
    if (saga.nextRunAt && saga.nextRunAt.getTime() > clock.getTime()) clock = saga.nextRunAt;
    return run(saga);
  }

  /** What the payment event handler records. */
  const withPaymentOutcome = (
    saga: BookingSaga,
    outcome: 'SUCCEEDED' | 'FAILED' | 'EXPIRED',
  ): BookingSaga => ({
    ...saga,
    results: { ...saga.results, paymentOutcome: outcome },
    nextRunAt: clock,
  });

  it('holds, quotes, asks for the patient share and waits for the payment', async () => {
    const saga = await run(newSaga());
    expect(saga).toMatchObject({ status: 'AWAITING_PAYMENT', step: 'AWAIT_PAYMENT' });
    expect(saga.results.price).toMatchObject({
      totalFen: '2000',
      coveredFen: '1000',
      payableFen: '1000',
    });
    expect(saga.results.price?.quoteId).not.toBe('');
    expect(saga.results.payment?.amountFen).toBe('1000');
    // The payment window closes before the hospital's hold does.
    const payBy = new Date(saga.results.payment?.expiresAt ?? '').getTime();
    expect(payBy).toBeLessThan(new Date(saga.results.hold?.holdExpiresAt ?? '').getTime());
    expect(world.effects).toEqual(['hold', 'quote', 'createPayment']);
  });

  it('confirms, settles and ends CONFIRMED once the payment succeeded', async () => {
    const waiting = await run(newSaga());
    world.pay(waiting.results.payment?.paymentIntentId ?? '');
    const done = await run(withPaymentOutcome(waiting, 'SUCCEEDED'));
    expect(done).toMatchObject({ status: 'CONFIRMED', step: 'DONE', nextRunAt: null });
    expect(done.results.confirmation?.queueNumber).toBe(7);
    expect(done.results.settlementId).toBeDefined();
    expect(world.effects).toEqual(['hold', 'quote', 'createPayment', 'confirm', 'settle']);
  });

  it('skips the quote and the settlement for self-pay', async () => {
    const waiting = await run(newSaga({ certificateId: '' }));
    expect(waiting.results.price).toEqual({
      totalFen: '2000',
      coveredFen: '0',
      payableFen: '2000',
      quoteId: '',
    });
    world.pay(waiting.results.payment?.paymentIntentId ?? '');
    const done = await run(withPaymentOutcome(waiting, 'SUCCEEDED'));
    expect(done.status).toBe('CONFIRMED');
    expect(world.effects).toEqual(['hold', 'createPayment', 'confirm']);
  });

  it('goes straight to confirmation when insurance covers everything', async () => {
    world.feeFen = '0';
    const done = await run(newSaga());
    expect(done.status).toBe('CONFIRMED');
    expect(world.count('createPayment')).toBe(0);
  });

  it('releases the hold when the payment fails, and charges nothing', async () => {
    const waiting = await run(newSaga());
    world.settle(waiting.results.payment?.paymentIntentId ?? '', 'FAILED');
    const ended = await run(withPaymentOutcome(waiting, 'FAILED'));
    expect(ended).toMatchObject({
      status: 'FAILED',
      ending: { failureCode: 'PAYMENT.FAILED', endedBy: 'PLATFORM' },
    });
    expect(world.count('cancel')).toBe(1);
    expect(world.heldSlots.size).toBe(0);
    expect(world.count('refund')).toBe(0);
    expect(world.ended.get(ended.appointmentId)?.status).toBe('FAILED');
  });

  it('closes the payment and releases the hold when no payment came in time (no event needed)', async () => {
    const waiting = await run(newSaga());
    // Nothing happens until the window plus the grace period has passed.
    clock = new Date(T0.getTime() + 60_000);
    expect(await run(waiting)).toBe(waiting);
    const ended = await later(waiting);
    expect(ended).toMatchObject({ status: 'EXPIRED', ending: { failureCode: 'PAYMENT.EXPIRED' } });
    expect(world.count('cancelPayment')).toBe(1);
    expect(world.count('cancel')).toBe(1);
  });

  it('refunds when the payer paid at the last moment but the hold could not be kept', async () => {
    const waiting = await run(newSaga());
    const intentId = waiting.results.payment?.paymentIntentId ?? '';
    world.pay(intentId);
    world.failNext('confirm', new StepError('refused', 'HOLD_EXPIRED', 'the hold expired'));
    const ended = await later(waiting);
    expect(ended).toMatchObject({
      status: 'FAILED',
      ending: { failureCode: 'APPOINTMENT.HOSPITAL_REJECTED', endedBy: 'HOSPITAL' },
    });
    expect(world.intents.get(intentId)?.refundedFen).toBe(1000n);
  });

  it('refunds the patient and releases the hold when the hospital refuses to confirm', async () => {
    const waiting = await run(newSaga());
    const intentId = waiting.results.payment?.paymentIntentId ?? '';
    world.pay(intentId);
    world.failNext('confirm', new StepError('refused', 'PATIENT_BLOCKED', 'blocked'));
    const ended = await run(withPaymentOutcome(waiting, 'SUCCEEDED'));
    expect(ended.status).toBe('FAILED');
    expect(ended.results.refundedFen).toBe('1000');
    expect(world.count('refund')).toBe(1);
    expect(world.count('cancel')).toBe(1);
    expect(world.count('settle')).toBe(0);
  });

  it('cancels at the hospital and refunds when settling is refused after confirmation', async () => {
    const waiting = await run(newSaga());
    world.pay(waiting.results.payment?.paymentIntentId ?? '');
    world.failNext('settle', new StepError('refused', 'SETTLEMENT.QUOTE_EXPIRED', 'expired'));
    const ended = await run(withPaymentOutcome(waiting, 'SUCCEEDED'));
    expect(ended).toMatchObject({
      status: 'FAILED',
      ending: { failureCode: 'BOOKING.SETTLEMENT_REFUSED' },
    });
    expect(world.confirmed.size).toBe(0);
    expect(world.count('refund')).toBe(1);
    expect(world.count('reverse')).toBe(0);
  });

  it('lets a patient cancel a confirmed appointment: hospital, settlement reversed, full refund', async () => {
    const waiting = await run(newSaga());
    world.pay(waiting.results.payment?.paymentIntentId ?? '');
    const confirmed = await run(withPaymentOutcome(waiting, 'SUCCEEDED'));
    const cancelled = await run({
      ...confirmed,
      cancel: { reason: 'feeling better', requestedAt: clock.toISOString() },
      nextRunAt: clock,
    });
    expect(cancelled).toMatchObject({ status: 'CANCELLED', ending: { endedBy: 'PATIENT' } });
    expect(world.effects.slice(-3)).toEqual(['cancel', 'reverse', 'refund']);
    expect([...world.settlements.values()][0]?.reversed).toBe(true);
    expect(cancelled.results.refundedFen).toBe('1000');
  });

  it('keeps the appointment when the hospital refuses a cancellation past its cutoff', async () => {
    const waiting = await run(newSaga());
    world.pay(waiting.results.payment?.paymentIntentId ?? '');
    const confirmed = await run(withPaymentOutcome(waiting, 'SUCCEEDED'));
    world.failNext('cancel', new StepError('refused', 'PAST_CANCELLATION_CUTOFF', 'too late'));
    const kept = await run({
      ...confirmed,
      cancel: { reason: 'x', requestedAt: clock.toISOString() },
      nextRunAt: clock,
    });
    expect(kept).toMatchObject({ status: 'CONFIRMED', cancel: null, ending: null });
    expect(kept.results.cancelRejection).toBe('PAST_CANCELLATION_CUTOFF');
    expect(world.count('refund')).toBe(0);
    expect(world.count('reverse')).toBe(0);
  });

  it('cancels an unpaid booking: closes the payment, releases the hold, charges nothing', async () => {
    const waiting = await run(newSaga());
    const cancelled = await run({
      ...waiting,
      cancel: { reason: 'changed plans', requestedAt: clock.toISOString() },
      nextRunAt: clock,
    });
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.results.paymentCancelled).toBe(true);
    expect(world.count('refund')).toBe(0);
    expect(world.heldSlots.size).toBe(0);
  });

  it('refunds a cancelled booking whose payment succeeded before it could be closed', async () => {
    const waiting = await run(newSaga());
    world.pay(waiting.results.payment?.paymentIntentId ?? '');
    const cancelled = await run({
      ...waiting,
      cancel: { reason: 'x', requestedAt: clock.toISOString() },
      nextRunAt: clock,
    });
    expect(cancelled.status).toBe('CANCELLED');
    expect(world.count('refund')).toBe(1);
  });

  it('fails without compensation when the slot is taken', async () => {
    world.heldSlots.add('slot-1');
    const ended = await run(newSaga());
    expect(ended).toMatchObject({
      status: 'FAILED',
      ending: { failureCode: 'APPOINTMENT.SLOT_TAKEN' },
    });
    expect(world.effects).toEqual([]);
  });

  it('retries a failing step with backoff, with the same idempotency key, and moves on once it succeeds', async () => {
    world.failNext('quote', new StepError('retryable', 'UNAVAILABLE', 'insurance down'), 2);
    let saga = await run(newSaga());
    expect(saga).toMatchObject({
      step: 'QUOTE',
      attempts: 1,
      lastError: 'UNAVAILABLE: insurance down',
    });
    expect(saga.nextRunAt).toEqual(new Date(T0.getTime() + 100));
    saga = await later(saga);
    expect(saga).toMatchObject({ step: 'QUOTE', attempts: 2 });
    expect(saga.nextRunAt).toEqual(new Date(T0.getTime() + 100 + 200));
    saga = await later(saga);
    expect(saga.status).toBe('AWAITING_PAYMENT');
    expect(world.count('quote')).toBe(1);
  });

  it('cancels a hold whose answer never came before giving up', async () => {
    world.failNext('hold', new StepError('retryable', 'TIMEOUT', 'no answer'), 10);
    let saga = await run(newSaga());
    for (let i = 0; i < 5 && saga.status !== 'FAILED'; i++) saga = await later(saga);
    expect(saga).toMatchObject({
      status: 'FAILED',
      ending: { failureCode: 'BOOKING.STEP_FAILED' },
    });
    expect(world.count('cancel')).toBe(1);
  });

  it('gives up a forward step after its attempts and compensates what was done', async () => {
    world.failNext('quote', new StepError('retryable', 'UNAVAILABLE', 'down'), 10);
    let saga = await run(newSaga());
    for (let i = 0; i < 5 && saga.status !== 'FAILED'; i++) saga = await later(saga);
    expect(saga).toMatchObject({
      status: 'FAILED',
      ending: { failureCode: 'BOOKING.STEP_FAILED' },
    });
    expect(world.count('cancel')).toBe(1);
  });

  it('keeps retrying a compensation until it succeeds: money is never left behind', async () => {
    const waiting = await run(newSaga());
    world.pay(waiting.results.payment?.paymentIntentId ?? '');
    world.failNext('confirm', new StepError('refused', 'PATIENT_BLOCKED', 'blocked'));
    world.failNext('refund', new Error('payments unreachable'), 8);
    let saga = await run(withPaymentOutcome(waiting, 'SUCCEEDED'));
    for (let i = 0; i < 12 && saga.status === 'COMPENSATING'; i++) saga = await later(saga);
    expect(saga.status).toBe('FAILED');
    expect(world.count('refund')).toBe(1);
  });

  it('repeats an interrupted step without repeating its effect (a crash after the call, before the save)', async () => {
    const saga = newSaga();
    const afterHold = await stepper.advance(saga);
    // The process died before saving afterHold: the runner advances the saved saga again.
    const again = await stepper.advance(saga);
    expect(again.results.hold).toEqual(afterHold.results.hold);
    const waiting = await run(again);
    world.pay(waiting.results.payment?.paymentIntentId ?? '');
    const paid = withPaymentOutcome(waiting, 'SUCCEEDED');
    const confirming = await stepper.advance(paid);
    await stepper.advance(paid);
    const done = await run(confirming);
    expect(done.status).toBe('CONFIRMED');
    expect(
      ['hold', 'quote', 'createPayment', 'confirm', 'settle'].map((e) => world.count(e)),
    ).toEqual([1, 1, 1, 1, 1]);
  });
});
