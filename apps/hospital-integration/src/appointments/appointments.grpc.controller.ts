import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { parseInput } from '@meridian/platform';
import { GRPC_SERVICES, commonV1, hospitalV1, timestampFromDate } from '@meridian/proto';
import { z } from 'zod';

import { APPOINTMENT_STATUSES } from './appointment';
import type { Appointment, AppointmentStatus } from './appointment';
import { AppointmentErrorCode } from './appointment.errors';
import { AppointmentsService } from './appointments.service';

const SERVICE = GRPC_SERVICES.appointments.name;
const DEFAULT_PAGE_SIZE = 20;
const INVALID = AppointmentErrorCode.invalidRequest;

const idempotencyKey = z.string().min(8, 'must be at least 8 characters').max(200);
const patient = z
  .object({
    partnerId: z.string().min(1, 'is required').max(64),
    patientId: z.string().min(1, 'is required').max(64),
  })
  .nullable()
  .refine((p) => p !== null, 'is required')
  .transform((p) => p);
const optionalId = z.union([z.literal(''), z.uuid('must be a UUID')]);
const reference = z.string().max(64);

const visitor = z
  .object({
    name: z.string().trim().min(1, 'is required (real-name registration)').max(100),
    documentType: z
      .enum(commonV1.IdentityDocumentType)
      .refine(
        (t) => t !== commonV1.IdentityDocumentType.IDENTITY_DOCUMENT_TYPE_UNSPECIFIED,
        'is required',
      ),
    documentNumber: z.string().trim().min(1, 'is required').max(64),
    sex: z.enum(commonV1.Sex),
    birthDate: z
      .object({
        year: z.number().int().min(1900).max(2100),
        month: z.number().int().min(1).max(12),
        day: z.number().int().min(1).max(31),
      })
      .nullable(),
    phone: z.union([
      z.literal(''),
      z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164, e.g. +8613800000000'),
    ]),
  })
  .nullable();

const holdRequest = z.object({
  idempotencyKey,
  patient,
  slotId: z.uuid('must be a UUID'),
  visitor: visitor.refine((v) => v !== null, 'is required'),
  certificateId: reference,
  consultationId: reference,
});

const bookRequest = z
  .object({
    idempotencyKey,
    patient,
    heldAppointmentId: optionalId,
    slotId: optionalId,
    visitor,
    certificateId: reference,
    paymentChannel: z.string(),
    paymentReturnUrl: z.string().max(2_000),
    consultationId: reference,
  })
  .superRefine((r, ctx) => {
    if (r.heldAppointmentId !== '') return;
    if (r.slotId === '')
      ctx.addIssue({
        code: 'custom',
        path: ['slotId'],
        message: 'slot_id or held_appointment_id is required',
      });
    if (r.visitor === null)
      ctx.addIssue({ code: 'custom', path: ['visitor'], message: 'is required with slot_id' });
  });

const getRequest = z.object({ appointmentId: z.uuid('must be a UUID'), patient });

const cancelRequest = z.object({
  idempotencyKey,
  appointmentId: z.uuid('must be a UUID'),
  patient,
  reason: z.string().max(500),
});

const listRequest = z.object({
  patient,
  statuses: z
    .array(
      z
        .string()
        .transform((s) => s.replace('APPOINTMENT_STATUS_', ''))
        .pipe(
          z.enum(
            APPOINTMENT_STATUSES.filter((s) => s !== 'REQUESTED') as [
              AppointmentStatus,
              ...AppointmentStatus[],
            ],
            { error: 'must be an appointment status' },
          ),
        ),
    )
    .max(20),
  pageSize: z.number().int().min(0).max(100, 'must be at most 100'),
  pageToken: z.string().max(512),
});

function money(fen: number): { amountFen: string; currency: string } {
  return { amountFen: String(fen), currency: 'CNY' };
}

