import { sandboxBehaviour, sandboxReference } from './sandbox-provider';

const payer = (patientId: string) => ({ partnerId: 'partner-1', patientId });

describe('sandboxBehaviour', () => {
  it('pays ordinary amounts of ordinary payers', () => {
    expect(sandboxBehaviour(payer('patient-1'), 2_000n)).toEqual({ kind: 'pay' });
    expect(sandboxBehaviour(payer('patient-1'), 1_250n)).toEqual({ kind: 'pay' });
  });

  it('declines payers marked sandbox-decline', () => {
    expect(sandboxBehaviour(payer('p-sandbox-decline-7'), 2_000n)).toMatchObject({
      kind: 'decline',
      failureCode: 'PAYMENT.CARD_DECLINED',
    });
  });

  it('never pays for payers marked sandbox-abandon, even with a declining amount', () => {
    expect(sandboxBehaviour(payer('sandbox-abandon-1'), 1_251n)).toEqual({ kind: 'abandon' });
  });

  it('reports insufficient funds for amounts ending in 51 fen', () => {
    expect(sandboxBehaviour(payer('patient-1'), 1_251n)).toMatchObject({
      kind: 'decline',
      failureCode: 'PAYMENT.INSUFFICIENT_FUNDS',
    });
    expect(sandboxBehaviour(payer('patient-1'), 51n)).toMatchObject({ kind: 'decline' });
    expect(sandboxBehaviour(payer('patient-1'), 151n)).toMatchObject({ kind: 'decline' });
  });
});

describe('sandboxReference', () => {
  it('is stable for one id and differs between payments and refunds', () => {
    const id = '0190c0de-0000-7000-8000-000000000001';
    expect(sandboxReference('pay', id)).toBe(sandboxReference('pay', id));
    expect(sandboxReference('pay', id)).not.toBe(sandboxReference('refund', id));
  });
});
