import { loadConfig, statefulServiceEnv } from '@meridian/platform';

export const SERVICE_NAME = 'consultation';

export const consultationEnv = statefulServiceEnv;

export type ConsultationConfig = ReturnType<typeof loadConsultationConfig>;

export function loadConsultationConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, consultationEnv, env);
}
