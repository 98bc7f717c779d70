import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { LabReportReceived } from '@meridian/contracts';
import type { LabReportReceivedV1 } from '@meridian/contracts';
import { OutboxWriter, parseInput, uuidv7 } from '@meridian/platform';
import type { hospitalV1 } from '@meridian/proto';

import type { InboundApplyContext } from '../inbound/inbound-appliers';
import {
  CATALOGUE_VERSION,
  judgeObservations,
  patientContextOf,
  publishLabReportRequest,
  reportedPatientOf,
} from './lab-report';
import type { LabReport } from './lab-report';
import { LabReportErrorCode, labReportNotFound } from './lab-reports.errors';
import { LabReportsRepository } from './lab-reports.repository';
import { PATIENT_MATCHER, patientKeyOf } from './patient-matching';
import type { PatientMatcher } from './patient-matching';

/** Key of the HMAC behind patient keys (PATIENT_MATCH_KEY). */
export const PATIENT_MATCH_KEY = Symbol('PATIENT_MATCH_KEY');

export interface LabReportApplied {
  readonly reportId: string;
  readonly patientMatched: boolean;
  /** True when an equally new or newer version of the report was already stored. */
  readonly stale: boolean;
}

function eventOf(report: LabReport, occurredAt: Date): LabReportReceivedV1 {
  return {
    reportId: report.id,
    hospitalId: report.hospitalId,
    reportCode: report.reportCode,
    patientId: report.patientId ?? null,
    patientMatched: report.patientMatched,
    appointmentId: report.appointmentId ?? null,
    title: report.title,
    collectedAt: report.collectedAt.toISOString(),
    reportedAt: report.reportedAt.toISOString(),
    version: report.version,
    catalogueVersion: report.catalogueVersion,
    abnormalCount: report.observations.filter((o) => o.flag !== undefined && o.flag !== 'N').length,
    criticalCount: report.observations.filter((o) => o.critical).length,
    results: report.observations.map((o) => ({
      position: o.position,
      loincCode: o.testLoinc ?? null,
      name: o.name,
      value: o.value,
      unit: o.unit,
      valueCanonical: o.valueCanonical ?? null,
      unitCanonical: o.unitCanonical ?? null,
      flag: o.flag ?? null,
      critical: o.critical,
    })),
    occurredAt: occurredAt.toISOString(),
  };
}

/** Lab reports published by hospitals: validated, judged by libs/clinical, stored per patient. */
@Injectable()
export class LabReportsService {
  private readonly logger = new Logger(LabReportsService.name);

  constructor(
    private readonly repository: LabReportsRepository,
    private readonly outbox: OutboxWriter,
    @Inject(PATIENT_MATCH_KEY) private readonly patientMatchKey: string,
    @Optional() @Inject(PATIENT_MATCHER) private readonly matcher?: PatientMatcher,
  ) {}

  /**
   * Stores a published report inside the inbound message's transaction. Republishing a report code
   * replaces the stored report when its reported_at is newer; an older or equal one changes nothing.
   */
  async publish(
    context: InboundApplyContext,
    request: hospitalV1.PublishLabReportRequest,
  ): Promise<LabReportApplied> {
    const { report: input } = parseInput(
      publishLabReportRequest,
      request,
      LabReportErrorCode.invalidReport,
    );
    const { tx, hospitalId, message } = context;
    const existing = await this.repository.findByCodeForUpdate(tx, hospitalId, input.reportCode);
    if (existing && existing.reportedAt.getTime() >= input.reportedAt.getTime()) {
      return { reportId: existing.id, patientMatched: existing.patientMatched, stale: true };
    }
    const patient = reportedPatientOf(input);
    const appointmentId = input.appointmentId === '' ? undefined : input.appointmentId;
    const patientId = await this.matcher?.patientOfAppointment(tx, hospitalId, {
      ...(appointmentId ? { appointmentId } : {}),
      ...(input.hospitalAppointmentCode
        ? { hospitalAppointmentCode: input.hospitalAppointmentCode }
        : {}),
    });
    const patientKey = patientKeyOf(patient, this.patientMatchKey);
    const now = message.receivedAt;
    const report: LabReport = {
      id: existing?.id ?? uuidv7(),
      hospitalId,
      reportCode: input.reportCode,
      ...(patientId ? { patientId } : {}),
      patientMatched: patientId !== undefined,
      ...(patientKey ? { patientKey } : {}),
      patient,
      ...(appointmentId ? { appointmentId } : {}),
      hospitalAppointmentCode: input.hospitalAppointmentCode,
      title: input.title,
      specimen: input.specimen,
      departmentLocalName: input.departmentLocalName,
      orderingDoctorName: input.orderingDoctorName,
      collectedAt: input.collectedAt,
      reportedAt: input.reportedAt,
      catalogueVersion: CATALOGUE_VERSION,
      version: (existing?.version ?? 0) + 1,
      inboundMessageId: message.inboundMessageId,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      observations: judgeObservations(input, patientContextOf(patient, input.collectedAt)),
    };
    await this.repository.save(tx, report, existing !== undefined);
    await this.outbox.append(tx, LabReportReceived, eventOf(report, now), {
      key: report.id,
      subject: report.id,
    });
    this.logger.log(
      { reportId: report.id, hospitalId, version: report.version, matched: report.patientMatched },
      'lab report stored',
    );
    return { reportId: report.id, patientMatched: report.patientMatched, stale: false };
  }

  async get(id: string): Promise<LabReport> {
    const report = await this.repository.findById(id);
    if (!report) throw labReportNotFound(id);
    return report;
  }
}
