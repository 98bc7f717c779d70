import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@meridian/platform';

import type { ConsultationConfig } from './config';
import { SERVICE_NAME } from './config';
import { CareDirectoryModule } from './care-directory/care-directory.module';
import { PrismaClient } from './generated/prisma/client';
import { HealthProfileModule } from './profile/health-profile.module';

@Module({})
export class AppModule {
  static forRoot(config: ConsultationConfig): DynamicModule {
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
        CareDirectoryModule,
        HealthProfileModule.forRoot(config),
      ],
    };
  }
}
