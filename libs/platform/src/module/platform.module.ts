import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { loggingModule } from '../logging/logging.module';
import { MetricsController } from '../metrics/metrics.controller';
import { RedisModule } from '../redis/redis';
import type { RedisOptions } from '../redis/redis';

export interface PlatformOptions {
  readonly service: string;
  readonly version: string;
  readonly logLevel: string;
  readonly redis?: RedisOptions;
}

/** What every service has: pino logging, `/metrics`, and (when configured) its Redis connection. */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        loggingModule({
          service: options.service,
          version: options.version,
          level: options.logLevel,
        }),
        ...(options.redis ? [RedisModule.forRoot(options.redis)] : []),
      ],
      controllers: [MetricsController],
    };
  }
}
