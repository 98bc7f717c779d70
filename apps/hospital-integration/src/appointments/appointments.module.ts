import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import type { HospitalIntegrationConfig } from '../config';
import { APPOINTMENT_UPDATE_APPLIER } from '../inbound/inbound-appliers';
import { AppointmentUpdatesApplier } from './appointment-update.applier';
import { AppointmentsGrpcController } from './appointments.grpc.controller';
import { AppointmentsRepository } from './appointments.repository';
import { APPOINTMENT_OPTIONS, AppointmentsService } from './appointments.service';
import type { AppointmentOptions } from './appointments.service';
import { AppointmentsSweeper, SWEEPER_OPTIONS } from './appointments.sweeper';
import type { SweeperOptions } from './appointments.sweeper';

/** Appointments: hold, book, cancel, expire; the life cycle the booking saga drives. */
@Module({})
export class AppointmentsModule {
  static forRoot(config: HospitalIntegrationConfig): DynamicModule {
    const options: AppointmentOptions = { holdMs: config.APPOINTMENT_HOLD_MS };
    const sweeper: SweeperOptions = {
      intervalMs: config.APPOINTMENT_SWEEP_INTERVAL_MS,
      confirmationStaleMs: 2 * config.HOSPITAL_LINK_DEADLINE_MS,
    };
    return {
      module: AppointmentsModule,
      // Global so that the inbound module finds the appointment-update applier.
      global: true,
      controllers: [AppointmentsGrpcController],
      providers: [
        { provide: APPOINTMENT_OPTIONS, useValue: options },
        { provide: SWEEPER_OPTIONS, useValue: sweeper },
        AppointmentsRepository,
        AppointmentsService,
        AppointmentsSweeper,
        AppointmentUpdatesApplier,
        { provide: APPOINTMENT_UPDATE_APPLIER, useExisting: AppointmentUpdatesApplier },
      ],
      exports: [AppointmentsService, APPOINTMENT_UPDATE_APPLIER],
    };
  }
}
