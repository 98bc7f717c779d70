import { Module } from '@nestjs/common';

import { ModelCallAuditGrpcController } from './model-call-audit.grpc.controller';
import { ModelCallAuditRepository } from './model-call-audit.repository';
import { ModelCallAuditService } from './model-call-audit.service';

/** The queryable audit of model calls (gRPC `ModelCallAudit`), with its read log. */
@Module({
  controllers: [ModelCallAuditGrpcController],
  providers: [ModelCallAuditRepository, ModelCallAuditService],
})
export class ModelCallAuditModule {}
