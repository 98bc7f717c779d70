import { baseEnv, grpcServerEnv, grpcTarget, loadConfig } from '@meridian/platform';
import { z } from 'zod';

export const SERVICE_NAME = 'hospital-simulator';

export const hospitalSimulatorEnv = {
  ...baseEnv,
  ...grpcServerEnv,
  /** Where the simulated hospitals register themselves. */
  HOSPITAL_INTEGRATION_GRPC_URL: grpcTarget,
  /** How many hospitals this process simulates. */
  SIMULATOR_HOSPITALS: z.coerce.number().int().min(1).max(5_000).default(3),
  /** Distinguishes the hospitals of several simulator processes (part of every hospital code). */
  SIMULATOR_ID: z
    .string()
    .regex(/^[A-Z0-9]{1,8}$/, 'must be 1–8 upper-case letters or digits')
    .default('SIM'),
  REGISTRATION_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
};

export type HospitalSimulatorConfig = ReturnType<typeof loadHospitalSimulatorConfig>;

export function loadHospitalSimulatorConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, hospitalSimulatorEnv, env);
}
