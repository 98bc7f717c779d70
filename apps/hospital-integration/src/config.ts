import { loadConfig, statefulServiceEnv } from '@meridian/platform';
import { z } from 'zod';

import { linkRoutesEnv } from './link/link-routes';

export const SERVICE_NAME = 'hospital-integration';

const ms = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const hospitalIntegrationEnv = {
  ...statefulServiceEnv,
  // Calling hospitals (HospitalLink): where, how long, how many at once per hospital.
  HOSPITAL_LINK_ROUTES: linkRoutesEnv,
  HOSPITAL_LINK_DEADLINE_MS: ms(100, 60_000, 3_000),
  HOSPITAL_LINK_SCHEDULE_DEADLINE_MS: ms(100, 120_000, 10_000),
  /** Bulkhead: calls in flight to one hospital; more are rejected at once. */
  HOSPITAL_LINK_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(16),
  /** Circuit breaker: consecutive failures that open it, and how long it stays open. */
  HOSPITAL_LINK_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
  HOSPITAL_LINK_BREAKER_OPEN_MS: ms(100, 600_000, 10_000),
  // Schedules: how far ahead they are pulled, and how often (0 turns the periodic pull off).
  SCHEDULE_SYNC_DAYS: z.coerce.number().int().min(1).max(31).default(14),
  SCHEDULE_SYNC_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  // Appointments: how long a hold lasts, and how often expired holds are swept.
  APPOINTMENT_HOLD_MS: ms(5_000, 3_600_000, 10 * 60_000),
  APPOINTMENT_SWEEP_INTERVAL_MS: ms(50, 600_000, 1_000),
};

export type HospitalIntegrationConfig = ReturnType<typeof loadHospitalIntegrationConfig>;

export function loadHospitalIntegrationConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, hospitalIntegrationEnv, env);
}
