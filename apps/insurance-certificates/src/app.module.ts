import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@meridian/platform';

import type { InsuranceCertificatesConfig } from './config';
import { INSURANCE_CONFIG, SERVICE_NAME } from './config';
import { PrismaClient } from './generated/prisma/client';
import { SettlementModule } from './settlement/settlement.module';

@Module({})
export class AppModule {
  static forRoot(config: InsuranceCertificatesConfig): DynamicModule {
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
        SettlementModule,
      ],
      providers: [{ provide: INSURANCE_CONFIG, useValue: config }],
      exports: [INSURANCE_CONFIG],
    };
  }
}
