import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { parseInput } from '@meridian/platform';
import { GRPC_SERVICES, insuranceV1, timestampFromDate } from '@meridian/proto';
import { z } from 'zod';

import { SettlementErrorCode } from './settlement.errors';
import { SettlementService } from './settlement.service';
import type { CoverageQuote, SettlementRecord } from './settlement';

const idempotencyKey = z.string().min(8, 'must be at least 8 characters').max(200);
const CATEGORIES = [
  'REGISTRATION',
  'CONSULTATION',
  'LAB',
  'IMAGING',
  'MEDICATION',
  'OTHER',
] as const;

const fen = z.object(
  {
    amountFen: z
      .string()
      .regex(/^(0|[1-9]\d{0,15})$/, 'must be a whole, non-negative number of fen')
      .transform((value) => BigInt(value)),
    currency: z.literal('CNY', { error: 'must be CNY' }),
  },
  { error: 'is required' },
);

const quoteRequest = z.object({
  idempotencyKey,
  certificateId: z.string().trim().min(1, 'is required').max(64),
  hospitalId: z.string().trim().min(1, 'is required').max(64),
  hospitalRegionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code'),
  appointmentId: z.string().trim().min(1, 'is required').max(64),
  items: z
    .array(
      z.object({
        code: z.string().trim().min(1, 'is required').max(64),
        name: z.string().trim().max(200),
        category: z
          .string()
          .transform((value) => value.replace(/^FEE_CATEGORY_/, ''))
          .pipe(z.enum(CATEGORIES, { error: 'must be a fee category' })),
        amount: fen,
        quantity: z.number().int().min(1, 'must be at least 1').max(1000),
      }),
    )
    .min(1, 'must list at least one fee item')
    .max(100),
});

const settleRequest = z.object({
  idempotencyKey,
  quoteId: z.uuid('must be a UUID'),
  paymentIntentId: z.union([z.literal(''), z.uuid('must be a UUID')]),
});

const reverseRequest = z.object({
  idempotencyKey,
  settlementId: z.uuid('must be a UUID'),
  reason: z.string().trim().min(1, 'is required').max(500),
});

const getRequest = z.object({ settlementId: z.uuid('must be a UUID') });

function money(value: bigint): { amountFen: string; currency: string } {
  return { amountFen: value.toString(), currency: 'CNY' };
}

function quoteToProto(quote: CoverageQuote): insuranceV1.CoverageQuote {
  return {
    id: quote.id,
    certificateId: quote.certificateId,
    appointmentId: quote.appointmentId,
    total: money(quote.totalFen),
    covered: money(quote.coveredFen),
    patientPayable: money(quote.patientPayableFen),
    lines: quote.lines.map((line) => ({
      itemCode: line.itemCode,
      amount: money(line.amountFen),
      covered: money(line.coveredFen),
      patientPayable: money(line.patientPayableFen),
      ruleCode: line.ruleCode,
    })),
    policyVersion: quote.policyVersion,
    expiresAt: timestampFromDate(quote.expiresAt),
    createdAt: timestampFromDate(quote.createdAt),
  };
}

function settlementToProto(settlement: SettlementRecord): insuranceV1.SettlementRecord {
  return {
    id: settlement.id,
    quoteId: settlement.quoteId,
    certificateId: settlement.certificateId,
    appointmentId: settlement.appointmentId,
    status: insuranceV1.SettlementStatus[`SETTLEMENT_STATUS_${settlement.status}`],
    covered: money(settlement.coveredFen),
    patientPaid: money(settlement.patientPaidFen),
    paymentIntentId: settlement.paymentIntentId,
    reversalReason: settlement.reversalReason,
    settledAt: timestampFromDate(settlement.settledAt),
    reversedAt: settlement.reversedAt ? timestampFromDate(settlement.reversedAt) : null,
    version: String(settlement.version),
  };
}

const SERVICE = GRPC_SERVICES.settlement.name;
const INVALID = SettlementErrorCode.invalidRequest;

/** gRPC face of settlement: validates, calls the service, translates. No rules live here. */
@Controller()
export class SettlementGrpcController implements insuranceV1.SettlementController {
  constructor(private readonly settlement: SettlementService) {}

  @GrpcMethod(SERVICE, 'QuoteSettlement')
  async quoteSettlement(
    request: insuranceV1.QuoteSettlementRequest,
  ): Promise<insuranceV1.CoverageQuote> {
    const { idempotencyKey: key, items, ...input } = parseInput(quoteRequest, request, INVALID);
    const quote = await this.settlement.quote(key, {
      ...input,
      items: items.map((item) => ({
        code: item.code,
        name: item.name,
        category: item.category,
        amountFen: item.amount.amountFen,
        quantity: item.quantity,
      })),
    });
    return quoteToProto(quote);
  }

  @GrpcMethod(SERVICE, 'Settle')
  async settle(request: insuranceV1.SettleRequest): Promise<insuranceV1.SettlementRecord> {
    const input = parseInput(settleRequest, request, INVALID);
    return settlementToProto(
      await this.settlement.settle(input.idempotencyKey, input.quoteId, input.paymentIntentId),
    );
  }

  @GrpcMethod(SERVICE, 'ReverseSettlement')
  async reverseSettlement(
    request: insuranceV1.ReverseSettlementRequest,
  ): Promise<insuranceV1.SettlementRecord> {
    const input = parseInput(reverseRequest, request, INVALID);
    return settlementToProto(
      await this.settlement.reverse(input.idempotencyKey, input.settlementId, input.reason),
    );
  }

  @GrpcMethod(SERVICE, 'GetSettlement')
  async getSettlement(
    request: insuranceV1.GetSettlementRequest,
  ): Promise<insuranceV1.SettlementRecord> {
    const input = parseInput(getRequest, request, INVALID);
    return settlementToProto(await this.settlement.get(input.settlementId));
  }
}
