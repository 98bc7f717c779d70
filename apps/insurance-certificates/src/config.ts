import { loadConfig, statefulServiceEnv } from '@meridian/platform';

export const SERVICE_NAME = 'insurance-certificates';

export const insuranceCertificatesEnv = statefulServiceEnv;

export type InsuranceCertificatesConfig = ReturnType<typeof loadInsuranceCertificatesConfig>;

export function loadInsuranceCertificatesConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, insuranceCertificatesEnv, env);
}
