import { Injectable } from '@nestjs/common';
import { counter } from '@meridian/platform';
import { dateFromTimestamp } from '@meridian/proto';
import type { hospitalV1 } from '@meridian/proto';

import type {
  BatchApplied,
  InboundApplyContext,
  InboundRejectedItem,
  ScheduleApplier,
} from '../inbound/inbound-appliers';
import { parseHospitalSession } from './hospital-session.parser';
import type { IncomingSession } from './schedule';
import { SchedulesRepository } from './schedules.repository';

const rejectedSessions = counter(
  'schedule_sessions_rejected_total',
  'Sessions a hospital sent that failed validation and were not stored',
  ['source'],
);

/**
 * Applies HospitalInbound.PushSchedule inside the transaction that records the message. Sessions
 * are versioned by the message's time: a push older than what is stored for a session changes
 * nothing for it. Malformed sessions are refused one by one; with a window, sessions the hospital
 * no longer lists in it are closed.
 */
@Injectable()
export class SchedulePushApplier implements ScheduleApplier {
  constructor(private readonly repository: SchedulesRepository) {}

  async apply(
    context: InboundApplyContext,
    request: hospitalV1.PushScheduleRequest,
  ): Promise<BatchApplied> {
    const asOf = context.message.occurredAt;
    const valid: IncomingSession[] = [];
    const rejected: InboundRejectedItem[] = [];
    for (const candidate of request.sessions) {
      const parsed = parseHospitalSession(candidate);
      if (parsed.ok) valid.push(parsed.session);
      else {
        rejected.push({
          code: candidate.sessionCode,
          reason: 'SCHEDULE.INVALID_SESSION',
          description: parsed.violations.map((v) => `${v.field}: ${v.description}`).join('; '),
        });
      }
    }
    if (rejected.length > 0) rejectedSessions.inc({ source: 'push' }, rejected.length);
    const result = await this.repository.applySessionsIn(
      context.tx,
      context.hospitalId,
      valid,
      asOf,
    );
    const from = request.windowStart ? dateFromTimestamp(request.windowStart) : null;
    const to = request.windowEnd ? dateFromTimestamp(request.windowEnd) : null;
    if (from && to && to > from) {
      // Refused sessions are still listed by the hospital: they are not withdrawn.
      const listed = request.sessions.map((s) => s.sessionCode);
      await this.repository.closeUnlistedIn(context.tx, context.hospitalId, from, to, listed, asOf);
    }
    return {
      accepted: result.applied,
      rejected,
      ...(valid.length > 0 && result.applied === 0 ? { stale: true } : {}),
    };
  }
}
