import type { LoadedCatalog } from '../catalog/catalog.loader';
import { OfflineClinicalProvider } from './offline-clinical.provider';
import { OpenAiCompatibleProvider } from './openai-compatible.provider';
import type { ModelProvider } from './provider';

/** One provider per catalog model, by model id. */
export function createProviders(
  loaded: LoadedCatalog,
  fetchImpl?: typeof fetch,
): Map<string, ModelProvider> {
  const providers = new Map<string, ModelProvider>();
  for (const model of loaded.catalog.models) {
    const spec = model.provider;
    switch (spec.kind) {
      case 'offline':
        providers.set(model.id, new OfflineClinicalProvider({ spec }));
        break;
      case 'openai-compatible': {
        const apiKey = loaded.apiKeys.get(model.id);
        providers.set(
          model.id,
          new OpenAiCompatibleProvider({
            spec,
            ...(apiKey === undefined ? {} : { apiKey }),
            ...(fetchImpl === undefined ? {} : { fetch: fetchImpl }),
          }),
        );
        break;
      }
    }
  }
  return providers;
}
