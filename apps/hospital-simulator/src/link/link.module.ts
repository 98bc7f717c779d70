import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import type { HospitalSimulatorConfig } from '../config';
import { SIMULATOR_CONFIG } from '../registration/registration.service';
import { FaultsHttpController } from './faults.http.controller';
import { LinkGrpcController } from './link.grpc.controller';
import { LinkService } from './link.service';

/** HospitalLink as the simulated hospitals serve it, with run-time fault knobs. */
@Module({})
export class LinkModule {
  static forRoot(config: HospitalSimulatorConfig): DynamicModule {
    return {
      module: LinkModule,
      controllers: [LinkGrpcController, FaultsHttpController],
      providers: [{ provide: SIMULATOR_CONFIG, useValue: config }, LinkService],
      exports: [LinkService],
    };
  }
}
