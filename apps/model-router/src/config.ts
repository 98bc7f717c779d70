import { loadConfig, statefulServiceEnv } from '@meridian/platform';
import { z } from 'zod';

import { accessEnv } from './access/access.config';
import { budgetEnv, budgetOptions } from './budgets/budget.config';
import { loadCatalog } from './catalog/catalog.loader';

export const SERVICE_NAME = 'model-router';

export const modelRouterEnv = {
  ...statefulServiceEnv,
  /** JSON model catalog; without it every task routes to the built-in offline model. */
  MODEL_CATALOG_PATH: z.string().min(1).optional(),
  ...budgetEnv,
  ...accessEnv,
};

export type ModelRouterConfig = ReturnType<typeof loadModelRouterConfig>;

/** The environment, then the catalog it points at; either being wrong stops the boot with the reason. */
export function loadModelRouterConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = loadConfig(SERVICE_NAME, modelRouterEnv, env);
  return {
    ...config,
    catalog: loadCatalog(SERVICE_NAME, config.MODEL_CATALOG_PATH, env),
    budgets: budgetOptions(config),
  };
}
