import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@meridian/platform';

import { Prisma, PrismaClient } from '../generated/prisma/client';
import { openSlotCondition } from './schedule';
import type {
  DoctorTitle,
  IncomingSession,
  OpenSlot,
  ScheduleSession,
  SessionStatus,
  VisitType,
} from './schedule';

export type SchedulesTx = Prisma.TransactionClient;

export interface HospitalCode {
  readonly id: string;
  readonly code: string;
}

export interface SessionQuery {
  readonly hospitalId: string;
  readonly departmentCode?: string;
  readonly doctorCode?: string;
  readonly from: Date;
  readonly to: Date;
  readonly after?: { readonly startTime: Date; readonly id: string };
  readonly limit: number;
}

export interface SlotQuery {
  readonly hospitalId?: string;
  readonly departmentCode?: string;
  readonly doctorCode?: string;
  readonly visitType?: VisitType;
  readonly from: Date;
  readonly to: Date;
  readonly after?: { readonly startTime: Date; readonly id: string };
  readonly limit: number;
}

export interface ApplyResult {
  /** Sessions written (new or changed); older descriptions than the stored ones are skipped. */
  readonly applied: number;
  readonly stale: number;
}

interface SessionRow {
  id: string;
  hospitalId: string;
  sessionCode: string;
  departmentCode: string;
  doctorCode: string;
  doctorName: string;
  doctorTitle: string;
  visitType: string;
  startTime: Date;
  endTime: Date;
  feeFen: bigint;
  status: string;
  totalSlots: number;
  availableSlots: bigint;
  syncedAt: Date;
}

interface SlotRow {
  id: string;
  sessionId: string;
  hospitalId: string;
  departmentCode: string;
  doctorCode: string;
  doctorName: string;
  doctorTitle: string;
  visitType: string;
  startTime: Date;
  endTime: Date;
  feeFen: bigint;
  slotCode: string;
  version: bigint;
}

function toSlot(row: SlotRow): OpenSlot {
  return {
    ...row,
    doctorTitle: row.doctorTitle as DoctorTitle,
    visitType: row.visitType as VisitType,
    feeFen: Number(row.feeFen),
    version: Number(row.version),
  };
}

