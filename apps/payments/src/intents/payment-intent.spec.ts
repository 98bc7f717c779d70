import { applyProviderOutcome, cancel, expire, refundable, toIntentEvent } from './payment-intent';
import type { PaymentIntent } from './payment-intent';

const T0 = new Date('2026-11-27T08:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

function intent(overrides: Partial<PaymentIntent> = {}): PaymentIntent {
  return {
    id: '0190c0de-0000-7000-8000-000000000001',
    payer: { partnerId: 'partner-1', patientId: 'patient-1' },
    amountFen: 2_000n,
    amountRefundedFen: 0n,
    currency: 'CNY',
    channel: 'SANDBOX',
    status: 'REQUIRES_PAYMENT',
    description: 'Registration fee',
    order: { type: 'appointment', id: 'a-1' },
    returnUrl: '',
    providerReference: '',
    failureCode: '',
    failureMessage: '',
    providerDueAt: later(1_000),
    expiresAt: later(60_000),
    succeededAt: null,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

describe('applyProviderOutcome', () => {
  it('captures a payable intent once and bumps its version', () => {
    const paid = applyProviderOutcome(
      intent(),
      { kind: 'succeeded', providerReference: 'ref' },
      later(1_000),
    );
    expect(paid).toMatchObject({
      status: 'SUCCEEDED',
      providerReference: 'ref',
      version: 2,
      providerDueAt: null,
    });
    expect(paid?.succeededAt).toEqual(later(1_000));
    // A second report for the same intent changes nothing: a payment is captured at most once.
    expect(
      paid &&
        applyProviderOutcome(paid, { kind: 'succeeded', providerReference: 'ref' }, later(2_000)),
    ).toBeUndefined();
  });

  it('records a failure with its code', () => {
    const failed = applyProviderOutcome(
      intent(),
      {
        kind: 'failed',
        providerReference: 'ref',
        failureCode: 'PAYMENT.CARD_DECLINED',
        failureMessage: 'no',
      },
      later(1_000),
    );
    expect(failed).toMatchObject({ status: 'FAILED', failureCode: 'PAYMENT.CARD_DECLINED' });
  });

  it('does not capture a success reported after the intent expired or was cancelled', () => {
    const outcome = { kind: 'succeeded', providerReference: 'ref' } as const;
    expect(applyProviderOutcome(intent(), outcome, later(60_000))).toBeUndefined();
    expect(
      applyProviderOutcome(intent({ status: 'CANCELLED' }), outcome, later(1_000)),
    ).toBeUndefined();
  });
});

describe('expire and cancel', () => {
  it('expires an unpaid intent only once its time has come', () => {
    expect(expire(intent(), later(59_999))).toBeUndefined();
    expect(expire(intent(), later(60_000))).toMatchObject({ status: 'EXPIRED', version: 2 });
    expect(expire(intent({ status: 'SUCCEEDED' }), later(120_000))).toBeUndefined();
  });

  it('cancels only intents that have not ended', () => {
    expect(cancel(intent(), later(1))).toMatchObject({ status: 'CANCELLED' });
    for (const status of ['SUCCEEDED', 'FAILED', 'EXPIRED', 'CANCELLED'] as const) {
      expect(cancel(intent({ status }), later(1))).toBeUndefined();
    }
  });
});

describe('refundable', () => {
  it('is what was captured minus what was refunded, and nothing for an unpaid intent', () => {
    expect(refundable(intent({ status: 'SUCCEEDED', amountRefundedFen: 500n }))).toBe(1_500n);
    expect(refundable(intent())).toBe(0n);
  });
});

describe('toIntentEvent', () => {
  it('carries integer fen and the state of the intent', () => {
    const event = toIntentEvent(intent({ status: 'SUCCEEDED', version: 2 }));
    expect(event).toMatchObject({
      amountFen: 2000,
      amountRefundedFen: 0,
      status: 'SUCCEEDED',
      version: 2,
    });
  });
});
