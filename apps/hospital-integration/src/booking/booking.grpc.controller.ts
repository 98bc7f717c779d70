import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { parseInput } from '@meridian/platform';
import { GRPC_SERVICES, hospitalV1, timestampFromDate } from '@meridian/proto';
import type { commonV1 } from '@meridian/proto';
import { z } from 'zod';

import { BookingErrorCode } from './booking.errors';
import { BookingService } from './booking.service';
import type { BookingSaga } from './booking-saga';

const idempotencyKey = z.string().min(8, 'must be at least 8 characters').max(128);
const patient = z.object(
  {
    partnerId: z.string().trim().min(1, 'is required').max(64),
    patientId: z.string().trim().min(1, 'is required').max(64),
  },
  { error: 'is required' },
);
const DOCUMENT_TYPES = [
  'IDENTITY_DOCUMENT_TYPE_RESIDENT_ID_CARD',
  'IDENTITY_DOCUMENT_TYPE_PASSPORT',
  'IDENTITY_DOCUMENT_TYPE_HK_MACAO_PERMIT',
  'IDENTITY_DOCUMENT_TYPE_TAIWAN_PERMIT',
  'IDENTITY_DOCUMENT_TYPE_FOREIGN_PERMANENT_RESIDENT_ID',
] as const;

const startRequest = z.object({
  idempotencyKey,
  patient,
  slotId: z.uuid('must be a UUID'),
  visitor: z.object(
    {
      name: z.string().trim().min(1, 'is required').max(100),
      documentType: z.enum(DOCUMENT_TYPES, { error: 'must be a known identity document type' }),
      documentNumber: z.string().trim().min(4, 'is required').max(32),
      sex: z.string(),
      birthDate: z
        .object({ year: z.number().int(), month: z.number().int(), day: z.number().int() })
        .nullable(),
      phone: z.union([
        z.literal(''),
        z.string().regex(/^\+\d{6,15}$/, 'must be E.164, e.g. +8613800000000'),
      ]),
    },
    { error: 'is required' },
  ),
  certificateId: z.string().trim().max(64),
  paymentChannel: z
    .string()
    .transform((value) => value.replace(/^PAYMENT_CHANNEL_/, ''))
    .pipe(
      z.enum(['WECHAT_PAY', 'ALIPAY', 'UNIONPAY', 'SANDBOX'], {
        error: 'must be a payment channel',
      }),
    ),
  paymentReturnUrl: z.union([
    z.literal(''),
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(1000),
  ]),
  consultationId: z.string().trim().max(64),
});

const getRequest = z.object({ bookingId: z.uuid('must be a UUID'), patient });

const cancelRequest = z.object({
  idempotencyKey,
  bookingId: z.uuid('must be a UUID'),
  patient,
  reason: z.string().trim().max(500),
});

const STATE: Readonly<Record<BookingSaga['status'], hospitalV1.BookingState>> = {
  RUNNING: hospitalV1.BookingState.BOOKING_STATE_RUNNING,
  AWAITING_PAYMENT: hospitalV1.BookingState.BOOKING_STATE_AWAITING_PAYMENT,
  COMPENSATING: hospitalV1.BookingState.BOOKING_STATE_COMPENSATING,
  CONFIRMED: hospitalV1.BookingState.BOOKING_STATE_CONFIRMED,
  FAILED: hospitalV1.BookingState.BOOKING_STATE_FAILED,
  EXPIRED: hospitalV1.BookingState.BOOKING_STATE_EXPIRED,
  CANCELLED: hospitalV1.BookingState.BOOKING_STATE_CANCELLED,
};

const Status = hospitalV1.AppointmentStatus;

/** The appointment status a booking implies (AppointmentStatus of appointments.proto). */
function appointmentStatus(saga: BookingSaga): hospitalV1.AppointmentStatus {
  switch (saga.status) {
    case 'CONFIRMED':
      return Status.APPOINTMENT_STATUS_CONFIRMED;
    case 'FAILED':
      return Status.APPOINTMENT_STATUS_FAILED;
    case 'EXPIRED':
      return Status.APPOINTMENT_STATUS_EXPIRED;
    case 'CANCELLED':
      return Status.APPOINTMENT_STATUS_CANCELLED;
    case 'AWAITING_PAYMENT':
      return Status.APPOINTMENT_STATUS_AWAITING_PAYMENT;
    case 'COMPENSATING':
      return saga.results.confirmation
        ? Status.APPOINTMENT_STATUS_CONFIRMED
        : Status.APPOINTMENT_STATUS_HELD;
    case 'RUNNING':
      if (['CONFIRM', 'SETTLE', 'FINISH'].includes(saga.step))
        return Status.APPOINTMENT_STATUS_CONFIRMING;
      return saga.results.hold
        ? Status.APPOINTMENT_STATUS_HELD
        : Status.APPOINTMENT_STATUS_UNSPECIFIED;
  }
}

