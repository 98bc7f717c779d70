import { baseEnv, grpcServerEnv, grpcTarget, loadConfig } from '@meridian/platform';
import { z } from 'zod';

import { faultTableSchema } from './link/faults';

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
  /** Longest hold the simulated hospitals grant, whatever the caller asks for. */
  SIMULATOR_MAX_HOLD_MS: z.coerce
    .number()
    .int()
    .min(1_000)
    .max(3_600_000)
    .default(15 * 60_000),
  /**
   * Fault knobs at start-up, as JSON: hospital code (or "*") → knobs, e.g.
   * {"SIM-0001":{"latencyMs":2000},"*":{"errorRate":0.1}}. Changeable at run time over HTTP.
   */
  SIMULATOR_FAULTS: z
    .string()
    .default('{}')
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
        return z.NEVER;
      }
    })
    .pipe(faultTableSchema),
  /** Meridian's hospital side (HospitalInbound, mutual TLS); unset: the simulator pushes nothing. */
  HOSPITAL_INBOUND_GRPC_URL: grpcTarget.optional(),
  /** tools/certs.sh output: ca.crt and hospitals/<code>.{crt,key} of the simulated hospitals. */
  HOSPITAL_INBOUND_CERT_DIR: z.string().min(1).optional(),
  INBOUND_PUSH_DEADLINE_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** Lab reports each hospital publishes once registered, then one more every interval (0: none). */
  LAB_REPORTS_AT_START: z.coerce.number().int().min(0).max(1_000).default(2),
  LAB_REPORT_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
};

export type HospitalSimulatorConfig = ReturnType<typeof loadHospitalSimulatorConfig>;

export function loadHospitalSimulatorConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, hospitalSimulatorEnv, env);
}
