import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { createGrpcClient } from '@meridian/platform';
import type { GrpcClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName, insuranceV1 } from '@meridian/proto';

import type { BookingConfig } from './booking.config';
import { BOOKING_CONFIG } from './booking.config';
import type { InsurancePort, QuoteInput } from './booking-ports';
import type { PriceSplit } from './booking-saga';
import { toStepError } from './remote-error';

/** The saga's insurance steps over insurance-certificates' Settlement contract. */
@Injectable()
export class InsuranceGrpcPort implements InsurancePort, OnModuleDestroy {
  private readonly client: GrpcClient<insuranceV1.SettlementClient>;

  constructor(@Inject(BOOKING_CONFIG) config: BookingConfig) {
    this.client = createGrpcClient<insuranceV1.SettlementClient>({
      target: config.SETTLEMENT_GRPC_URL,
      protoFiles: PROTO_FILES.settlement,
      service: grpcServiceName('settlement'),
      deadlineMs: config.BOOKING_CALL_DEADLINE_MS,
    });
  }

  onModuleDestroy(): void {
    this.client.close();
  }

  async quote(idempotencyKey: string, input: QuoteInput): Promise<PriceSplit> {
    try {
      const quote = await this.client.call.quoteSettlement({
        idempotencyKey,
        certificateId: input.certificateId,
        hospitalId: input.hospitalId,
        hospitalRegionCode: input.hospitalRegionCode,
        appointmentId: input.appointmentId,
        // The appointment's one fee line: the registration fee the hospital charges for the slot.
        items: [
          {
            code: 'REGISTRATION',
            name: '挂号费',
            category: insuranceV1.FeeCategory.FEE_CATEGORY_REGISTRATION,
            amount: { amountFen: input.feeFen, currency: 'CNY' },
            quantity: 1,
          },
        ],
      });
      return {
        totalFen: quote.total?.amountFen ?? '0',
        coveredFen: quote.covered?.amountFen ?? '0',
        payableFen: quote.patientPayable?.amountFen ?? '0',
        quoteId: quote.id,
      };
    } catch (error) {
      throw toStepError(error, 'insurance');
    }
  }

  async settle(idempotencyKey: string, quoteId: string, paymentIntentId: string): Promise<string> {
    try {
      return (await this.client.call.settle({ idempotencyKey, quoteId, paymentIntentId })).id;
    } catch (error) {
      throw toStepError(error, 'insurance');
    }
  }

  async reverse(idempotencyKey: string, settlementId: string, reason: string): Promise<void> {
    try {
      await this.client.call.reverseSettlement({
        idempotencyKey,
        settlementId,
        reason: reason.slice(0, 500) || 'booking undone',
      });
    } catch (error) {
      throw toStepError(error, 'insurance');
    }
  }
}
