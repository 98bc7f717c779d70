import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DEPARTMENT_CODE_PATTERN } from '@meridian/clinical';
import { parseInput } from '@meridian/platform';
import { GRPC_SERVICES, dateFromTimestamp, hospitalV1, timestampFromDate } from '@meridian/proto';
import { z } from 'zod';

import type { OpenSlot, ScheduleSession } from './schedule';
import { ScheduleErrorCode, SchedulesService } from './schedules.service';

const DAY_MS = 86_400_000;
const MAX_WINDOW_MS = 31 * DAY_MS;
const DEFAULT_SLOT_WINDOW_MS = 14 * DAY_MS;
const DEFAULT_PAGE_SIZE = 20;

const optionalTimestamp = z
  .object({ seconds: z.string(), nanos: z.number() })
  .nullable()
  .transform((value) => (value ? dateFromTimestamp(value) : null));
const requiredTimestamp = optionalTimestamp.refine((value) => value !== null, 'is required');
const departmentCode = z.union([
  z.literal(''),
  z.string().regex(DEPARTMENT_CODE_PATTERN, 'must be a department code'),
]);
const pageSize = z.number().int().min(0).max(100, 'must be at most 100');
const pageToken = z.string().max(512);

const listSessionsRequest = z
  .object({
    hospitalId: z.uuid('must be a UUID'),
    departmentCode,
    doctorId: z.string().max(64),
    startsAfter: requiredTimestamp,
    startsBefore: requiredTimestamp,
    pageSize,
    pageToken,
  })
  .superRefine((r, ctx) => windowCheck(r.startsAfter, r.startsBefore, ctx));

const findSlotsRequest = z
  .object({
    hospitalId: z.union([z.literal(''), z.uuid('must be a UUID')]),
    departmentCode,
    doctorId: z.string().max(64),
    visitType: z
      .string()
      .transform((v) => v.replace('VISIT_TYPE_', ''))
      .pipe(z.enum(['UNSPECIFIED', 'GENERAL', 'SPECIALIST', 'EXPERT', 'SPECIAL_NEEDS', 'ONLINE'])),
    startsAfter: optionalTimestamp,
    startsBefore: optionalTimestamp,
    pageSize,
    pageToken,
  })
  .superRefine((r, ctx) => {
    if (r.hospitalId === '' && r.departmentCode === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['hospitalId'],
        message: 'hospital_id or department_code is required',
      });
    }
    const from = r.startsAfter ?? new Date();
    windowCheck(from, r.startsBefore ?? new Date(from.getTime() + DEFAULT_SLOT_WINDOW_MS), ctx);
  });

function windowCheck(from: Date | null, to: Date | null, ctx: z.RefinementCtx): void {
  if (!from || !to) return;
  if (to <= from) {
    ctx.addIssue({ code: 'custom', path: ['startsBefore'], message: 'must be after starts_after' });
  } else if (to.getTime() - from.getTime() > MAX_WINDOW_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['startsBefore'],
      message: 'is more than 31 days after starts_after',
    });
  }
}

function money(fen: number): { amountFen: string; currency: string } {
  return { amountFen: String(fen), currency: 'CNY' };
}

function sessionToProto(session: ScheduleSession): hospitalV1.ScheduleSession {
  return {
    id: session.id,
    hospitalId: session.hospitalId,
    departmentCode: session.departmentCode,
    // Doctors are matched to directory ids once the directory keeps doctors; until then, empty.
    doctorId: '',
    doctorName: session.doctorName,
    doctorTitle: hospitalV1.DoctorTitle[`DOCTOR_TITLE_${session.doctorTitle}`],
    visitType: hospitalV1.VisitType[`VISIT_TYPE_${session.visitType}`],
    startTime: timestampFromDate(session.startTime),
    endTime: timestampFromDate(session.endTime),
    fee: money(session.feeFen),
    status: hospitalV1.SessionStatus[`SESSION_STATUS_${session.status}`],
    totalSlots: session.totalSlots,
    availableSlots: session.availableSlots,
    sessionCode: session.sessionCode,
    syncedAt: timestampFromDate(session.syncedAt),
  };
}

export function slotToProto(slot: OpenSlot): hospitalV1.Slot {
  return {
    id: slot.id,
    sessionId: slot.sessionId,
    hospitalId: slot.hospitalId,
    departmentCode: slot.departmentCode,
    doctorId: '',
    doctorName: slot.doctorName,
    doctorTitle: hospitalV1.DoctorTitle[`DOCTOR_TITLE_${slot.doctorTitle}`],
    visitType: hospitalV1.VisitType[`VISIT_TYPE_${slot.visitType}`],
    startTime: timestampFromDate(slot.startTime),
    endTime: timestampFromDate(slot.endTime),
    fee: money(slot.feeFen),
    status: hospitalV1.SlotStatus.SLOT_STATUS_AVAILABLE,
    slotCode: slot.slotCode,
    version: String(slot.version),
  };
}

/**
 * gRPC face of schedules: HospitalDirectory.ListScheduleSessions and Appointments.FindSlots.
 * `doctor_id` filters by the hospital's doctor code until the directory keeps doctors.
 */
@Controller()
export class SchedulesGrpcController {
  constructor(private readonly schedules: SchedulesService) {}

  @GrpcMethod(GRPC_SERVICES.hospitalDirectory.name, 'ListScheduleSessions')
  async listScheduleSessions(
    request: hospitalV1.ListScheduleSessionsRequest,
  ): Promise<hospitalV1.ListScheduleSessionsResponse> {
    const input = parseInput(listSessionsRequest, request, ScheduleErrorCode.invalidRequest);
    const page = await this.schedules.listSessions({
      hospitalId: input.hospitalId,
      ...(input.departmentCode ? { departmentCode: input.departmentCode } : {}),
      ...(input.doctorId ? { doctorCode: input.doctorId } : {}),
      from: input.startsAfter,
      to: input.startsBefore,
      pageSize: input.pageSize === 0 ? DEFAULT_PAGE_SIZE : input.pageSize,
      ...(input.pageToken ? { cursor: input.pageToken } : {}),
    });
    return { sessions: page.sessions.map(sessionToProto), nextPageToken: page.nextCursor ?? '' };
  }

  @GrpcMethod(GRPC_SERVICES.appointments.name, 'FindSlots')
  async findSlots(request: hospitalV1.FindSlotsRequest): Promise<hospitalV1.FindSlotsResponse> {
    const input = parseInput(findSlotsRequest, request, ScheduleErrorCode.invalidRequest);
    const from = input.startsAfter ?? new Date();
    const to = input.startsBefore ?? new Date(from.getTime() + DEFAULT_SLOT_WINDOW_MS);
    const page = await this.schedules.findSlots({
      ...(input.hospitalId ? { hospitalId: input.hospitalId } : {}),
      ...(input.departmentCode ? { departmentCode: input.departmentCode } : {}),
      ...(input.doctorId ? { doctorCode: input.doctorId } : {}),
      ...(input.visitType !== 'UNSPECIFIED' ? { visitType: input.visitType } : {}),
      from,
      to,
      requested: { from: input.startsAfter, to: input.startsBefore },
      pageSize: input.pageSize === 0 ? DEFAULT_PAGE_SIZE : input.pageSize,
      ...(input.pageToken ? { cursor: input.pageToken } : {}),
    });
    return { slots: page.slots.map(slotToProto), nextPageToken: page.nextCursor ?? '' };
  }
}
