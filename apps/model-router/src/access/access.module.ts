import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { API_KEY_CACHE_MS, ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeysRepository } from './api-keys.repository';

/** Partner API keys for the OpenAI-compatible HTTP endpoint. */
@Module({})
export class AccessModule {
  static forRoot(options: { readonly apiKeyCacheMs: number }): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      providers: [
        { provide: API_KEY_CACHE_MS, useValue: options.apiKeyCacheMs },
        ApiKeysRepository,
        ApiKeyAuthenticator,
      ],
      exports: [ApiKeyAuthenticator],
    };
  }
}
