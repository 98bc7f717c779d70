import { Module } from '@nestjs/common';

import { SettlementGrpcController } from './settlement.grpc.controller';
import { SettlementRepository } from './settlement.repository';
import { SettlementService } from './settlement.service';

/** Coverage quotes and settlements (placeholder coverage rule, see coverage-rule.ts). */
@Module({
  controllers: [SettlementGrpcController],
  providers: [SettlementService, SettlementRepository],
})
export class SettlementModule {}
