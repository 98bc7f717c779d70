import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import {
  PaymentIntentCancelled,
  PaymentIntentExpired,
  PaymentIntentFailed,
  PaymentIntentSucceeded,
  PaymentRefundSucceeded,
  SettlementReversed,
  SettlementSettled,
  Topics,
} from '@meridian/contracts';
import { decodeStatusDetails } from '@meridian/platform';
import { insuranceV1, paymentsV1, timestampFromDate } from '@meridian/proto';
import { eventually } from '@meridian/testing';

import { EventObserver } from './support/events';
import { payments, settlement } from './support/grpc';
import { TestPlatform } from './support/platform';

async function failureOf(
  call: Promise<unknown>,
): Promise<{ code: number; reason: string; fields: string[] }> {
  try {
    await call;
  } catch (error) {
    const failure = error as ServiceError;
    const details = decodeStatusDetails(failure.metadata);
    return {
      code: failure.code,
      reason: details.reason ?? '',
      fields: details.violations.map((v) => v.field),
    };
  }
  throw new Error('expected the call to fail');
}

const cny = (fen: number) => ({ amountFen: String(fen), currency: 'CNY' });

jest.setTimeout(30_000);

describe('payments (sandbox channel) and insurance settlement over real gRPC and Kafka', () => {
  const platform = new TestPlatform({
    payments: { SANDBOX_CONFIRM_DELAY_MS: '300', PAYMENT_WORKER_POLL_MS: '100' },
  });
  const observer = new EventObserver(platform.namespace, [
    Topics.payments,
    Topics.insuranceSettlements,
  ]);
  const pay = payments(platform.grpcTarget('payments'));
  const insurance = settlement(platform.grpcTarget('insurance-certificates'));
  const payer = { partnerId: 'partner-e2e', patientId: `patient-${randomUUID().slice(0, 8)}` };

  const intentRequest = (
    overrides: Partial<paymentsV1.CreatePaymentIntentRequest> = {},
  ): paymentsV1.CreatePaymentIntentRequest => ({
    idempotencyKey: `pay-${randomUUID()}`,
    payer,
    amount: cny(2_000),
    channel: paymentsV1.PaymentChannel.PAYMENT_CHANNEL_SANDBOX,
    description: 'Registration fee',
    order: { type: 'appointment', id: randomUUID() },
    expiresAt: null,
    returnUrl: '',
    ...overrides,
  });

  beforeAll(async () => {
    await platform.start(['payments', 'insurance-certificates']);
    await observer.start();
  }, 120_000);

  afterAll(async () => {
    pay.close();
    insurance.close();
    await observer.stop();
    await platform.stopAll();
  }, 60_000);

  it('captures a sandbox payment once, refunds within what was captured, and publishes each fact once', async () => {
    const request = intentRequest();
    const created = await pay.call.createPaymentIntent(request);
    expect(created.status).toBe(
      paymentsV1.PaymentIntentStatus.PAYMENT_INTENT_STATUS_REQUIRES_PAYMENT,
    );
    expect(created.amount).toEqual(cny(2_000));
    // A retry with the same key returns the same intent; the same key for another request is refused.
    expect((await pay.call.createPaymentIntent(request)).id).toBe(created.id);
    const reused = await failureOf(
      pay.call.createPaymentIntent({ ...request, amount: cny(3_000) }),
    );
    expect(reused).toMatchObject({
      code: GrpcStatus.INVALID_ARGUMENT,
      reason: 'IDEMPOTENCY.KEY_REUSED',
    });

    const paid = await eventually(async () => {
      const intent = await pay.call.getPaymentIntent({ paymentIntentId: created.id, payer });
      return intent.status === paymentsV1.PaymentIntentStatus.PAYMENT_INTENT_STATUS_SUCCEEDED
        ? intent
        : undefined;
    });
    expect(paid.providerReference).toMatch(/^sandbox_pay_/);
    // Another patient cannot read it.
    const foreign = await failureOf(
      pay.call.getPaymentIntent({
        paymentIntentId: created.id,
        payer: { ...payer, patientId: 'someone-else' },
      }),
    );
    expect(foreign).toMatchObject({ code: GrpcStatus.NOT_FOUND, reason: 'PAYMENT.NOT_FOUND' });
    // A paid intent cannot be cancelled, only refunded.
    const cancelPaid = await failureOf(
      pay.call.cancelPaymentIntent({
        idempotencyKey: `cancel-${randomUUID()}`,
        paymentIntentId: created.id,
        reason: 'x',
      }),
    );
    expect(cancelPaid).toMatchObject({
      code: GrpcStatus.FAILED_PRECONDITION,
      reason: 'PAYMENT.ALREADY_SUCCEEDED',
    });

    const refundRequest = {
      idempotencyKey: `refund-${randomUUID()}`,
      paymentIntentId: created.id,
      amount: cny(1_500),
      reason: 'patient cancelled',
    };
    const refund = await pay.call.refund(refundRequest);
    expect(refund.status).toBe(paymentsV1.RefundStatus.REFUND_STATUS_SUCCEEDED);
    expect((await pay.call.refund(refundRequest)).id).toBe(refund.id);
    expect((await pay.call.getRefund({ refundId: refund.id })).amount).toEqual(cny(1_500));
    const tooMuch = await failureOf(
      pay.call.refund({
        ...refundRequest,
        idempotencyKey: `refund-${randomUUID()}`,
        amount: cny(501),
      }),
    );
    expect(tooMuch).toMatchObject({
      code: GrpcStatus.FAILED_PRECONDITION,
      reason: 'PAYMENT.REFUND_EXCEEDS_CAPTURED',
    });
    const after = await pay.call.getPaymentIntent({ paymentIntentId: created.id, payer });
    expect(after.amountRefunded).toEqual(cny(1_500));

    await eventually(async () =>
      observer.of(PaymentRefundSucceeded.type, created.id).length === 1 ? true : undefined,
    );
    expect(observer.of(PaymentIntentSucceeded.type, created.id)).toHaveLength(1);
    expect(observer.of(PaymentIntentSucceeded.type, created.id)[0]?.data).toMatchObject({
      amountFen: 2000,
      status: 'SUCCEEDED',
      payer,
      order: request.order,
    });
    expect(observer.of(PaymentRefundSucceeded.type, created.id)[0]?.data).toMatchObject({
      amountFen: 1500,
      refundId: refund.id,
    });
  });

  it('fails, expires and cancels unpaid intents, each with its event', async () => {
    const declined = await pay.call.createPaymentIntent(
      intentRequest({
        payer: { ...payer, patientId: `p-sandbox-decline-${randomUUID().slice(0, 6)}` },
      }),
    );
    const abandoned = await pay.call.createPaymentIntent(
      intentRequest({
        payer: { ...payer, patientId: `p-sandbox-abandon-${randomUUID().slice(0, 6)}` },
        expiresAt: timestampFromDate(new Date(Date.now() + 1_500)),
      }),
    );
    const toCancel = await pay.call.createPaymentIntent(
      intentRequest({
        payer: { ...payer, patientId: `p-sandbox-abandon-${randomUUID().slice(0, 6)}` },
      }),
    );
    const cancelled = await pay.call.cancelPaymentIntent({
      idempotencyKey: `cancel-${randomUUID()}`,
      paymentIntentId: toCancel.id,
      reason: 'hold released',
    });
    expect(cancelled.status).toBe(paymentsV1.PaymentIntentStatus.PAYMENT_INTENT_STATUS_CANCELLED);

    await eventually(async () =>
      observer.of(PaymentIntentFailed.type, declined.id).length === 1 &&
      observer.of(PaymentIntentExpired.type, abandoned.id).length === 1 &&
      observer.of(PaymentIntentCancelled.type, toCancel.id).length === 1
        ? true
        : undefined,
    );
    expect(observer.of(PaymentIntentFailed.type, declined.id)[0]?.data).toMatchObject({
      failureCode: 'PAYMENT.CARD_DECLINED',
    });
    // Nothing was captured for any of them.
    expect(
      observer.events.filter(
        (e) =>
          e.type === PaymentIntentSucceeded.type &&
          [declined.id, abandoned.id, toCancel.id].includes(e.key),
      ),
    ).toEqual([]);
    // Refunding an unpaid intent is refused.
    const refund = await failureOf(
      pay.call.refund({
        idempotencyKey: `refund-${randomUUID()}`,
        paymentIntentId: declined.id,
        amount: cny(1),
        reason: 'x',
      }),
    );
    expect(refund).toMatchObject({
      code: GrpcStatus.FAILED_PRECONDITION,
      reason: 'PAYMENT.NOT_CAPTURED',
    });
  });

  it('rejects bad input with field violations and creates nothing', async () => {
    const order = { type: 'appointment', id: randomUUID() };
    const bad = await failureOf(
      pay.call.createPaymentIntent(
        intentRequest({ amount: cny(0), payer: { partnerId: '', patientId: 'x' }, order }),
      ),
    );
    expect(bad.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(bad.reason).toBe('PAYMENT.INVALID_REQUEST');
    expect(bad.fields.sort()).toEqual(['amount.amountFen', 'payer.partnerId']);
    const negative = await failureOf(
      pay.call.createPaymentIntent(intentRequest({ amount: cny(-5) })),
    );
    expect(negative.fields).toEqual(['amount.amountFen']);
    const channel = await failureOf(
      pay.call.createPaymentIntent(
        intentRequest({ channel: paymentsV1.PaymentChannel.PAYMENT_CHANNEL_WECHAT_PAY }),
      ),
    );
    expect(channel).toMatchObject({
      code: GrpcStatus.FAILED_PRECONDITION,
      reason: 'PAYMENT.CHANNEL_UNAVAILABLE',
    });
  });

  it('quotes under the placeholder rule, settles a quote once and reverses it', async () => {
    const appointmentId = randomUUID();
    const quoteRequest: insuranceV1.QuoteSettlementRequest = {
      idempotencyKey: `quote-${randomUUID()}`,
      certificateId: `cert-${randomUUID().slice(0, 8)}`,
      hospitalId: randomUUID(),
      hospitalRegionCode: '330100',
      appointmentId,
      items: [
        {
          code: 'REG',
          name: '挂号费',
          category: insuranceV1.FeeCategory.FEE_CATEGORY_REGISTRATION,
          amount: cny(2_001),
          quantity: 1,
        },
      ],
    };
    const quote = await insurance.call.quoteSettlement(quoteRequest);
    expect(quote).toMatchObject({
      total: cny(2_001),
      covered: cny(1_000),
      patientPayable: cny(1_001),
    });
    expect(quote.policyVersion).toMatch(/^placeholder/);
    expect((await insurance.call.quoteSettlement(quoteRequest)).id).toBe(quote.id);

    const noPayment = await failureOf(
      insurance.call.settle({
        idempotencyKey: `settle-${randomUUID()}`,
        quoteId: quote.id,
        paymentIntentId: '',
      }),
    );
    expect(noPayment).toMatchObject({
      code: GrpcStatus.INVALID_ARGUMENT,
      reason: 'SETTLEMENT.PAYMENT_REQUIRED',
    });

    const settleRequest = {
      idempotencyKey: `settle-${randomUUID()}`,
      quoteId: quote.id,
      paymentIntentId: randomUUID(),
    };
    const settled = await insurance.call.settle(settleRequest);
    expect(settled).toMatchObject({
      status: insuranceV1.SettlementStatus.SETTLEMENT_STATUS_SETTLED,
      covered: cny(1_000),
      patientPaid: cny(1_001),
    });
    expect((await insurance.call.settle(settleRequest)).id).toBe(settled.id);
    const twice = await failureOf(
      insurance.call.settle({ ...settleRequest, idempotencyKey: `settle-${randomUUID()}` }),
    );
    expect(twice).toMatchObject({
      code: GrpcStatus.FAILED_PRECONDITION,
      reason: 'SETTLEMENT.ALREADY_SETTLED',
    });

    const reverse = {
      idempotencyKey: `reverse-${randomUUID()}`,
      settlementId: settled.id,
      reason: 'hospital refused',
    };
    const reversed = await insurance.call.reverseSettlement(reverse);
    expect(reversed.status).toBe(insuranceV1.SettlementStatus.SETTLEMENT_STATUS_REVERSED);
    expect(
      (
        await insurance.call.reverseSettlement({
          ...reverse,
          idempotencyKey: `reverse-${randomUUID()}`,
        })
      ).version,
    ).toBe(reversed.version);
    expect((await insurance.call.getSettlement({ settlementId: settled.id })).reversalReason).toBe(
      'hospital refused',
    );

    await eventually(async () =>
      observer.of(SettlementReversed.type, settled.id).length === 1 ? true : undefined,
    );
    expect(observer.of(SettlementSettled.type, settled.id)).toHaveLength(1);
    expect(observer.of(SettlementSettled.type, settled.id)[0]?.data).toMatchObject({
      coveredFen: 1000,
      patientPaidFen: 1001,
      appointmentId,
    });

    const badQuote = await failureOf(
      insurance.call.quoteSettlement({ ...quoteRequest, idempotencyKey: 'short', items: [] }),
    );
    expect(badQuote.fields.sort()).toEqual(['idempotencyKey', 'items']);
  });
});