export function appointmentToProto(a: Appointment): hospitalV1.Appointment {
  // REQUESTED is internal: the slot is already held for the patient while the hospital answers.
  const status = a.status === 'REQUESTED' ? 'HELD' : a.status;
  const holding = status === 'HELD' || status === 'AWAITING_PAYMENT';
  return {
    id: a.id,
    patient: { partnerId: a.patient.partnerId, patientId: a.patient.patientId },
    hospitalId: a.hospitalId,
    departmentCode: a.departmentCode,
    doctorId: '',
    slotId: a.slotId,
    visitType: hospitalV1.VisitType[`VISIT_TYPE_${a.visitType}`],
    startTime: timestampFromDate(a.startTime),
    endTime: timestampFromDate(a.endTime),
    status: hospitalV1.AppointmentStatus[`APPOINTMENT_STATUS_${status}`],
    holdExpiresAt: holding && a.holdExpiresAt ? timestampFromDate(a.holdExpiresAt) : null,
    price: {
      total: money(a.feeFen),
      insuranceCovered: money(a.insuranceCoveredFen),
      patientPayable: money(a.patientPayableFen),
      quoteId: a.quoteId,
    },
    certificateId: a.certificateId,
    paymentIntentId: a.paymentIntentId,
    settlementId: a.settlementId,
    hospitalAppointmentCode: a.hospitalAppointmentCode,
    queueNumber: a.queueNumber,
    visitInstructions: a.visitInstructions,
    failureCode: a.failureCode,
    endedBy:
      hospitalV1.AppointmentParty[
        `APPOINTMENT_PARTY_${a.endedBy === '' ? 'UNSPECIFIED' : a.endedBy}`
      ],
    cancelReason: a.cancelReason,
    consultationId: a.consultationId,
    createdAt: timestampFromDate(a.createdAt),
    updatedAt: timestampFromDate(a.updatedAt),
    version: String(a.version),
  };
}

/** gRPC face of appointments (FindSlots lives with schedules): validates, calls, translates. */
@Controller()
export class AppointmentsGrpcController {
  constructor(private readonly appointments: AppointmentsService) {}

  @GrpcMethod(SERVICE, 'HoldAppointment')
  async holdAppointment(
    request: hospitalV1.HoldAppointmentRequest,
  ): Promise<hospitalV1.Appointment> {
    const input = parseInput(holdRequest, request, INVALID);
    const held = await this.appointments.hold({
      idempotencyKey: input.idempotencyKey,
      patient: input.patient,
      slotId: input.slotId,
      visitor: input.visitor,
      certificateId: input.certificateId,
      consultationId: input.consultationId,
    });
    return appointmentToProto(held);
  }

  @GrpcMethod(SERVICE, 'BookAppointment')
  async bookAppointment(
    request: hospitalV1.BookAppointmentRequest,
  ): Promise<hospitalV1.Appointment> {
    const input = parseInput(bookRequest, request, INVALID);
    const booked = await this.appointments.book({
      idempotencyKey: input.idempotencyKey,
      patient: input.patient,
      ...(input.heldAppointmentId ? { heldAppointmentId: input.heldAppointmentId } : {}),
      ...(input.slotId ? { slotId: input.slotId } : {}),
      ...(input.visitor ? { visitor: input.visitor } : {}),
      certificateId: input.certificateId,
      consultationId: input.consultationId,
    });
    return appointmentToProto(booked);
  }

  @GrpcMethod(SERVICE, 'GetAppointment')
  async getAppointment(request: hospitalV1.GetAppointmentRequest): Promise<hospitalV1.Appointment> {
    const input = parseInput(getRequest, request, INVALID);
    return appointmentToProto(await this.appointments.get(input.patient, input.appointmentId));
  }

  @GrpcMethod(SERVICE, 'CancelAppointment')
  async cancelAppointment(
    request: hospitalV1.CancelAppointmentRequest,
  ): Promise<hospitalV1.Appointment> {
    const input = parseInput(cancelRequest, request, INVALID);
    return appointmentToProto(await this.appointments.cancel(input));
  }

  @GrpcMethod(SERVICE, 'ListAppointments')
  async listAppointments(
    request: hospitalV1.ListAppointmentsRequest,
  ): Promise<hospitalV1.ListAppointmentsResponse> {
    const input = parseInput(listRequest, request, INVALID);
    const page = await this.appointments.list(
      input.patient,
      input.statuses,
      input.pageSize === 0 ? DEFAULT_PAGE_SIZE : input.pageSize,
      input.pageToken || undefined,
    );
    return {
      appointments: page.appointments.map(appointmentToProto),
      nextPageToken: page.nextCursor ?? '',
    };
  }
}
