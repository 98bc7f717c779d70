import { loadConfig, statefulServiceEnv } from '@meridian/platform';
import { z } from 'zod';

export const SERVICE_NAME = 'payments';

export const paymentsEnv = {
  ...statefulServiceEnv,
  /** How long the sandbox payer takes to pay (or to decline) after an intent is created. */
  SANDBOX_CONFIRM_DELAY_MS: z.coerce.number().int().min(0).max(3_600_000).default(1_000),
  /** Lifetime of an unpaid intent when the request sets no expires_at. */
  PAYMENT_INTENT_TTL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(900_000),
  /** How often the worker looks for due provider outcomes and expiries (it also wakes when one is due). */
  PAYMENT_WORKER_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
};

export type PaymentsConfig = ReturnType<typeof loadPaymentsConfig>;

/** Injection token of the validated configuration. */
export const PAYMENTS_CONFIG = Symbol('PAYMENTS_CONFIG');

export function loadPaymentsConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, paymentsEnv, env);
}
