import { loadConfig, statefulServiceEnv } from '@meridian/platform';
import { z } from 'zod';

export const SERVICE_NAME = 'insurance-certificates';

export const insuranceCertificatesEnv = {
  ...statefulServiceEnv,
  /** How long a coverage quote stays binding: longer than a payment window, so a paid quote settles. */
  QUOTE_TTL_MS: z.coerce.number().int().min(60_000).max(86_400_000).default(3_600_000),
};

export type InsuranceCertificatesConfig = ReturnType<typeof loadInsuranceCertificatesConfig>;

/** Injection token of the validated configuration. */
export const INSURANCE_CONFIG = Symbol('INSURANCE_CONFIG');

export function loadInsuranceCertificatesConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, insuranceCertificatesEnv, env);
}
