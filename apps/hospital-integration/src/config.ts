import { loadConfig, statefulServiceEnv } from '@meridian/platform';

export const SERVICE_NAME = 'hospital-integration';

export const hospitalIntegrationEnv = statefulServiceEnv;

export type HospitalIntegrationConfig = ReturnType<typeof loadHospitalIntegrationConfig>;

export function loadHospitalIntegrationConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, hospitalIntegrationEnv, env);
}
