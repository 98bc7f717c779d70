import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { HealthModule, PlatformModule } from '@meridian/platform';

import type { HospitalSimulatorConfig } from './config';
import { SERVICE_NAME } from './config';
import { InboundPusherModule } from './inbound/inbound-pusher.module';
import { LinkModule } from './link/link.module';
import { RegistrationModule } from './registration/registration.module';
import { RegistrationService } from './registration/registration.service';

/** A reference hospital system. It owns no database: its state is simulated and rebuilt at start. */
@Module({})
export class AppModule {
  static forRoot(config: HospitalSimulatorConfig): DynamicModule {
    const registration = RegistrationModule.forRoot(config);
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: SERVICE_NAME,
          version: config.SERVICE_VERSION,
          logLevel: config.LOG_LEVEL,
        }),
        registration,
        LinkModule.forRoot(config),
        InboundPusherModule.forRoot(config, registration),
        HealthModule.register({
          imports: [registration],
          inject: [RegistrationService],
          useFactory: (service: RegistrationService) => [service.readiness()],
        }),
      ],
    };
  }
}
