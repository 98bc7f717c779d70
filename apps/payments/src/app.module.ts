import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@meridian/platform';

import type { PaymentsConfig } from './config';
import { PAYMENTS_CONFIG, SERVICE_NAME } from './config';
import { PrismaClient } from './generated/prisma/client';
import { PaymentsModule } from './intents/payments.module';

@Module({})
export class AppModule {
  static forRoot(config: PaymentsConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        ServiceCoreModule.forRoot({
          service: SERVICE_NAME,
          config,
          prisma: {
            client: PrismaClient,
            migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
          },
        }),
        PaymentsModule,
      ],
      providers: [{ provide: PAYMENTS_CONFIG, useValue: config }],
      exports: [PAYMENTS_CONFIG],
    };
  }
}
