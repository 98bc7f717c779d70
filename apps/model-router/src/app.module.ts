import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@meridian/platform';

import { ModelCallAuditModule } from './audit/model-call-audit.module';
import { AccessModule } from './access/access.module';
import { BudgetsModule } from './budgets/budgets.module';
import { CompletionsModule } from './completions/completions.module';
import type { ModelRouterConfig } from './config';
import { SERVICE_NAME } from './config';
import { PrismaClient } from './generated/prisma/client';

@Module({})
export class AppModule {
  static forRoot(config: ModelRouterConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceCoreModule.forRoot({
          service: SERVICE_NAME,
          config,
          prisma: {
            client: PrismaClient,
            migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
          },
        }),
        BudgetsModule.forRoot(config.budgets),
        AccessModule.forRoot({ apiKeyCacheMs: config.API_KEY_CACHE_MS }),
        CompletionsModule.forRoot(config.catalog),
        ModelCallAuditModule,
      ],
    };
  }
}
