import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import type { HospitalIntegrationConfig } from '../config';
import { SCHEDULE_APPLIER } from '../inbound/inbound-appliers';
import { SchedulePushApplier } from './schedule-push.applier';
import { SchedulesGrpcController } from './schedules.grpc.controller';
import { SchedulesRepository } from './schedules.repository';
import { SCHEDULE_SYNC_OPTIONS, SchedulesService } from './schedules.service';
import type { ScheduleSyncOptions } from './schedules.service';

/** Schedules and slots: pulled from and pushed by hospitals, read as sessions and open slots. */
@Module({})
export class SchedulesModule {
  static forRoot(config: HospitalIntegrationConfig): DynamicModule {
    const options: ScheduleSyncOptions = {
      days: config.SCHEDULE_SYNC_DAYS,
      intervalMs: config.SCHEDULE_SYNC_INTERVAL_MS,
    };
    return {
      module: SchedulesModule,
      // Global so that the inbound module finds the schedule applier without importing this one.
      global: true,
      controllers: [SchedulesGrpcController],
      providers: [
        { provide: SCHEDULE_SYNC_OPTIONS, useValue: options },
        SchedulesRepository,
        SchedulesService,
        SchedulePushApplier,
        { provide: SCHEDULE_APPLIER, useExisting: SchedulePushApplier },
      ],
      exports: [SchedulesService, SCHEDULE_APPLIER],
    };
  }
}
