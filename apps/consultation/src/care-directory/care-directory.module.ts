import { Module } from '@nestjs/common';

import { CareDirectoryGrpcController } from './care-directory.grpc.controller';
import { CareDirectoryRepository } from './care-directory.repository';
import { CareDirectoryService } from './care-directory.service';
import { HospitalDirectoryEventsController } from './hospital-directory.events.controller';

/** Consultation's local copy of the hospital directory, used for recommendations. */
@Module({
  controllers: [CareDirectoryGrpcController],
  providers: [CareDirectoryService, CareDirectoryRepository, HospitalDirectoryEventsController],
})
export class CareDirectoryModule {}
