import { baseEnv, databaseEnv, grpcTarget, loadConfig, redisEnv } from '@meridian/platform';
import { z } from 'zod';

export const SERVICE_NAME = 'api-gateway';

export const apiGatewayEnv = {
  ...baseEnv,
  ...databaseEnv,
  ...redisEnv,
  HOSPITAL_INTEGRATION_GRPC_URL: grpcTarget,
  /** Deadline of every call to a service behind the gateway. */
  UPSTREAM_DEADLINE_MS: z.coerce.number().int().min(50).max(60_000).default(3_000),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3_600),
  /** Public base URL, used in links (next-page `Link` headers, docs). */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3000'),
};

export type ApiGatewayConfig = ReturnType<typeof loadApiGatewayConfig>;

export function loadApiGatewayConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, apiGatewayEnv, env);
}
