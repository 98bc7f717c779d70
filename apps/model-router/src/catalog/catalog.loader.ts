import { readFileSync } from 'node:fs';
import { ConfigError } from '@meridian/platform';

import type { Catalog } from './catalog.schema';
import { catalogSchema } from './catalog.schema';
import { defaultCatalog } from './default-catalog';

export interface LoadedCatalog {
  readonly catalog: Catalog;
  /** Where it came from: a file path, or `built-in`. */
  readonly source: string;
  /** API keys by model id, read from the variables the catalog names. Never logged. */
  readonly apiKeys: ReadonlyMap<string, string>;
}

/**
 * Reads the model catalog from `path` (JSON) or returns the built-in one. Any problem — unreadable
 * file, bad JSON, a schema violation, an API key variable that is not set — throws a ConfigError
 * naming it, so the service refuses to start and says why.
 */
export function loadCatalog(
  service: string,
  path: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): LoadedCatalog {
  const catalog = path === undefined ? defaultCatalog() : parseCatalogFile(service, path);
  const apiKeys = new Map<string, string>();
  const missing: string[] = [];
  for (const model of catalog.models) {
    if (model.provider.kind !== 'openai-compatible' || model.provider.apiKeyEnv === undefined)
      continue;
    const key = env[model.provider.apiKeyEnv];
    if (key === undefined || key.trim() === '') {
      missing.push(
        `${model.provider.apiKeyEnv} is missing (API key of model "${model.id}" in the catalog)`,
      );
    } else {
      apiKeys.set(model.id, key.trim());
    }
  }
  if (missing.length > 0) throw new ConfigError(service, missing);
  return { catalog, source: path ?? 'built-in', apiKeys };
}

function parseCatalogFile(service: string, path: string): Catalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(service, [`MODEL_CATALOG_PATH cannot be read: ${reason}`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(service, [`MODEL_CATALOG_PATH (${path}) is not valid JSON: ${reason}`]);
  }
  const result = catalogSchema.safeParse(json);
  if (result.success) return result.data;
  throw new ConfigError(
    service,
    result.error.issues.map(
      (issue) =>
        `MODEL_CATALOG_PATH (${path}): ${issue.path.map(String).join('.') || '(root)'} ${issue.message}`,
    ),
  );
}
