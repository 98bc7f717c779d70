import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import type { HospitalIntegrationConfig } from '../config';
import { HOSPITAL_LINK_OPTIONS, HospitalLinkClient } from './hospital-link.client';
import type { HospitalLinkOptions } from './hospital-link.client';

/** Calling hospitals over HospitalLink, with a bulkhead and a circuit breaker per hospital. */
@Module({})
export class LinkModule {
  static forRoot(config: HospitalIntegrationConfig): DynamicModule {
    const options: HospitalLinkOptions = {
      routes: config.HOSPITAL_LINK_ROUTES,
      deadlineMs: config.HOSPITAL_LINK_DEADLINE_MS,
      scheduleDeadlineMs: config.HOSPITAL_LINK_SCHEDULE_DEADLINE_MS,
      maxConcurrency: config.HOSPITAL_LINK_MAX_CONCURRENCY,
      breakerFailures: config.HOSPITAL_LINK_BREAKER_FAILURES,
      breakerOpenMs: config.HOSPITAL_LINK_BREAKER_OPEN_MS,
    };
    return {
      module: LinkModule,
      global: true,
      providers: [{ provide: HOSPITAL_LINK_OPTIONS, useValue: options }, HospitalLinkClient],
      exports: [HospitalLinkClient],
    };
  }
}
