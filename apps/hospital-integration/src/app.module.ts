import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ServiceCoreModule } from '@meridian/platform';

import type { HospitalIntegrationConfig } from './config';
import { SERVICE_NAME } from './config';
import { AppointmentsModule } from './appointments/appointments.module';
import { BookingModule } from './booking/booking.module';
import { DirectoryModule } from './directory/directory.module';
import { PrismaClient } from './generated/prisma/client';
import { InboundModule } from './inbound/inbound.module';
import { LinkModule } from './link/link.module';
import { SchedulesModule } from './schedules/schedules.module';

@Module({})
export class AppModule {
  static forRoot(config: HospitalIntegrationConfig): DynamicModule {
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
        DirectoryModule.forRoot({ cacheNamespace: config.DATABASE_SCHEMA }),
        LinkModule.forRoot(config),
        SchedulesModule.forRoot(config),
        AppointmentsModule.forRoot(config),
        // The hospital side, when configured (INBOUND_GRPC_PORT and its TLS material).
        ...(config.inbound
          ? [InboundModule.forRoot({ patientMatchKey: config.inbound.patientMatchKey })]
          : []),
        BookingModule.forRoot(config),
      ],
    };
  }
}
