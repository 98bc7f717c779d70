import { Module } from '@nestjs/common';
import { DOCTORS_APPLIER } from '../inbound/inbound-appliers';
import type { DynamicModule } from '@nestjs/common';

import { DIRECTORY_CACHE_NAMESPACE, DirectoryCache } from './directory.cache';
import { DirectoryGrpcController } from './directory.grpc.controller';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';
import { DirectoryDoctorsApplier } from './doctors.applier';

/** The hospital directory: hospitals, their departments and doctors, search, and its cache. */
@Module({})
export class DirectoryModule {
  static forRoot(options: { readonly cacheNamespace: string }): DynamicModule {
    return {
      module: DirectoryModule,
      // Global so that the inbound module sees the doctors applier without importing the directory.
      global: true,
      controllers: [DirectoryGrpcController],
      providers: [
        { provide: DIRECTORY_CACHE_NAMESPACE, useValue: options.cacheNamespace },
        DirectoryService,
        DirectoryRepository,
        DirectoryCache,
        DirectoryDoctorsApplier,
        { provide: DOCTORS_APPLIER, useExisting: DirectoryDoctorsApplier },
      ],
      exports: [DirectoryService, DOCTORS_APPLIER],
    };
  }
}
