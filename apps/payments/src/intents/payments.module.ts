import { Module } from '@nestjs/common';

import { PaymentWorker } from './payment-worker';
import { PaymentsGrpcController } from './payments.grpc.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';

/** Payment intents and refunds, with the sandbox provider. */
@Module({
  controllers: [PaymentsGrpcController],
  providers: [PaymentsService, PaymentsRepository, PaymentWorker],
})
export class PaymentsModule {}
