import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { profileKeyring } from '../config';
import type { ConsultationConfig } from '../config';
import { HealthProfileGrpcController } from './health-profile.grpc.controller';
import { HealthProfileRepository } from './health-profile.repository';
import { HealthProfileService, PROFILE_KEYRING } from './health-profile.service';

/** Patients' health profiles, sealed field by field, every access logged. */
@Module({})
export class HealthProfileModule {
  static forRoot(config: ConsultationConfig): DynamicModule {
    return {
      module: HealthProfileModule,
      controllers: [HealthProfileGrpcController],
      providers: [
        HealthProfileRepository,
        HealthProfileService,
        { provide: PROFILE_KEYRING, useFactory: () => profileKeyring(config) },
      ],
      exports: [HealthProfileService],
    };
  }
}
