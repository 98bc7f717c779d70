import { Controller, Inject, Optional } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { GRPC_SERVICES, dateFromTimestamp } from '@meridian/proto';
import type { googleProtobuf, hospitalV1 } from '@meridian/proto';

import { LabReportsService } from '../lab-reports/lab-reports.service';
import { APPOINTMENT_UPDATE_APPLIER, DOCTORS_APPLIER, SCHEDULE_APPLIER } from './inbound-appliers';
import type {
  AppointmentUpdateApplier,
  BatchApplied,
  DoctorsApplier,
  ScheduleApplier,
} from './inbound-appliers';
import { InboundAuthenticator } from './inbound-auth';
import type { PeerAuthSource } from './inbound-auth';
import { kindNotImplemented } from './inbound.errors';
import { InboundService } from './inbound.service';

const SERVICE = GRPC_SERVICES.hospitalInbound.name;

/** An unset or unreadable timestamp orders by arrival instead. */
function dateOrUndefined(timestamp: googleProtobuf.Timestamp | null | undefined): Date | undefined {
  try {
    const date = dateFromTimestamp(timestamp ?? null);
    return date === null || Number.isNaN(date.getTime()) ? undefined : date;
  } catch {
    return undefined;
  }
}

function rejectedItems(applied: BatchApplied): hospitalV1.RejectedItem[] {
  return applied.rejected.map((item) => ({ ...item }));
}

/**
 * The hospital side (own port, mutual TLS): authenticates the caller from its certificate, then
 * hands the message to the durable intake with the module that owns the data.
 */
@Controller()
// Handlers take the call as third argument (for its TLS peer), which the generated interface omits.
export class InboundGrpcController {
  constructor(
    private readonly auth: InboundAuthenticator,
    private readonly inbound: InboundService,
    private readonly labReports: LabReportsService,
    @Optional() @Inject(SCHEDULE_APPLIER) private readonly schedules?: ScheduleApplier,
    @Optional() @Inject(DOCTORS_APPLIER) private readonly doctors?: DoctorsApplier,
    @Optional()
    @Inject(APPOINTMENT_UPDATE_APPLIER)
    private readonly appointments?: AppointmentUpdateApplier,
  ) {}

  @GrpcMethod(SERVICE, 'PushSchedule')
  async pushSchedule(
    request: hospitalV1.PushScheduleRequest,
    _metadata: Metadata,
    call: PeerAuthSource,
  ): Promise<hospitalV1.PushScheduleResponse> {
    const hospital = await this.auth.authenticate(call);
    const applier = this.schedules;
    if (!applier) throw kindNotImplemented('PushSchedule');
    return this.inbound.receive(hospital, 'PushSchedule', request, undefined, async (context) => {
      const applied = await applier.apply(context, request);
      return {
        outcome: { acceptedSessions: applied.accepted, rejected: rejectedItems(applied) },
        stale: applied.stale ?? false,
      };
    });
  }

  @GrpcMethod(SERVICE, 'PushDoctors')
  async pushDoctors(
    request: hospitalV1.PushDoctorsRequest,
    _metadata: Metadata,
    call: PeerAuthSource,
  ): Promise<hospitalV1.PushDoctorsResponse> {
    const hospital = await this.auth.authenticate(call);
    const applier = this.doctors;
    if (!applier) throw kindNotImplemented('PushDoctors');
    return this.inbound.receive(hospital, 'PushDoctors', request, undefined, async (context) => {
      const applied = await applier.apply(context, request);
      return {
        outcome: { acceptedDoctors: applied.accepted, rejected: rejectedItems(applied) },
        stale: applied.stale ?? false,
      };
    });
  }

  @GrpcMethod(SERVICE, 'PublishLabReport')
  async publishLabReport(
    request: hospitalV1.PublishLabReportRequest,
    _metadata: Metadata,
    call: PeerAuthSource,
  ): Promise<hospitalV1.PublishLabReportResponse> {
    const hospital = await this.auth.authenticate(call);
    const reportedAt = dateOrUndefined(request.report?.reportedAt);
    return this.inbound.receive(
      hospital,
      'PublishLabReport',
      request,
      reportedAt,
      async (context) => {
        const applied = await this.labReports.publish(context, request);
        return {
          outcome: { reportId: applied.reportId, patientMatched: applied.patientMatched },
          stale: applied.stale,
        };
      },
    );
  }

  @GrpcMethod(SERVICE, 'UpdateAppointment')
  async updateAppointment(
    request: hospitalV1.UpdateAppointmentRequest,
    _metadata: Metadata,
    call: PeerAuthSource,
  ): Promise<hospitalV1.UpdateAppointmentResponse> {
    const hospital = await this.auth.authenticate(call);
    const applier = this.appointments;
    if (!applier) throw kindNotImplemented('UpdateAppointment');
    const occurredAt = dateOrUndefined(request.occurredAt);
    return this.inbound.receive(
      hospital,
      'UpdateAppointment',
      request,
      occurredAt,
      async (context) => {
        const applied = await applier.applyUpdate(context, request);
        return { outcome: { status: applied.status }, stale: applied.stale ?? false };
      },
    );
  }

  @GrpcMethod(SERVICE, 'CheckIn')
  async checkIn(
    request: hospitalV1.CheckInRequest,
    _metadata: Metadata,
    call: PeerAuthSource,
  ): Promise<hospitalV1.CheckInResponse> {
    const hospital = await this.auth.authenticate(call);
    const applier = this.appointments;
    if (!applier) throw kindNotImplemented('CheckIn');
    const checkedInAt = dateOrUndefined(request.checkedInAt);
    return this.inbound.receive(hospital, 'CheckIn', request, checkedInAt, async (context) => {
      const applied = await applier.applyCheckIn(context, request);
      return {
        outcome: {
          appointmentId: applied.appointmentId,
          status: applied.status,
          certificateId: applied.certificateId ?? '',
          redemptionId: applied.redemptionId ?? '',
          insuredNameMasked: applied.insuredNameMasked ?? '',
          insuranceCovered: applied.insuranceCovered ?? null,
        },
        stale: applied.stale ?? false,
      };
    });
  }
}
