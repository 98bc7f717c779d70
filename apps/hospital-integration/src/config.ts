import { ConfigError, loadConfig, secret, statefulServiceEnv } from '@meridian/platform';
import { z } from 'zod';

import { bookingEnv } from './booking/booking.config';
import { linkRoutesEnv } from './link/link-routes';

export const SERVICE_NAME = 'hospital-integration';

const optionalPath = z.string().min(1).optional();

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
  /**
   * Port of the hospital-side gRPC server (HospitalInbound, mutual TLS). Unset: the hospital side is
   * not served (the platform side still is).
   */
  INBOUND_GRPC_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  INBOUND_GRPC_HOST: z.string().default('0.0.0.0'),
  /** PEM files: the server's certificate chain and key, and the CA that issues hospital certificates. */
  INBOUND_TLS_CERT_FILE: optionalPath,
  INBOUND_TLS_KEY_FILE: optionalPath,
  INBOUND_TLS_CLIENT_CA_FILE: optionalPath,
  /** Key of the HMAC that turns a patient's identity document into a matching key (never stored plain). */
  PATIENT_MATCH_KEY: secret(z.string().min(32, 'must be at least 32 characters').optional()),
  // The booking saga (src/booking/booking.config.ts).
  ...bookingEnv,
};

export type HospitalIntegrationConfig = ReturnType<typeof loadHospitalIntegrationConfig>;

/** Where the hospital side listens and with which TLS material; present when it is enabled. */
export interface InboundServerConfig {
  readonly host: string;
  readonly port: number;
  readonly certFile: string;
  readonly keyFile: string;
  readonly clientCaFile: string;
  readonly patientMatchKey: string;
}

export function loadHospitalIntegrationConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(SERVICE_NAME, hospitalIntegrationEnv, env);
  return { ...config, inbound: inboundServerConfig(config) };
}

function inboundServerConfig(
  config: ReturnType<typeof loadConfig<typeof hospitalIntegrationEnv>>,
): InboundServerConfig | undefined {
  if (config.INBOUND_GRPC_PORT === undefined) return undefined;
  const required = {
    INBOUND_TLS_CERT_FILE: config.INBOUND_TLS_CERT_FILE,
    INBOUND_TLS_KEY_FILE: config.INBOUND_TLS_KEY_FILE,
    INBOUND_TLS_CLIENT_CA_FILE: config.INBOUND_TLS_CLIENT_CA_FILE,
    PATIENT_MATCH_KEY: config.PATIENT_MATCH_KEY,
  };
  const missing = Object.entries(required)
    .filter(([, value]) => value === undefined)
    .map(([name]) => `${name} is missing (required when INBOUND_GRPC_PORT is set)`);
  if (missing.length > 0) throw new ConfigError(SERVICE_NAME, missing);
  if (config.INBOUND_GRPC_PORT === config.GRPC_PORT) {
    throw new ConfigError(SERVICE_NAME, [
      'INBOUND_GRPC_PORT must differ from GRPC_PORT (the hospital side has its own port)',
    ]);
  }
  return {
    host: config.INBOUND_GRPC_HOST,
    port: config.INBOUND_GRPC_PORT,
    certFile: required.INBOUND_TLS_CERT_FILE ?? '',
    keyFile: required.INBOUND_TLS_KEY_FILE ?? '',
    clientCaFile: required.INBOUND_TLS_CLIENT_CA_FILE ?? '',
    patientMatchKey: required.PATIENT_MATCH_KEY ?? '',
  };
}
