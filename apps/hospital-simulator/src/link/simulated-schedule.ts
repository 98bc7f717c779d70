import { createHash } from 'node:crypto';

import type { SimulatedHospital } from '../registration/simulated-hospitals';

export type SimDoctorTitle = 'RESIDENT' | 'ATTENDING' | 'ASSOCIATE_CHIEF' | 'CHIEF';
export type SimVisitType = 'GENERAL' | 'SPECIALIST' | 'EXPERT';

/** One slot of a generated session: capacity one patient. */
export interface SimSlot {
  readonly slotCode: string;
  readonly startTime: Date;
  readonly endTime: Date;
  /** Taken through another channel (the hospital's own window, another app): never bookable here. */
  readonly takenElsewhere: boolean;
}

/** A clinic session as the simulated hospital's HIS would describe it. */
export interface SimSession {
  readonly sessionCode: string;
  readonly departmentCode: string;
  readonly departmentLocalCode: string;
  readonly departmentLocalName: string;
  readonly doctorCode: string;
  readonly doctorName: string;
  readonly doctorTitle: SimDoctorTitle;
  readonly visitType: SimVisitType;
  readonly startTime: Date;
  readonly endTime: Date;
  readonly feeFen: number;
  readonly suspended: boolean;
  readonly slots: readonly SimSlot[];
}

const DAY_MS = 86_400_000;
const SLOT_MS = 30 * 60_000;
// Clinic hours in China Standard Time (UTC+8): 08:00–12:00 and 13:30–17:00, as UTC offsets.
const MORNING = { code: 'AM', startUtcMs: 0, slots: 8 } as const;
const AFTERNOON = { code: 'PM', startUtcMs: 5.5 * 3_600_000, slots: 7 } as const;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳'];
const TITLES: readonly SimDoctorTitle[] = ['CHIEF', 'ASSOCIATE_CHIEF', 'ATTENDING', 'RESIDENT'];
const FEE_FEN: Readonly<Record<SimVisitType, number>> = {
  GENERAL: 500,
  SPECIALIST: 2_000,
  EXPERT: 5_000,
};

function visitTypeOf(title: SimDoctorTitle): SimVisitType {
  if (title === 'CHIEF') return 'EXPERT';
  if (title === 'ASSOCIATE_CHIEF') return 'SPECIALIST';
  return 'GENERAL';
}

/** A stable number in [0, 1) for a label: the same hospital always has the same schedule. */
function unit(label: string): number {
  return createHash('sha256').update(label).digest().readUInt32BE(0) / 0x1_0000_0000;
}

function yyyymmdd(day: Date): string {
  return day.toISOString().slice(0, 10).replace(/-/g, '');
}

/** Midnight UTC of the day `time` falls on. */
export function utcDay(time: Date): Date {
  return new Date(Math.floor(time.getTime() / DAY_MS) * DAY_MS);
}

/**
 * The sessions of one simulated hospital on one UTC day: per department one doctor, a morning
 * session every day and an afternoon session on weekdays. Deterministic for (hospital, day), so a
 * restarted simulator publishes the same schedule; about 1 in 25 sessions is suspended (停诊) and
 * about 1 in 6 slots is taken elsewhere.
 */
export function sessionsOn(hospital: SimulatedHospital, day: Date): SimSession[] {
  const date = yyyymmdd(day);
  const weekday = day.getUTCDay();
  const blocks = weekday === 0 || weekday === 6 ? [MORNING] : [MORNING, AFTERNOON];
  const sessions: SimSession[] = [];
  hospital.departments.forEach((department, index) => {
    const title = TITLES[index % TITLES.length] ?? 'ATTENDING';
    const visitType = visitTypeOf(title);
    const doctorCode = `D${String(index + 1).padStart(3, '0')}`;
    const doctorName = `${SURNAMES[index % SURNAMES.length] ?? '王'}${GIVEN[(index * 5) % GIVEN.length] ?? '伟'}`;
    for (const block of blocks) {
      const sessionCode = `${date}-${department.code}-${block.code}`;
      const start = new Date(day.getTime() + block.startUtcMs);
      const label = `${hospital.code}/${sessionCode}`;
      const slots = Array.from({ length: block.slots }, (_, n) => {
        const slotStart = new Date(start.getTime() + n * SLOT_MS);
        const slotCode = `${sessionCode}-${String(n + 1).padStart(2, '0')}`;
        return {
          slotCode,
          startTime: slotStart,
          endTime: new Date(slotStart.getTime() + SLOT_MS),
          takenElsewhere: unit(`${hospital.code}/${slotCode}`) < 1 / 6,
        };
      });
      sessions.push({
        sessionCode,
        departmentCode: department.code,
        departmentLocalCode: `K${String(index + 1).padStart(2, '0')}`,
        departmentLocalName: department.localName,
        doctorCode,
        doctorName,
        doctorTitle: title,
        visitType,
        startTime: start,
        endTime: new Date(start.getTime() + block.slots * SLOT_MS),
        feeFen: FEE_FEN[visitType],
        suspended: unit(`${label}/suspended`) < 0.04,
        slots,
      });
    }
  });
  return sessions;
}

/** Sessions starting in [from, to), ordered by start time then code. */
export function sessionsBetween(hospital: SimulatedHospital, from: Date, to: Date): SimSession[] {
  const sessions: SimSession[] = [];
  for (let day = utcDay(from); day < to; day = new Date(day.getTime() + DAY_MS)) {
    for (const session of sessionsOn(hospital, day)) {
      if (session.startTime >= from && session.startTime < to) sessions.push(session);
    }
  }
  return sessions.sort(
    (a, b) =>
      a.startTime.getTime() - b.startTime.getTime() || a.sessionCode.localeCompare(b.sessionCode),
  );
}

/** The session a code names, or undefined when the code is not one this hospital issues. */
export function findSession(
  hospital: SimulatedHospital,
  sessionCode: string,
): SimSession | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})-/.exec(sessionCode);
  if (!match) return undefined;
  const day = new Date(`${match[1]}-${match[2]}-${match[3]}T00:00:00.000Z`);
  if (Number.isNaN(day.getTime())) return undefined;
  return sessionsOn(hospital, day).find((s) => s.sessionCode === sessionCode);
}
