import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';

import type { ReadinessCheck } from '../health/health';

export const REDIS_OPTIONS = Symbol('REDIS_OPTIONS');

export interface RedisOptions {
  readonly url: string;
  /** Prepended to every key, so that services sharing a Redis never collide. */
  readonly keyPrefix: string;
}

/** The service's Redis connection: connected before the app serves, closed on shutdown. */
@Injectable()
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  readonly client: Redis;

  constructor(@Inject(REDIS_OPTIONS) options: RedisOptions) {
    this.client = new Redis(options.url, {
      keyPrefix: options.keyPrefix,
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      enableOfflineQueue: true,
      connectTimeout: 5_000,
    });
    this.client.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    // A failed connection at boot stops the boot.
    await this.client.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client.status !== 'end') await this.client.quit();
  }

  readiness(): ReadinessCheck {
    return {
      name: 'redis',
      check: async () => {
        await this.client.ping();
      },
    };
  }
}

@Module({})
export class RedisModule {
  static forRoot(options: RedisOptions): DynamicModule {
    return {
      module: RedisModule,
      global: true,
      providers: [{ provide: REDIS_OPTIONS, useValue: options }, RedisService],
      exports: [RedisService],
    };
  }
}