/** The only place that touches schedule_sessions and schedule_slots. */
@Injectable()
export class SchedulesRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async hospitalCode(hospitalId: string): Promise<HospitalCode | undefined> {
    const row = await this.prisma.hospital.findUnique({
      where: { id: hospitalId },
      select: { id: true, code: true },
    });
    return row ?? undefined;
  }

  async hospitalCodes(afterId: string | undefined, limit: number): Promise<HospitalCode[]> {
    return this.prisma.hospital.findMany({
      where: afterId ? { id: { gt: afterId } } : {},
      select: { id: true, code: true },
      orderBy: { id: 'asc' },
      take: limit,
    });
  }

  async lastSyncedAt(hospitalId: string): Promise<Date | undefined> {
    const result = await this.prisma.scheduleSession.aggregate({
      where: { hospitalId },
      _max: { syncedAt: true },
    });
    return result._max.syncedAt ?? undefined;
  }

  /**
   * Stores what a hospital said about its sessions as of `asOf` (its clock). One transaction per
   * call; a session is replaced only by a description at least as new as the stored one, so an
   * older pull arriving after a newer push changes nothing. Slots of a session that is not OPEN are
   * stored CLOSED; slots the hospital no longer lists are closed.
   */
  applySessions(
    hospitalId: string,
    sessions: readonly IncomingSession[],
    asOf: Date,
  ): Promise<ApplyResult> {
    return this.prisma.$transaction((tx) => this.applySessionsIn(tx, hospitalId, sessions, asOf));
  }

  /** `applySessions` inside a transaction the caller owns (e.g. the one recording a push). */
  async applySessionsIn(
    tx: SchedulesTx,
    hospitalId: string,
    sessions: readonly IncomingSession[],
    asOf: Date,
  ): Promise<ApplyResult> {
    const now = new Date();
    let applied = 0;
    for (const session of sessions) {
      const written = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO schedule_sessions (id, hospital_id, session_code, department_code,
          department_local_code, department_local_name, doctor_code, doctor_name, doctor_title,
          visit_type, start_time, end_time, fee_fen, status, status_reason, total_slots,
          source_as_of, synced_at, updated_at)
        VALUES (${uuidv7()}::uuid, ${hospitalId}::uuid, ${session.sessionCode}, ${session.departmentCode},
          ${session.departmentLocalCode}, ${session.departmentLocalName}, ${session.doctorCode},
          ${session.doctorName}, ${session.doctorTitle}, ${session.visitType}, ${session.startTime},
          ${session.endTime}, ${session.feeFen}, ${session.status}, ${session.statusReason},
          ${session.slots.length}, ${asOf}, ${now}, ${now})
        ON CONFLICT (hospital_id, session_code) DO UPDATE SET
          department_code = EXCLUDED.department_code,
          department_local_code = EXCLUDED.department_local_code,
          department_local_name = EXCLUDED.department_local_name,
          doctor_code = EXCLUDED.doctor_code, doctor_name = EXCLUDED.doctor_name,
          doctor_title = EXCLUDED.doctor_title, visit_type = EXCLUDED.visit_type,
          start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time,
          fee_fen = EXCLUDED.fee_fen, status = EXCLUDED.status,
          status_reason = EXCLUDED.status_reason, total_slots = EXCLUDED.total_slots,
          source_as_of = EXCLUDED.source_as_of, synced_at = EXCLUDED.synced_at,
          updated_at = EXCLUDED.updated_at
        WHERE schedule_sessions.source_as_of <= EXCLUDED.source_as_of
        RETURNING id`;
      const sessionId = written[0]?.id;
      if (sessionId === undefined) continue;
      applied++;
      const closed = session.status !== 'OPEN';
      const codes = session.slots.map((s) => s.slotCode);
      if (session.slots.length > 0) {
        await tx.$executeRaw`
          INSERT INTO schedule_slots (id, session_id, hospital_id, department_code, slot_code,
            start_time, end_time, hospital_status, status_as_of, version, updated_at)
          SELECT gen_random_uuid(), ${sessionId}::uuid, ${hospitalId}::uuid, ${session.departmentCode},
                 x.code, x.start_time::timestamptz, x.end_time::timestamptz, x.status,
                 ${asOf}, 1, ${now}
          FROM unnest(${codes}::text[], ${session.slots.map((s) => s.startTime.toISOString())}::text[],
                      ${session.slots.map((s) => s.endTime.toISOString())}::text[],
                      ${session.slots.map((s) => (closed ? 'CLOSED' : s.status))}::text[])
               AS x(code, start_time, end_time, status)
          ON CONFLICT (session_id, slot_code) DO UPDATE SET
            start_time = EXCLUDED.start_time, end_time = EXCLUDED.end_time,
            department_code = EXCLUDED.department_code,
            hospital_status = EXCLUDED.hospital_status, status_as_of = EXCLUDED.status_as_of,
            version = schedule_slots.version + 1, updated_at = EXCLUDED.updated_at
          WHERE schedule_slots.status_as_of <= EXCLUDED.status_as_of
            AND (schedule_slots.hospital_status, schedule_slots.start_time, schedule_slots.end_time,
                 schedule_slots.department_code)
                IS DISTINCT FROM (EXCLUDED.hospital_status, EXCLUDED.start_time, EXCLUDED.end_time,
                 EXCLUDED.department_code)`;
      }
      await tx.$executeRaw`
        UPDATE schedule_slots SET hospital_status = 'CLOSED', status_as_of = ${asOf},
               version = version + 1, updated_at = ${now}
        WHERE session_id = ${sessionId}::uuid AND hospital_status <> 'CLOSED'
          AND slot_code <> ALL(${codes}::text[]) AND status_as_of <= ${asOf}`;
    }
    return { applied, stale: sessions.length - applied };
  }

  /**
   * After a complete pull of [from, to): sessions the hospital no longer lists are closed, with
   * their slots. Sessions described more recently (e.g. pushed meanwhile) are left alone.
   */
  closeUnlisted(
    hospitalId: string,
    from: Date,
    to: Date,
    listed: readonly string[],
    asOf: Date,
  ): Promise<number> {
    return this.prisma.$transaction((tx) =>
      this.closeUnlistedIn(tx, hospitalId, from, to, listed, asOf),
    );
  }

  async closeUnlistedIn(
    tx: SchedulesTx,
    hospitalId: string,
    from: Date,
    to: Date,
    listed: readonly string[],
    asOf: Date,
  ): Promise<number> {
    const now = new Date();
    const closed = await tx.$queryRaw<{ id: string }[]>`
      UPDATE schedule_sessions SET status = 'CLOSED', status_reason = 'no longer published',
             source_as_of = ${asOf}, updated_at = ${now}
      WHERE hospital_id = ${hospitalId}::uuid AND start_time >= ${from} AND start_time < ${to}
        AND status <> 'CLOSED' AND session_code <> ALL(${[...listed]}::text[])
        AND source_as_of <= ${asOf}
      RETURNING id`;
    if (closed.length > 0) {
      await tx.$executeRaw`
        UPDATE schedule_slots SET hospital_status = 'CLOSED', status_as_of = ${asOf},
               version = version + 1, updated_at = ${now}
        WHERE session_id = ANY(${closed.map((c) => c.id)}::uuid[]) AND hospital_status <> 'CLOSED'`;
    }
    return closed.length;
  }

  async listSessions(query: SessionQuery): Promise<ScheduleSession[]> {
    const conditions: Prisma.Sql[] = [
      Prisma.sql`ss.hospital_id = ${query.hospitalId}::uuid`,
      Prisma.sql`ss.start_time >= ${query.from}`,
      Prisma.sql`ss.start_time < ${query.to}`,
    ];
    if (query.departmentCode)
      conditions.push(Prisma.sql`ss.department_code = ${query.departmentCode}`);
    if (query.doctorCode) conditions.push(Prisma.sql`ss.doctor_code = ${query.doctorCode}`);
    if (query.after) {
      conditions.push(
        Prisma.sql`(ss.start_time, ss.id) > (${query.after.startTime}, ${query.after.id}::uuid)`,
      );
    }
    const rows = await this.prisma.$queryRaw<SessionRow[]>`
      SELECT ss.id, ss.hospital_id AS "hospitalId", ss.session_code AS "sessionCode",
             ss.department_code AS "departmentCode", ss.doctor_code AS "doctorCode",
             ss.doctor_name AS "doctorName", ss.doctor_title AS "doctorTitle",
             ss.visit_type AS "visitType", ss.start_time AS "startTime", ss.end_time AS "endTime",
             ss.fee_fen AS "feeFen", ss.status, ss.total_slots AS "totalSlots",
             ss.synced_at AS "syncedAt",
             (SELECT count(*) FROM schedule_slots s WHERE s.session_id = ss.id
                AND ${openSlotCondition('s')}) AS "availableSlots"
      FROM schedule_sessions ss
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY ss.start_time, ss.id
      LIMIT ${query.limit}`;
    return rows.map((row) => ({
      ...row,
      doctorTitle: row.doctorTitle as DoctorTitle,
      visitType: row.visitType as VisitType,
      status: row.status as SessionStatus,
      feeFen: Number(row.feeFen),
      availableSlots: Number(row.availableSlots),
    }));
  }

  async findOpenSlots(query: SlotQuery): Promise<OpenSlot[]> {
    const conditions: Prisma.Sql[] = [
      openSlotCondition('s'),
      Prisma.sql`s.start_time >= ${query.from}`,
      Prisma.sql`s.start_time < ${query.to}`,
    ];
    if (query.hospitalId) conditions.push(Prisma.sql`s.hospital_id = ${query.hospitalId}::uuid`);
    if (query.departmentCode)
      conditions.push(Prisma.sql`s.department_code = ${query.departmentCode}`);
    if (query.doctorCode) conditions.push(Prisma.sql`ss.doctor_code = ${query.doctorCode}`);
    if (query.visitType) conditions.push(Prisma.sql`ss.visit_type = ${query.visitType}`);
    if (query.after) {
      conditions.push(
        Prisma.sql`(s.start_time, s.id) > (${query.after.startTime}, ${query.after.id}::uuid)`,
      );
    }
    const rows = await this.prisma.$queryRaw<SlotRow[]>`
      SELECT s.id, s.session_id AS "sessionId", s.hospital_id AS "hospitalId",
             s.department_code AS "departmentCode", ss.doctor_code AS "doctorCode",
             ss.doctor_name AS "doctorName", ss.doctor_title AS "doctorTitle",
             ss.visit_type AS "visitType", s.start_time AS "startTime", s.end_time AS "endTime",
             ss.fee_fen AS "feeFen", s.slot_code AS "slotCode", s.version
      FROM schedule_slots s JOIN schedule_sessions ss ON ss.id = s.session_id
      WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY s.start_time, s.id
      LIMIT ${query.limit}`;
    return rows.map(toSlot);
  }
}
