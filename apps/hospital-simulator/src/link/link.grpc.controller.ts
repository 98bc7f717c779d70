import { Controller, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { GRPC_SERVICES, dateFromTimestamp, hospitalV1, timestampFromDate } from '@meridian/proto';

import type { LinkMethod } from './faults';
import type { SessionView } from './hospital-book';
import { HospitalRefusalFilter, refuse } from './link.errors';
import { LinkService } from './link.service';
import type { CancellableCall } from './link.service';
import { simulatedReport } from './simulated-reports';

/** gRPC metadata naming the hospital a call is for, when one endpoint serves several hospitals. */
export const HOSPITAL_CODE_HEADER = 'x-hospital-code';

const SERVICE = GRPC_SERVICES.hospitalLink.name;
const MAX_WINDOW_MS = 31 * 86_400_000;
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 500;
const CNY = 'CNY';

function hospitalCodeOf(metadata: Metadata | undefined): string {
  const value = metadata?.get(HOSPITAL_CODE_HEADER)[0];
  if (typeof value !== 'string' || value === '') {
    throw refuse.invalid(`metadata ${HOSPITAL_CODE_HEADER} is required`);
  }
  return value;
}

function required(value: string, field: string): string {
  if (value.trim() === '') throw refuse.invalid(`${field} is required`);
  if (value.length > 200) throw refuse.invalid(`${field} is longer than 200 characters`);
  return value;
}

function requiredTime(value: hospitalV1.GetScheduleRequest['windowStart'], field: string): Date {
  const date = value ? dateFromTimestamp(value) : null;
  if (!date) throw refuse.invalid(`${field} is required`);
  return date;
}

function money(amountFen: number): { amountFen: string; currency: string } {
  return { amountFen: String(amountFen), currency: CNY };
}

function fenOf(value: { amountFen: string; currency: string } | null, field: string): number {
  if (!value) return 0;
  if (value.currency !== CNY && !(value.currency === '' && value.amountFen === '0')) {
    throw refuse.invalid(`${field}.currency must be CNY`);
  }
  const fen = Number(value.amountFen);
  if (!Number.isSafeInteger(fen) || fen < 0)
    throw refuse.invalid(`${field} must be a non-negative amount`);
  return fen;
}

function sessionToProto(session: SessionView): hospitalV1.HospitalSession {
  return {
    sessionCode: session.sessionCode,
    departmentCode: session.departmentCode,
    departmentLocalCode: session.departmentLocalCode,
    departmentLocalName: session.departmentLocalName,
    doctorCode: session.doctorCode,
    doctorName: session.doctorName,
    doctorTitle: hospitalV1.DoctorTitle[`DOCTOR_TITLE_${session.doctorTitle}`],
    visitType: hospitalV1.VisitType[`VISIT_TYPE_${session.visitType}`],
    startTime: timestampFromDate(session.startTime),
    endTime: timestampFromDate(session.endTime),
    fee: money(session.feeFen),
    status: hospitalV1.SessionStatus[`SESSION_STATUS_${session.status}`],
    statusReason: session.statusReason,
    slots: session.slots.map((slot) => ({
      slotCode: slot.slotCode,
      startTime: timestampFromDate(slot.startTime),
      endTime: timestampFromDate(slot.endTime),
      status: hospitalV1.SlotStatus[`SLOT_STATUS_${slot.status}`],
    })),
  };
}

/**
 * HospitalLink as a simulated HIS answers it. Which hospital a call is for comes from the
 * `x-hospital-code` metadata (one simulator process serves many hospitals on one port).
 */
@Controller()
@UseFilters(HospitalRefusalFilter)
export class LinkGrpcController implements hospitalV1.HospitalLinkController {
  constructor(private readonly link: LinkService) {}

  private async enter(
    metadata: Metadata | undefined,
    call: CancellableCall | undefined,
    method: LinkMethod,
  ) {
    const code = hospitalCodeOf(metadata);
    const book = this.link.book(code);
    await this.link.beforeServing(code, method, call);
    return { code, book };
  }

  @GrpcMethod(SERVICE, 'GetSchedule')
  async getSchedule(
    request: hospitalV1.GetScheduleRequest,
    metadata?: Metadata,
    call?: CancellableCall,
  ): Promise<hospitalV1.GetScheduleResponse> {
    const { book } = await this.enter(metadata, call, 'GetSchedule');
    const from = requiredTime(request.windowStart, 'window_start');
    const to = requiredTime(request.windowEnd, 'window_end');
    if (to <= from) throw refuse.invalid('window_end must be after window_start');
    if (to.getTime() - from.getTime() > MAX_WINDOW_MS)
      throw refuse.invalid('the window is longer than 31 days');
    if (request.pageSize < 0 || request.pageSize > MAX_PAGE_SIZE)
      throw refuse.invalid(`page_size must be 0..${MAX_PAGE_SIZE}`);
    const offset = request.pageToken === '' ? 0 : Number(request.pageToken);
    if (!Number.isSafeInteger(offset) || offset < 0) throw refuse.invalid('page_token is invalid');
    const pageSize = request.pageSize === 0 ? DEFAULT_PAGE_SIZE : request.pageSize;
    const asOf = new Date();
    const sessions = book
      .schedule(from, to)
      .filter((s) => request.departmentCode === '' || s.departmentCode === request.departmentCode)
      .filter((s) => request.doctorCode === '' || s.doctorCode === request.doctorCode);
    const page = sessions.slice(offset, offset + pageSize);
    return {
      sessions: page.map(sessionToProto),
      nextPageToken: offset + pageSize < sessions.length ? String(offset + pageSize) : '',
      asOf: timestampFromDate(asOf),
    };
  }

  @GrpcMethod(SERVICE, 'HoldSlot')
  async holdSlot(
    request: hospitalV1.HoldSlotRequest,
    metadata?: Metadata,
    call?: CancellableCall,
  ): Promise<hospitalV1.HoldSlotResponse> {
    const { book } = await this.enter(metadata, call, 'HoldSlot');
    const holdUntil = requiredTime(request.holdUntil, 'hold_until');
    if (!request.patient || request.patient.name.trim() === '') {
      throw refuse.invalid('patient.name is required (real-name registration)');
    }
    const result = book.hold({
      idempotencyKey: required(request.idempotencyKey, 'idempotency_key'),
      appointmentId: required(request.appointmentId, 'appointment_id'),
      sessionCode: required(request.sessionCode, 'session_code'),
      slotCode: required(request.slotCode, 'slot_code'),
      patientName: request.patient.name,
      holdUntil,
    });
    return {
      holdCode: result.holdCode,
      holdExpiresAt: timestampFromDate(result.holdExpiresAt),
      fee: money(result.feeFen),
    };
  }

  @GrpcMethod(SERVICE, 'ConfirmAppointment')
  async confirmAppointment(
    request: hospitalV1.ConfirmAppointmentRequest,
    metadata?: Metadata,
    call?: CancellableCall,
  ): Promise<hospitalV1.ConfirmAppointmentResponse> {
    const { code, book } = await this.enter(metadata, call, 'ConfirmAppointment');
    const result = book.confirm(
      {
        idempotencyKey: required(request.idempotencyKey, 'idempotency_key'),
        appointmentId: required(request.appointmentId, 'appointment_id'),
        holdCode: required(request.holdCode, 'hold_code'),
        patientPaidFen: fenOf(request.patientPaid, 'patient_paid'),
        insuranceCoveredFen: fenOf(request.insuranceCovered, 'insurance_covered'),
        paymentReference: request.paymentReference,
      },
      this.link.faults.refusesConfirm(code),
    );
    return {
      hospitalAppointmentCode: result.hospitalAppointmentCode,
      queueNumber: result.queueNumber,
      visitInstructions: result.visitInstructions,
      confirmedAt: timestampFromDate(result.confirmedAt),
    };
  }

  @GrpcMethod(SERVICE, 'CancelAppointment')
  async cancelAppointment(
    request: hospitalV1.HospitalLinkCancelAppointmentRequest,
    metadata?: Metadata,
    call?: CancellableCall,
  ): Promise<hospitalV1.HospitalLinkCancelAppointmentResponse> {
    const { book } = await this.enter(metadata, call, 'CancelAppointment');
    const cancelledAt = book.cancel({
      idempotencyKey: required(request.idempotencyKey, 'idempotency_key'),
      appointmentId: required(request.appointmentId, 'appointment_id'),
      holdCode: request.holdCode,
      hospitalAppointmentCode: request.hospitalAppointmentCode,
      reason: request.reason,
    });
    return { cancelledAt: timestampFromDate(cancelledAt) };
  }

  @GrpcMethod(SERVICE, 'FetchReport')
  async fetchReport(
    request: hospitalV1.FetchReportRequest,
    metadata?: Metadata,
    call?: CancellableCall,
  ): Promise<hospitalV1.FetchReportResponse> {
    const { book } = await this.enter(metadata, call, 'FetchReport');
    const report = simulatedReport(book.hospital, required(request.reportCode, 'report_code'));
    if (!report) throw refuse.notFound('UNKNOWN_REPORT', `No report ${request.reportCode}`);
    return {
      report: {
        reportCode: report.reportCode,
        appointmentId: '',
        hospitalAppointmentCode: '',
        patient: null,
        title: report.title,
        specimen: report.specimen,
        departmentLocalName: report.departmentLocalName,
        orderingDoctorName: report.orderingDoctorName,
        collectedAt: timestampFromDate(report.collectedAt),
        reportedAt: timestampFromDate(report.reportedAt),
        observations: report.observations.map((o) => ({
          loincCode: o.loincCode,
          localCode: o.localCode,
          name: o.name,
          value: o.value,
          unit: o.unit,
          referenceRange: o.referenceRange,
          flag: hospitalV1.HospitalResultFlag[`HOSPITAL_RESULT_FLAG_${o.flag}`],
        })),
      },
    };
  }
}
