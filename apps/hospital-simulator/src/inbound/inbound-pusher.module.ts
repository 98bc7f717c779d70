import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import type { HospitalSimulatorConfig } from '../config';
import { SIMULATOR_CONFIG } from '../registration/registration.service';
import { InboundPusherService } from './inbound-pusher.service';

/** What the simulated hospitals push to Meridian's HospitalInbound. */
@Module({})
export class InboundPusherModule {
  /** `registration` is the module that provides RegistrationService. */
  static forRoot(config: HospitalSimulatorConfig, registration: DynamicModule): DynamicModule {
    return {
      module: InboundPusherModule,
      imports: [registration],
      providers: [{ provide: SIMULATOR_CONFIG, useValue: config }, InboundPusherService],
      exports: [InboundPusherService],
    };
  }
}
