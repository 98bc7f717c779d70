import { Module } from '@nestjs/common';

import { DirectoryGrpcController } from './directory.grpc.controller';
import { DirectoryRepository } from './directory.repository';
import { DirectoryService } from './directory.service';

/** The hospital directory: hospitals and their departments. */
@Module({
  controllers: [DirectoryGrpcController],
  providers: [DirectoryService, DirectoryRepository],
})
export class DirectoryModule {}
