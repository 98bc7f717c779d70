import { Module } from '@nestjs/common';
import type { DynamicModule, ModuleMetadata } from '@nestjs/common';

import { LabReportsModule } from '../lab-reports/lab-reports.module';
import { InboundAuthenticator } from './inbound-auth';
import { InboundGrpcController } from './inbound.grpc.controller';
import { InboundRepository } from './inbound.repository';
import { InboundService } from './inbound.service';

/**
 * HospitalInbound: messages hospitals push, authenticated by client certificate, recorded durably
 * and applied by the modules that own the data. Modules that bind an applier token
 * (inbound-appliers.ts) are passed in `appliers` so that their providers are visible here.
 */
@Module({})
export class InboundModule {
  static forRoot(options: {
    readonly patientMatchKey: string;
    readonly appliers?: ModuleMetadata['imports'];
  }): DynamicModule {
    return {
      module: InboundModule,
      imports: [LabReportsModule.forRoot(options.patientMatchKey), ...(options.appliers ?? [])],
      controllers: [InboundGrpcController],
      providers: [InboundRepository, InboundAuthenticator, InboundService],
      exports: [InboundRepository],
    };
  }
}
