import type { Payer } from '../intents/payment-intent';

/**
 * What the sandbox payer does with an intent. The sandbox channel (PAYMENT_CHANNEL_SANDBOX) stands in
 * for a real provider in development, tests and benchmarks: it "pays" by itself after
 * SANDBOX_CONFIRM_DELAY_MS, unless a marker asks for another outcome:
 *
 * - a payer patient id containing `sandbox-decline` → the payment fails with PAYMENT.CARD_DECLINED;
 * - a payer patient id containing `sandbox-abandon` → the payer never pays (the intent expires);
 * - an amount whose last two digits are 51 fen (e.g. 12.51 CNY) → PAYMENT.INSUFFICIENT_FUNDS.
 */
export type SandboxBehaviour =
  | { readonly kind: 'pay' }
  | { readonly kind: 'decline'; readonly failureCode: string; readonly failureMessage: string }
  | { readonly kind: 'abandon' };

export const SANDBOX_MARKERS = {
  decline: 'sandbox-decline',
  abandon: 'sandbox-abandon',
  insufficientFundsCents: 51n,
} as const;

export function sandboxBehaviour(payer: Payer, amountFen: bigint): SandboxBehaviour {
  if (payer.patientId.includes(SANDBOX_MARKERS.abandon)) return { kind: 'abandon' };
  if (payer.patientId.includes(SANDBOX_MARKERS.decline)) {
    return {
      kind: 'decline',
      failureCode: 'PAYMENT.CARD_DECLINED',
      failureMessage: 'The sandbox card was declined',
    };
  }
  if (amountFen % 100n === SANDBOX_MARKERS.insufficientFundsCents) {
    return {
      kind: 'decline',
      failureCode: 'PAYMENT.INSUFFICIENT_FUNDS',
      failureMessage: 'The sandbox account has insufficient funds',
    };
  }
  return { kind: 'pay' };
}

/** The sandbox provider's reference for a transaction: deterministic, so a repeat reports the same. */
export function sandboxReference(kind: 'pay' | 'refund', id: string): string {
  return `sandbox_${kind}_${id.replace(/-/g, '')}`;
}
