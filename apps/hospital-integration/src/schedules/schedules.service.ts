import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { counter, decodeCursor, invalidArgument, notFound, pageOf } from '@meridian/platform';
import { dateFromTimestamp, timestampFromDate } from '@meridian/proto';
import type { hospitalV1 } from '@meridian/proto';

import { HospitalLinkClient } from '../link/hospital-link.client';
import { HospitalLinkError } from '../link/hospital-link.errors';
import { parseHospitalSession } from './hospital-session.parser';
import type { IncomingSession, OpenSlot, ScheduleSession, VisitType } from './schedule';
import { SchedulesRepository } from './schedules.repository';
import type { ApplyResult, HospitalCode } from './schedules.repository';

export interface ScheduleSyncOptions {
  readonly days: number;
  readonly intervalMs: number;
}

export const SCHEDULE_SYNC_OPTIONS = Symbol('SCHEDULE_SYNC_OPTIONS');

export const ScheduleErrorCode = {
  invalidRequest: 'SCHEDULE.INVALID_REQUEST',
  hospitalNotFound: 'HOSPITAL.NOT_FOUND',
} as const;

export interface SessionPage {
  readonly sessions: readonly ScheduleSession[];
  readonly nextCursor?: string;
}

export interface SlotPage {
  readonly slots: readonly OpenSlot[];
  readonly nextCursor?: string;
}

export interface SessionCriteria {
  readonly hospitalId: string;
  readonly departmentCode?: string;
  readonly doctorCode?: string;
  readonly from: Date;
  readonly to: Date;
  readonly pageSize: number;
  readonly cursor?: string;
}

export interface SlotCriteria {
  readonly hospitalId?: string;
  readonly departmentCode?: string;
  readonly doctorCode?: string;
  readonly visitType?: VisitType;
  readonly from: Date;
  readonly to: Date;
  /** The bounds as the caller gave them (null when defaulted), which is what a cursor is bound to. */
  readonly requested: { readonly from: Date | null; readonly to: Date | null };
  readonly pageSize: number;
  readonly cursor?: string;
}

const DAY_MS = 86_400_000;
const SYNC_PARALLELISM = 4;
const HOSPITAL_PAGE = 200;
const PULL_PAGE_SIZE = 100;

const pulls = counter('schedule_pulls_total', 'Schedule pulls by outcome', ['outcome']);
const rejectedSessions = counter(
  'schedule_sessions_rejected_total',
  'Sessions a hospital sent that failed validation and were not stored',
  ['source'],
);

/** Keyset position (start time, id) as a cursor string. */
function positionKey(startTime: Date, id: string): string {
  return `${startTime.toISOString()}|${id}`;
}

function parsePosition(key: string | undefined): { startTime: Date; id: string } | undefined {
  if (key === undefined) return undefined;
  const [time = '', id = ''] = key.split('|');
  const startTime = new Date(time);
  if (Number.isNaN(startTime.getTime()) || id === '') {
    throw invalidArgument('PAGINATION.INVALID_CURSOR', [
      { field: 'page_token', description: 'is not a cursor issued by this API' },
    ]);
  }
  return { startTime, id };
}

