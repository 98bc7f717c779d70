import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import type { HospitalSimulatorConfig } from '../config';
import { RegistrationService, SIMULATOR_CONFIG } from './registration.service';

@Module({})
export class RegistrationModule {
  static forRoot(config: HospitalSimulatorConfig): DynamicModule {
    return {
      module: RegistrationModule,
      providers: [{ provide: SIMULATOR_CONFIG, useValue: config }, RegistrationService],
      exports: [RegistrationService],
    };
  }
}
