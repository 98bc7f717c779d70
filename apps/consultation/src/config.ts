import {
  baseEnv,
  databaseEnv,
  grpcServerEnv,
  kafkaEnv,
  loadConfig,
  redisEnv,
} from '@meridian/platform';

export const SERVICE_NAME = 'consultation';

export const consultationEnv = {
  ...baseEnv,
  ...grpcServerEnv,
  ...databaseEnv,
  ...redisEnv,
  ...kafkaEnv,
};

export type ConsultationConfig = ReturnType<typeof loadConsultationConfig>;

export function loadConsultationConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, consultationEnv, env);
}