const money = (fen: string | undefined): commonV1.Money => ({
  amountFen: fen ?? '0',
  currency: 'CNY',
});
const time = (iso: string | undefined) => (iso ? timestampFromDate(new Date(iso)) : null);

function toProto(saga: BookingSaga): hospitalV1.Booking {
  const { results, request } = saga;
  const ended =
    saga.status === 'FAILED' || saga.status === 'EXPIRED' || saga.status === 'CANCELLED';
  return {
    id: saga.id,
    appointment: {
      id: saga.appointmentId,
      patient: { ...request.patient },
      hospitalId: request.hospitalId,
      departmentCode: '',
      doctorId: '',
      slotId: request.slotId,
      visitType: hospitalV1.VisitType.VISIT_TYPE_UNSPECIFIED,
      startTime: time(results.hold?.startTime),
      endTime: null,
      status: appointmentStatus(saga),
      holdExpiresAt:
        results.hold && !results.confirmation && !ended ? time(results.hold.holdExpiresAt) : null,
      price: results.price
        ? {
            total: money(results.price.totalFen),
            insuranceCovered: money(results.price.coveredFen),
            patientPayable: money(results.price.payableFen),
            quoteId: results.price.quoteId,
          }
        : null,
      certificateId: request.certificateId,
      paymentIntentId: results.payment?.paymentIntentId ?? '',
      settlementId: results.settlementId ?? '',
      hospitalAppointmentCode: results.confirmation?.hospitalAppointmentCode ?? '',
      queueNumber: results.confirmation?.queueNumber ?? 0,
      visitInstructions: results.confirmation?.visitInstructions ?? '',
      failureCode: ended ? (saga.ending?.failureCode ?? '') : '',
      endedBy:
        ended && saga.ending
          ? hospitalV1.AppointmentParty[`APPOINTMENT_PARTY_${saga.ending.endedBy}`]
          : hospitalV1.AppointmentParty.APPOINTMENT_PARTY_UNSPECIFIED,
      cancelReason: saga.status === 'CANCELLED' ? (saga.ending?.reason ?? '') : '',
      consultationId: request.consultationId,
      createdAt: timestampFromDate(saga.createdAt),
      updatedAt: timestampFromDate(saga.updatedAt),
      version: String(saga.version),
    },
    state: STATE[saga.status],
    step: saga.step,
    attempts: saga.attempts,
    lastError: saga.lastError,
    refunded: money(results.refundedFen),
    requestedAt: timestampFromDate(saga.createdAt),
    updatedAt: timestampFromDate(saga.updatedAt),
    version: String(saga.version),
  };
}

const SERVICE = GRPC_SERVICES.bookings.name;
const INVALID = BookingErrorCode.invalidRequest;

/** gRPC face of the booking saga: validates, calls the service, translates. No rules live here. */
@Controller()
export class BookingGrpcController implements hospitalV1.BookingsController {
  constructor(private readonly bookings: BookingService) {}

  @GrpcMethod(SERVICE, 'StartBooking')
  async startBooking(request: hospitalV1.StartBookingRequest): Promise<hospitalV1.Booking> {
    const { idempotencyKey: key, ...input } = parseInput(startRequest, request, INVALID);
    const saga = await this.bookings.start(key, {
      patient: input.patient,
      slotId: input.slotId,
      visitor: input.visitor,
      certificateId: input.certificateId,
      paymentChannel: input.paymentChannel,
      paymentReturnUrl: input.paymentReturnUrl,
      consultationId: input.consultationId,
    });
    return toProto(saga);
  }

  @GrpcMethod(SERVICE, 'GetBooking')
  async getBooking(request: hospitalV1.GetBookingRequest): Promise<hospitalV1.Booking> {
    const input = parseInput(getRequest, request, INVALID);
    return toProto(await this.bookings.get(input.bookingId, input.patient));
  }

  @GrpcMethod(SERVICE, 'CancelBooking')
  async cancelBooking(request: hospitalV1.CancelBookingRequest): Promise<hospitalV1.Booking> {
    const input = parseInput(cancelRequest, request, INVALID);
    return toProto(
      await this.bookings.cancel(
        input.idempotencyKey,
        input.bookingId,
        input.patient,
        input.reason,
      ),
    );
  }
}
