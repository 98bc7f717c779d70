import { Injectable } from '@nestjs/common';

import { Prisma, PrismaClient } from '../generated/prisma/client';
import type { InboundTx } from '../inbound/inbound-appliers';
import type { LabObservation, LabReport, ReportedPatient } from './lab-report';

const withObservations = { observations: { orderBy: { position: 'asc' } } } as const;
type LabReportRow = Prisma.LabReportGetPayload<{ include: typeof withObservations }>;

function toLabReport(row: LabReportRow): LabReport {
  return {
    id: row.id,
    hospitalId: row.hospitalId,
    reportCode: row.reportCode,
    ...(row.patientId === null ? {} : { patientId: row.patientId }),
    patientMatched: row.patientMatched,
    ...(row.patientKey === null ? {} : { patientKey: row.patientKey }),
    patient: row.patient as unknown as ReportedPatient,
    ...(row.appointmentId === null ? {} : { appointmentId: row.appointmentId }),
    hospitalAppointmentCode: row.hospitalAppointmentCode,
    title: row.title,
    specimen: row.specimen,
    departmentLocalName: row.departmentLocalName,
    orderingDoctorName: row.orderingDoctorName,
    collectedAt: row.collectedAt,
    reportedAt: row.reportedAt,
    catalogueVersion: row.catalogueVersion,
    version: row.version,
    inboundMessageId: row.inboundMessageId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    observations: row.observations.map((o): LabObservation => ({
      position: o.position,
      loincCode: o.loincCode,
      localCode: o.localCode,
      name: o.name,
      value: o.value,
      unit: o.unit,
      referenceRange: o.referenceRange,
      hospitalFlag: o.hospitalFlag,
      status: o.status as LabObservation['status'],
      ...(o.testLoinc === null ? {} : { testLoinc: o.testLoinc }),
      ...(o.valueCanonical === null ? {} : { valueCanonical: o.valueCanonical }),
      ...(o.comparator === null ? {} : { comparator: o.comparator }),
      ...(o.unitCanonical === null ? {} : { unitCanonical: o.unitCanonical }),
      ...(o.flag === null ? {} : { flag: o.flag as NonNullable<LabObservation['flag']> }),
      critical: o.critical,
      ...(o.rangeLow === null ? {} : { rangeLow: o.rangeLow }),
      ...(o.rangeHigh === null ? {} : { rangeHigh: o.rangeHigh }),
      ...(o.rangeText === null ? {} : { rangeText: o.rangeText }),
      notes: o.notes as string[],
    })),
  };
}

function observationRows(observations: readonly LabObservation[]) {
  return observations.map((o) => ({
    position: o.position,
    loincCode: o.loincCode,
    localCode: o.localCode,
    name: o.name,
    value: o.value,
    unit: o.unit,
    referenceRange: o.referenceRange,
    hospitalFlag: o.hospitalFlag,
    status: o.status,
    testLoinc: o.testLoinc ?? null,
    valueCanonical: o.valueCanonical ?? null,
    comparator: o.comparator ?? null,
    unitCanonical: o.unitCanonical ?? null,
    flag: o.flag ?? null,
    critical: o.critical,
    rangeLow: o.rangeLow ?? null,
    rangeHigh: o.rangeHigh ?? null,
    rangeText: o.rangeText ?? null,
    notes: [...o.notes],
  }));
}

/** The only place that touches the lab report tables. Every query is scoped by hospital or id. */
@Injectable()
export class LabReportsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The hospital's report with this code, locked until the transaction ends. */
  async findByCodeForUpdate(
    tx: InboundTx,
    hospitalId: string,
    reportCode: string,
  ): Promise<LabReport | undefined> {
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM lab_reports WHERE hospital_id = ${hospitalId}::uuid AND report_code = ${reportCode}
      FOR UPDATE`;
    const id = locked[0]?.id;
    if (id === undefined) return undefined;
    const row = await tx.labReport.findUnique({ where: { id }, include: withObservations });
    return row ? toLabReport(row) : undefined;
  }

  async findById(id: string): Promise<LabReport | undefined> {
    const row = await this.prisma.labReport.findUnique({
      where: { id },
      include: withObservations,
    });
    return row ? toLabReport(row) : undefined;
  }

  /** Inserts the report, or replaces the stored one of the same code (observations included). */
  async save(tx: InboundTx, report: LabReport, replacing: boolean): Promise<void> {
    const data = {
      patientId: report.patientId ?? null,
      patientMatched: report.patientMatched,
      patientKey: report.patientKey ?? null,
      patient: { ...report.patient },
      appointmentId: report.appointmentId ?? null,
      hospitalAppointmentCode: report.hospitalAppointmentCode,
      title: report.title,
      specimen: report.specimen,
      departmentLocalName: report.departmentLocalName,
      orderingDoctorName: report.orderingDoctorName,
      collectedAt: report.collectedAt,
      reportedAt: report.reportedAt,
      catalogueVersion: report.catalogueVersion,
      version: report.version,
      inboundMessageId: report.inboundMessageId,
      updatedAt: report.updatedAt,
    };
    if (replacing) {
      await tx.labReport.update({
        where: { id: report.id },
        data: {
          ...data,
          observations: { deleteMany: {}, create: observationRows(report.observations) },
        },
      });
    } else {
      await tx.labReport.create({
        data: {
          ...data,
          id: report.id,
          hospitalId: report.hospitalId,
          reportCode: report.reportCode,
          createdAt: report.createdAt,
          observations: { create: observationRows(report.observations) },
        },
      });
    }
  }
}
