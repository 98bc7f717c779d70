import { Injectable } from '@nestjs/common';

import { Prisma, PrismaClient } from '../generated/prisma/client';
import type {
  BookingRequest,
  BookingSaga,
  CancelRequest,
  Compensation,
  PaymentOutcome,
  SagaEnding,
  SagaResults,
  SagaStatus,
  SagaStep,
} from './booking-saga';

export type BookingTx = Prisma.TransactionClient;

type SagaRow = Prisma.BookingSagaGetPayload<object>;

function toSaga(row: SagaRow): BookingSaga {
  return {
    id: row.id,
    appointmentId: row.appointmentId,
    request: row.request as unknown as BookingRequest,
    status: row.status as SagaStatus,
    step: row.step as SagaStep,
    attempts: row.attempts,
    nextRunAt: row.nextRunAt,
    lastError: row.lastError,
    results: row.results as unknown as SagaResults,
    pendingCompensations: row.pendingCompensations as unknown as Compensation[],
    ending: row.ending as unknown as SagaEnding | null,
    cancel: row.cancel as unknown as CancelRequest | null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

const json = (value: unknown): Prisma.InputJsonValue => value as Prisma.InputJsonValue;
const nullableJson = (value: unknown) => (value === null ? Prisma.DbNull : json(value));

export interface IdempotencyRecord {
  readonly operation: string;
  readonly requestHash: string;
  readonly resourceId: string;
}

/** The only place that touches the booking_sagas table. */
@Injectable()
export class BookingRepository {
  constructor(private readonly prisma: PrismaClient) {}

  transaction<T>(work: (tx: BookingTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  async insert(tx: BookingTx, saga: BookingSaga): Promise<void> {
    await tx.bookingSaga.create({
      data: {
        id: saga.id,
        appointmentId: saga.appointmentId,
        partnerId: saga.request.patient.partnerId,
        patientId: saga.request.patient.patientId,
        request: json(saga.request),
        status: saga.status,
        step: saga.step,
        attempts: saga.attempts,
        nextRunAt: saga.nextRunAt,
        lastError: saga.lastError,
        results: json(saga.results),
        pendingCompensations: json(saga.pendingCompensations),
        ending: nullableJson(saga.ending),
        cancel: nullableJson(saga.cancel),
        createdAt: saga.createdAt,
        updatedAt: saga.updatedAt,
        version: saga.version,
      },
    });
  }

  async find(id: string, tx: BookingTx = this.prisma): Promise<BookingSaga | undefined> {
    const row = await tx.bookingSaga.findUnique({ where: { id } });
    return row ? toSaga(row) : undefined;
  }

  async findByAppointment(
    appointmentId: string,
    tx: BookingTx = this.prisma,
  ): Promise<BookingSaga | undefined> {
    const row = await tx.bookingSaga.findUnique({ where: { appointmentId } });
    return row ? toSaga(row) : undefined;
  }

  /**
   * Leases up to `limit` due sagas to `owner` until `leaseMs` from now. Rows locked by another
   * claimer are skipped (SKIP LOCKED), and a saga leased to someone else is not due until its lease
   * lapses (its holder crashed), so one saga is advanced by one runner at a time.
   */
  async claimDue(owner: string, leaseMs: number, limit: number): Promise<BookingSaga[]> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE booking_sagas SET lease_owner = ${owner},
             lease_until = now() + make_interval(secs => ${leaseMs / 1000})
      WHERE id IN (
        SELECT id FROM booking_sagas
        WHERE next_run_at <= now() AND (lease_until IS NULL OR lease_until < now())
        ORDER BY next_run_at
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    return this.loadAll(rows.map((r) => r.id));
  }

  /** Leases one saga now, due or not (a request waiting for it); undefined when someone holds it. */
  async claim(id: string, owner: string, leaseMs: number): Promise<BookingSaga | undefined> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      UPDATE booking_sagas SET lease_owner = ${owner},
             lease_until = now() + make_interval(secs => ${leaseMs / 1000})
      WHERE id IN (
        SELECT id FROM booking_sagas
        WHERE id = ${id}::uuid AND (lease_until IS NULL OR lease_until < now() OR lease_owner = ${owner})
        FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    const [saga] = await this.loadAll(rows.map((r) => r.id));
    return saga;
  }

  private async loadAll(ids: string[]): Promise<BookingSaga[]> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.bookingSaga.findMany({ where: { id: { in: ids } } });
    return rows.map(toSaga);
  }

  /**
   * Writes the saga as advanced from `expectedVersion`, keeping the lease of `owner` for
   * `leaseMs` more. False when the row changed meanwhile (an event arrived): the caller re-reads.
   */
  async save(
    tx: BookingTx,
    saga: BookingSaga,
    expectedVersion: number,
    owner: string,
    leaseMs: number,
  ): Promise<boolean> {
    const leaseUntil = new Date(Date.now() + leaseMs);
    const updated = await tx.bookingSaga.updateMany({
      where: { id: saga.id, version: expectedVersion, leaseOwner: owner },
      data: {
        status: saga.status,
        step: saga.step,
        attempts: saga.attempts,
        nextRunAt: saga.nextRunAt,
        lastError: saga.lastError.slice(0, 1000),
        results: json(saga.results),
        pendingCompensations: json(saga.pendingCompensations),
        ending: nullableJson(saga.ending),
        cancel: nullableJson(saga.cancel),
        leaseUntil,
        updatedAt: saga.updatedAt,
        version: expectedVersion + 1,
      },
    });
    return updated.count === 1;
  }

  async releaseLease(id: string, owner: string): Promise<void> {
    await this.prisma.bookingSaga.updateMany({
      where: { id, leaseOwner: owner },
      data: { leaseOwner: null, leaseUntil: null },
    });
  }

  /**
   * Records a payment's outcome on the saga waiting for it and makes the saga due now. Only a saga
   * still moving forward takes it, and only the first outcome counts.
   */
  async recordPaymentOutcome(
    tx: BookingTx,
    appointmentId: string,
    paymentIntentId: string,
    outcome: PaymentOutcome,
  ): Promise<boolean> {
    const changed = await tx.$executeRaw`
      UPDATE booking_sagas
      SET results = jsonb_set(results, '{paymentOutcome}', to_jsonb(${outcome}::text)),
          next_run_at = now(), version = version + 1, updated_at = now()
      WHERE appointment_id = ${appointmentId}::uuid
        AND status IN ('RUNNING', 'AWAITING_PAYMENT')
        AND step IN ('CREATE_PAYMENT', 'AWAIT_PAYMENT')
        AND NOT (results ? 'paymentOutcome')
        AND (NOT (results ? 'payment') OR results->'payment'->>'paymentIntentId' = ${paymentIntentId})`;
    return changed === 1;
  }

  /** Records a patient's cancellation and makes the saga due now. */
  async requestCancel(tx: BookingTx, id: string, cancel: CancelRequest): Promise<void> {
    await tx.$executeRaw`
      UPDATE booking_sagas
      SET cancel = ${JSON.stringify(cancel)}::jsonb, results = results - 'cancelRejection',
          next_run_at = now(), version = version + 1, updated_at = now()
      WHERE id = ${id}::uuid`;
  }

  async listForPatient(
    partnerId: string,
    patientId: string,
    limit: number,
    before?: string,
  ): Promise<BookingSaga[]> {
    const rows = await this.prisma.bookingSaga.findMany({
      where: { partnerId, patientId, ...(before ? { id: { lt: before } } : {}) },
      orderBy: { id: 'desc' },
      take: limit,
    });
    return rows.map(toSaga);
  }

  async findIdempotencyKey(tx: BookingTx, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await tx.idempotencyKey.findUnique({ where: { key } });
    return row
      ? { operation: row.operation, requestHash: row.requestHash, resourceId: row.resourceId }
      : undefined;
  }

  async saveIdempotencyKey(tx: BookingTx, key: string, record: IdempotencyRecord): Promise<void> {
    await tx.idempotencyKey.create({ data: { key, ...record } });
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
