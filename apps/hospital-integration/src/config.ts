import {
  baseEnv,
  databaseEnv,
  grpcServerEnv,
  kafkaEnv,
  loadConfig,
  redisEnv,
} from '@meridian/platform';

export const SERVICE_NAME = 'hospital-integration';

export const hospitalIntegrationEnv = {
  ...baseEnv,
  ...grpcServerEnv,
  ...databaseEnv,
  ...redisEnv,
  ...kafkaEnv,
};

export type HospitalIntegrationConfig = ReturnType<typeof loadHospitalIntegrationConfig>;

export function loadHospitalIntegrationConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, hospitalIntegrationEnv, env);
}
