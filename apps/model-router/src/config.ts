import { loadConfig, statefulServiceEnv } from '@meridian/platform';

export const SERVICE_NAME = 'model-router';

export const modelRouterEnv = statefulServiceEnv;

export type ModelRouterConfig = ReturnType<typeof loadModelRouterConfig>;

export function loadModelRouterConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadConfig(SERVICE_NAME, modelRouterEnv, env);
}
