import { Injectable } from '@nestjs/common';
import {
  AppointmentCancelled,
  AppointmentRescheduled,
  AppointmentVisitUpdated,
} from '@meridian/contracts';
import type { EventDefinition } from '@meridian/contracts';
import { OutboxWriter, invalidArgument } from '@meridian/platform';
import { dateFromTimestamp, hospitalV1 } from '@meridian/proto';

import type {
  AppointmentUpdateApplied,
  AppointmentUpdateApplier,
  CheckInApplied,
  InboundApplyContext,
} from '../inbound/inbound-appliers';
import type { Appointment, AppointmentStatus } from './appointment';
import { appointmentNotFound } from './appointment.errors';
import { toSnapshot } from './appointment.events';
import type { AppointmentChanges } from './appointments.repository';
import { AppointmentsRepository } from './appointments.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Change {
  readonly from: readonly AppointmentStatus[];
  readonly changes: AppointmentChanges;
  readonly event: EventDefinition;
}

function toProtoStatus(status: AppointmentStatus): hospitalV1.AppointmentStatus {
  return hospitalV1.AppointmentStatus[
    `APPOINTMENT_STATUS_${status === 'REQUESTED' ? 'HELD' : status}`
  ];
}

/**
 * Applies what a hospital reports about an appointment booked through the platform
 * (HospitalInbound.UpdateAppointment, CheckIn), inside the transaction that records the message.
 * Each change is allowed only from the states it can follow, so a message that arrives after a
 * later one (completed, then an older reschedule) changes nothing and is answered as stale.
 */
@Injectable()
export class AppointmentUpdatesApplier implements AppointmentUpdateApplier {
  constructor(
    private readonly repository: AppointmentsRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async applyUpdate(
    context: InboundApplyContext,
    request: hospitalV1.UpdateAppointmentRequest,
  ): Promise<AppointmentUpdateApplied> {
    const current = await this.owned(
      context,
      request.appointmentId,
      request.hospitalAppointmentCode,
    );
    const change = this.changeFor(request);
    return this.apply(context, current, change);
  }

  async applyCheckIn(
    context: InboundApplyContext,
    request: hospitalV1.CheckInRequest,
  ): Promise<CheckInApplied> {
    const current = await this.owned(
      context,
      request.appointmentId,
      request.hospitalAppointmentCode,
    );
    // Insurance QR redemption is not part of the appointment transition; the visit is checked in.
    return this.apply(context, current, {
      from: ['CONFIRMED'],
      changes: { status: 'CHECKED_IN' },
      event: AppointmentVisitUpdated,
    });
  }

  private changeFor(request: hospitalV1.UpdateAppointmentRequest): Change {
    switch (request.change) {
      case hospitalV1.AppointmentChange.APPOINTMENT_CHANGE_CANCELLED:
        return {
          from: ['HELD', 'AWAITING_PAYMENT', 'CONFIRMING', 'CONFIRMED'],
          changes: {
            status: 'CANCELLED',
            endedBy: 'HOSPITAL',
            cancelReason: request.reason.slice(0, 500),
          },
          event: AppointmentCancelled,
        };
      case hospitalV1.AppointmentChange.APPOINTMENT_CHANGE_RESCHEDULED: {
        const start = request.newStartTime ? dateFromTimestamp(request.newStartTime) : null;
        const end = request.newEndTime ? dateFromTimestamp(request.newEndTime) : null;
        if (!start || !end || end <= start) {
          throw invalidArgument('APPOINTMENT.INVALID_UPDATE', [
            {
              field: 'new_start_time',
              description: 'new_start_time and new_end_time are required, end after start',
            },
          ]);
        }
        return {
          from: ['CONFIRMED'],
          changes: { startTime: start, endTime: end },
          event: AppointmentRescheduled,
        };
      }
      case hospitalV1.AppointmentChange.APPOINTMENT_CHANGE_COMPLETED:
        return {
          from: ['CONFIRMED', 'CHECKED_IN'],
          changes: { status: 'COMPLETED' },
          event: AppointmentVisitUpdated,
        };
      case hospitalV1.AppointmentChange.APPOINTMENT_CHANGE_NO_SHOW:
        return {
          from: ['CONFIRMED'],
          changes: { status: 'NO_SHOW' },
          event: AppointmentVisitUpdated,
        };
      case hospitalV1.AppointmentChange.APPOINTMENT_CHANGE_UNSPECIFIED:
      default:
        throw invalidArgument('APPOINTMENT.INVALID_UPDATE', [
          { field: 'change', description: 'must be a known change' },
        ]);
    }
  }

  private async apply(
    context: InboundApplyContext,
    current: Appointment,
    change: Change,
  ): Promise<AppointmentUpdateApplied> {
    const next = await this.repository.transition(
      context.tx,
      current.id,
      change.from,
      change.changes,
    );
    if (!next)
      return { appointmentId: current.id, status: toProtoStatus(current.status), stale: true };
    if (next.status === 'CANCELLED') await this.repository.releaseClaims(context.tx, [next.id]);
    await this.outbox.append(
      context.tx,
      change.event,
      toSnapshot(next, context.message.occurredAt),
      {
        key: next.id,
        subject: next.id,
      },
    );
    return { appointmentId: next.id, status: toProtoStatus(next.status) };
  }

  /** The appointment, if it belongs to the calling hospital; another hospital's reads as missing. */
  private async owned(
    context: InboundApplyContext,
    appointmentId: string,
    hospitalCode: string,
  ): Promise<Appointment> {
    const found = UUID.test(appointmentId)
      ? await this.repository.find(appointmentId, context.tx)
      : hospitalCode !== ''
        ? await this.repository.findByHospitalCode(context.tx, context.hospitalId, hospitalCode)
        : undefined;
    if (!found || found.hospitalId !== context.hospitalId)
      throw appointmentNotFound(appointmentId || hospitalCode);
    if (
      hospitalCode !== '' &&
      found.hospitalAppointmentCode !== '' &&
      found.hospitalAppointmentCode !== hospitalCode
    ) {
      throw appointmentNotFound(appointmentId);
    }
    return found;
  }
}