/**
 * Schedules: what hospitals publish (pulled over HospitalLink.GetSchedule periodically and on
 * demand, or pushed through HospitalInbound), stored versioned by the hospital's clock, and read
 * as sessions with their remaining capacity and as open slots.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SchedulesService.name);
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private round: Promise<void> | undefined;

  constructor(
    private readonly repository: SchedulesRepository,
    private readonly link: HospitalLinkClient,
    @Inject(SCHEDULE_SYNC_OPTIONS) private readonly options: ScheduleSyncOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.intervalMs > 0) this.schedule(this.options.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
    await Promise.allSettled(this.inFlight.values());
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.syncAll().finally(() => {
        this.schedule(this.options.intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  /** Pulls the schedule of every linked hospital, a few hospitals at a time. */
  async syncAll(): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const hospitals = await this.repository.hospitalCodes(after, HOSPITAL_PAGE);
      const linked = hospitals.filter((h) => this.link.isLinked(h));
      for (let i = 0; i < linked.length && !this.stopped; i += SYNC_PARALLELISM) {
        await Promise.all(linked.slice(i, i + SYNC_PARALLELISM).map((h) => this.sync(h)));
      }
      const last = hospitals[hospitals.length - 1];
      if (!last || hospitals.length < HOSPITAL_PAGE || this.stopped) return;
      after = last.id;
    }
  }

  /** Pulls one hospital's schedule unless a pull of it is already running; never throws. */
  sync(hospital: HospitalCode): Promise<void> {
    const running = this.inFlight.get(hospital.id);
    if (running) return running;
    const pull = this.pull(hospital).finally(() => this.inFlight.delete(hospital.id));
    this.inFlight.set(hospital.id, pull);
    return pull;
  }

  private async pull(hospital: HospitalCode): Promise<void> {
    const from = new Date();
    const to = new Date(from.getTime() + this.options.days * DAY_MS);
    const listed: string[] = [];
    let pageToken = '';
    let asOf = from;
    let totals: ApplyResult = { applied: 0, stale: 0 };
    try {
      do {
        const response = await this.link.getSchedule(hospital, {
          departmentCode: '',
          doctorCode: '',
          windowStart: timestampFromDate(from),
          windowEnd: timestampFromDate(to),
          pageSize: PULL_PAGE_SIZE,
          pageToken,
        });
        asOf = (response.asOf && dateFromTimestamp(response.asOf)) ?? from;
        const sessions = this.valid(hospital, response.sessions, 'pull');
        listed.push(...response.sessions.map((s) => s.sessionCode));
        const result = await this.repository.applySessions(hospital.id, sessions, asOf);
        totals = { applied: totals.applied + result.applied, stale: totals.stale + result.stale };
        pageToken = response.nextPageToken;
      } while (pageToken !== '' && !this.stopped);
      const closed = this.stopped
        ? 0
        : await this.repository.closeUnlisted(hospital.id, from, to, listed, asOf);
      pulls.inc({ outcome: 'ok' });
      this.logger.debug({ hospitalId: hospital.id, ...totals, closed }, 'schedule pulled');
    } catch (error) {
      pulls.inc({ outcome: error instanceof HospitalLinkError ? error.kind : 'error' });
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn(
        { hospitalId: hospital.id, hospitalCode: hospital.code },
        `schedule pull failed: ${reason}`,
      );
    }
  }

  private valid(
    hospital: HospitalCode,
    sessions: readonly hospitalV1.HospitalSession[],
    source: 'pull' | 'push',
  ): IncomingSession[] {
    const valid: IncomingSession[] = [];
    for (const candidate of sessions) {
      const parsed = parseHospitalSession(candidate);
      if (parsed.ok) valid.push(parsed.session);
      else {
        rejectedSessions.inc({ source });
        this.logger.warn(
          {
            hospitalId: hospital.id,
            sessionCode: parsed.sessionCode,
            violations: parsed.violations,
          },
          'malformed session from hospital skipped',
        );
      }
    }
    return valid;
  }

  async listSessions(criteria: SessionCriteria): Promise<SessionPage> {
    const hospital = await this.repository.hospitalCode(criteria.hospitalId);
    if (!hospital) {
      throw notFound(
        ScheduleErrorCode.hospitalNotFound,
        `No hospital with id ${criteria.hospitalId}`,
        {
          hospitalId: criteria.hospitalId,
        },
      );
    }
    const filters = {
      hospital: criteria.hospitalId,
      department: criteria.departmentCode ?? null,
      doctor: criteria.doctorCode ?? null,
      from: criteria.from.toISOString(),
      to: criteria.to.toISOString(),
    };
    const after = parsePosition(decodeCursor(criteria.cursor, filters, 'page_token'));
    const rows = await this.repository.listSessions({
      hospitalId: criteria.hospitalId,
      ...(criteria.departmentCode ? { departmentCode: criteria.departmentCode } : {}),
      ...(criteria.doctorCode ? { doctorCode: criteria.doctorCode } : {}),
      from: criteria.from,
      to: criteria.to,
      ...(after ? { after } : {}),
      limit: criteria.pageSize + 1,
    });
    this.refreshIfStale(hospital);
    const page = pageOf(rows, criteria.pageSize, filters, (s) => positionKey(s.startTime, s.id));
    return { sessions: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /** Open slots, earliest first, from the stored schedules; never waits on a hospital. */
  async findSlots(criteria: SlotCriteria): Promise<SlotPage> {
    const filters = {
      hospital: criteria.hospitalId ?? null,
      department: criteria.departmentCode ?? null,
      doctor: criteria.doctorCode ?? null,
      visit: criteria.visitType ?? null,
      from: criteria.requested.from?.toISOString() ?? null,
      to: criteria.requested.to?.toISOString() ?? null,
    };
    const after = parsePosition(decodeCursor(criteria.cursor, filters, 'page_token'));
    if (criteria.hospitalId && !after) {
      const hospital = await this.repository.hospitalCode(criteria.hospitalId);
      if (!hospital) {
        throw notFound(
          ScheduleErrorCode.hospitalNotFound,
          `No hospital with id ${criteria.hospitalId}`,
          {
            hospitalId: criteria.hospitalId,
          },
        );
      }
      this.refreshIfStale(hospital);
    }
    const rows = await this.repository.findOpenSlots({
      ...(criteria.hospitalId ? { hospitalId: criteria.hospitalId } : {}),
      ...(criteria.departmentCode ? { departmentCode: criteria.departmentCode } : {}),
      ...(criteria.doctorCode ? { doctorCode: criteria.doctorCode } : {}),
      ...(criteria.visitType ? { visitType: criteria.visitType } : {}),
      from: criteria.from,
      to: criteria.to,
      ...(after ? { after } : {}),
      limit: criteria.pageSize + 1,
    });
    const page = pageOf(rows, criteria.pageSize, filters, (s) => positionKey(s.startTime, s.id));
    return { slots: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  /**
   * On demand: a hospital read about whose schedule is older than one sync interval (or was never
   * pulled) gets a pull in the background; this read answers from what is stored.
   */
  private refreshIfStale(hospital: HospitalCode): void {
    if (!this.link.isLinked(hospital) || this.inFlight.has(hospital.id) || this.stopped) return;
    const maxAgeMs = this.options.intervalMs > 0 ? this.options.intervalMs : 5 * 60_000;
    void this.repository.lastSyncedAt(hospital.id).then(
      (syncedAt) => {
        if (!syncedAt || Date.now() - syncedAt.getTime() > maxAgeMs) void this.sync(hospital);
      },
      (error: unknown) => {
        this.logger.warn(`could not read the last sync time: ${String(error)}`);
      },
    );
  }
}
