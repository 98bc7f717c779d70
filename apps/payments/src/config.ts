import { loadConfig, statefulServiceEnv } from '@meridian/platform';

export const SERVICE_NAME = 'payments';

export const paymentsEnv = statefulServiceEnv;

export type PaymentsConfig = ReturnType<typeof loadPaymentsConfig>;

export function loadPaymentsConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, paymentsEnv, env);
}
