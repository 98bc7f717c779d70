import { z } from 'zod';

import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

// Facts about insurance settlements, published by insurance-certificates, keyed by settlement id.

const SOURCE = '/meridian/insurance-certificates';

const fen = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const settlementChangedV1 = z.object({
  settlementId: z.uuid(),
  quoteId: z.uuid(),
  certificateId: z.string().min(1),
  appointmentId: z.string().min(1),
  status: z.enum(['SETTLED', 'REVERSED']),
  coveredFen: fen,
  patientPaidFen: fen,
  currency: z.literal('CNY'),
  /** The payment of the patient's share; empty when the patient paid nothing. */
  paymentIntentId: z.string(),
  /** Set when REVERSED. */
  reversalReason: z.string(),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
});

export type SettlementChangedV1 = z.infer<typeof settlementChangedV1>;

/** The insured part of a visit was settled. */
export const SettlementSettled = defineEvent({
  type: 'meridian.insurance.settlement.settled.v1',
  topic: Topics.insuranceSettlements,
  source: SOURCE,
  schema: settlementChangedV1,
});

/** A settlement was reversed in full (the hospital refused, or the appointment was cancelled). */
export const SettlementReversed = defineEvent({
  type: 'meridian.insurance.settlement.reversed.v1',
  topic: Topics.insuranceSettlements,
  source: SOURCE,
  schema: settlementChangedV1,
});
