import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import type { ApiGatewayConfig } from '../config';
import { HOSPITAL_DIRECTORY_TARGET, HospitalDirectoryClient } from './hospital-directory.client';
import { DoctorsController } from './doctors.controller';
import { HospitalsController } from './hospitals.controller';

@Module({})
export class HospitalsModule {
  static forRoot(config: ApiGatewayConfig): DynamicModule {
    return {
      module: HospitalsModule,
      controllers: [HospitalsController, DoctorsController],
      providers: [
        {
          provide: HOSPITAL_DIRECTORY_TARGET,
          useValue: {
            url: config.HOSPITAL_INTEGRATION_GRPC_URL,
            deadlineMs: config.UPSTREAM_DEADLINE_MS,
          },
        },
        HospitalDirectoryClient,
      ],
    };
  }
}
