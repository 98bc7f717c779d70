import { LAB_CATALOGUE_VERSION, interpretReport } from '@meridian/clinical';
import type { LabFlag, LabResultInput, PatientContext } from '@meridian/clinical';
import { commonV1, dateFromTimestamp, hospitalV1 } from '@meridian/proto';
import { z } from 'zod';

import { isValidLoincCode } from './loinc';

/** One result line: as the hospital printed it, and as libs/clinical judged it. */
export interface LabObservation {
  readonly position: number;
  readonly loincCode: string;
  readonly localCode: string;
  readonly name: string;
  readonly value: string;
  readonly unit: string;
  readonly referenceRange: string;
  /** HospitalResultFlag without its prefix, e.g. HIGH. */
  readonly hospitalFlag: string;
  readonly status: 'ok' | 'unknown-test' | 'unknown-unit' | 'unparseable-value';
  /** LOINC code the catalogue files the recognised test under. */
  readonly testLoinc?: string;
  readonly testName?: string;
  readonly valueCanonical?: number;
  readonly comparator?: string;
  /** UCUM, from the catalogue. */
  readonly unitCanonical?: string;
  readonly flag?: LabFlag;
  readonly critical: boolean;
  readonly rangeLow?: number;
  readonly rangeHigh?: number;
  readonly rangeText?: string;
  readonly notes: readonly string[];
}

/** The patient as the hospital identified them (PHI). */
export interface ReportedPatient {
  readonly name: string;
  readonly documentType: string;
  readonly documentNumber: string;
  readonly sex: string;
  /** YYYY-MM-DD, or empty. */
  readonly birthDate: string;
  readonly phone: string;
}

export interface LabReport {
  readonly id: string;
  readonly hospitalId: string;
  readonly reportCode: string;
  readonly patientId?: string;
  readonly patientMatched: boolean;
  readonly patientKey?: string;
  readonly patient: ReportedPatient;
  readonly appointmentId?: string;
  readonly hospitalAppointmentCode: string;
  readonly title: string;
  readonly specimen: string;
  readonly departmentLocalName: string;
  readonly orderingDoctorName: string;
  readonly collectedAt: Date;
  readonly reportedAt: Date;
  readonly catalogueVersion: string;
  readonly version: number;
  readonly inboundMessageId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly observations: readonly LabObservation[];
}

const MAX_CLOCK_SKEW_MS = 5 * 60_000;

const timestamp = z
  .object({ seconds: z.string(), nanos: z.number() }, { error: 'is required' })
  .nullable()
  .transform((value, context) => {
    let date: Date | null = null;
    try {
      date = dateFromTimestamp(value);
    } catch {
      date = null;
    }
    if (date === null || Number.isNaN(date.getTime())) {
      context.addIssue({ code: 'custom', message: 'is required' });
      return z.NEVER;
    }
    return date;
  });

const observation = z
  .object({
    loincCode: z
      .string()
      .trim()
      .refine(
        (code) => code === '' || isValidLoincCode(code),
        'must be a LOINC code with a valid check digit, e.g. 718-7',
      ),
    localCode: z.string().trim().max(64, 'must be at most 64 characters'),
    name: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    value: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    unit: z.string().trim().max(50, 'must be at most 50 characters'),
    referenceRange: z.string().trim().max(200, 'must be at most 200 characters'),
    flag: z.enum(hospitalV1.HospitalResultFlag, { error: 'must be a known HospitalResultFlag' }),
  })
  .refine((o) => o.loincCode !== '' || o.localCode !== '', {
    message: 'is required when local_code is empty',
    path: ['loincCode'],
  });

const calendarDate = z
  .object({ year: z.number().int(), month: z.number().int(), day: z.number().int() })
  .nullable()
  .refine((d) => {
    if (d === null || (d.year === 0 && d.month === 0 && d.day === 0)) return true;
    const date = new Date(Date.UTC(d.year, d.month - 1, d.day));
    return (
      d.year >= 1900 &&
      date.getUTCFullYear() === d.year &&
      date.getUTCMonth() === d.month - 1 &&
      date.getUTCDate() === d.day &&
      date.getTime() <= Date.now()
    );
  }, 'must be a real date in the past');

const patient = z
  .object(
    {
      name: z.string().trim().max(100, 'must be at most 100 characters'),
      documentType: z.enum(commonV1.IdentityDocumentType, {
        error: 'must be a known IdentityDocumentType',
      }),
      documentNumber: z.string().trim().max(40, 'must be at most 40 characters'),
      sex: z.enum(commonV1.Sex, { error: 'must be a known Sex' }),
      birthDate: calendarDate,
      phone: z.union([
        z.literal(''),
        z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number, e.g. +8613800000000'),
      ]),
    },
    { error: 'is required' },
  )
  .nullable()
  .refine(
    (p) =>
      p === null ||
      p.documentNumber === '' ||
      p.documentType !== commonV1.IdentityDocumentType.IDENTITY_DOCUMENT_TYPE_UNSPECIFIED,
    { message: 'is required with a document_number', path: ['documentType'] },
  );

/** What PublishLabReport must carry; anything else is refused with the field that is wrong. */
export const publishLabReportRequest = z.object({
  messageId: z.string(),
  report: z
    .object(
      {
        reportCode: z
          .string()
          .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1–64 letters, digits, ".", "_", ":" or "-"'),
        appointmentId: z.union([z.literal(''), z.uuid('must be a UUID')]),
        hospitalAppointmentCode: z.string().trim().max(64, 'must be at most 64 characters'),
        patient,
        title: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
        specimen: z.string().trim().max(100, 'must be at most 100 characters'),
        departmentLocalName: z.string().trim().max(200, 'must be at most 200 characters'),
        orderingDoctorName: z.string().trim().max(100, 'must be at most 100 characters'),
        collectedAt: timestamp,
        reportedAt: timestamp,
        observations: z
          .array(observation)
          .min(1, 'must hold at least one result')
          .max(500, 'must hold at most 500 results'),
      },
      { error: 'is required' },
    )
    .superRefine((r, context) => {
      if (r.collectedAt.getTime() > r.reportedAt.getTime()) {
        context.addIssue({
          code: 'custom',
          message: 'must not be before collected_at',
          path: ['reportedAt'],
        });
      }
      if (r.reportedAt.getTime() > Date.now() + MAX_CLOCK_SKEW_MS) {
        context.addIssue({
          code: 'custom',
          message: 'must not be in the future',
          path: ['reportedAt'],
        });
      }
      const hasIdentity = r.patient !== null && r.patient.documentNumber !== '';
      if (r.appointmentId === '' && r.hospitalAppointmentCode === '' && !hasIdentity) {
        context.addIssue({
          code: 'custom',
          message:
            'is required: a report needs an appointment_id, a hospital_appointment_code or the patient identity document',
          path: ['patient', 'documentNumber'],
        });
      }
    }),
});

export type PublishLabReportInput = z.infer<typeof publishLabReportRequest>['report'];

function prefixless(value: string, prefix: string): string {
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

export function reportedPatientOf(input: PublishLabReportInput): ReportedPatient {
  const p = input.patient;
  const birth = p?.birthDate;
  const birthDate =
    birth && birth.year > 0
      ? `${String(birth.year).padStart(4, '0')}-${String(birth.month).padStart(2, '0')}-${String(birth.day).padStart(2, '0')}`
      : '';
  return {
    name: p?.name ?? '',
    documentType: prefixless(p?.documentType ?? 'UNSPECIFIED', 'IDENTITY_DOCUMENT_TYPE_'),
    documentNumber: (p?.documentNumber ?? '').toUpperCase(),
    sex: prefixless(p?.sex ?? 'UNSPECIFIED', 'SEX_'),
    birthDate,
    phone: p?.phone ?? '',
  };
}

/** Sex and age at collection, for the reference intervals. */
export function patientContextOf(patient: ReportedPatient, collectedAt: Date): PatientContext {
  const sex = patient.sex === 'MALE' ? 'male' : patient.sex === 'FEMALE' ? 'female' : undefined;
  let ageYears: number | undefined;
  if (patient.birthDate !== '') {
    const birth = new Date(`${patient.birthDate}T00:00:00Z`);
    ageYears = (collectedAt.getTime() - birth.getTime()) / (365.2425 * 24 * 3600 * 1000);
    if (ageYears < 0) ageYears = undefined;
  }
  return { ...(sex ? { sex } : {}), ...(ageYears === undefined ? {} : { ageYears }) };
}

function specimenHint(specimen: string): 'blood' | 'urine' | undefined {
  if (/尿|urine/i.test(specimen)) return 'urine';
  if (/血|blood|serum|plasma|血清|血浆/i.test(specimen)) return 'blood';
  return undefined;
}

/**
 * Judges every result with the clinical catalogue: recognised test, value in the canonical (UCUM)
 * unit, the interval used (the report's first) and the flag. Unknown tests are kept as printed.
 */
export function judgeObservations(
  input: PublishLabReportInput,
  context: PatientContext,
): LabObservation[] {
  const hint = specimenHint(input.specimen);
  const results: LabResultInput[] = input.observations.map((o) => ({
    ...(o.loincCode === '' ? {} : { code: o.loincCode }),
    name: o.name,
    value: o.value,
    ...(o.unit === '' ? {} : { unit: o.unit }),
    ...(o.referenceRange === '' ? {} : { referenceRange: { text: o.referenceRange } }),
    ...(hint ? { specimen: hint } : {}),
  }));
  const judged = interpretReport(results, context);
  return input.observations.map((o, position) => {
    const j = judged.items[position];
    const range = j?.rangeUsed;
    return {
      position,
      loincCode: o.loincCode,
      localCode: o.localCode,
      name: o.name,
      value: o.value,
      unit: o.unit,
      referenceRange: o.referenceRange,
      hospitalFlag: prefixless(o.flag, 'HOSPITAL_RESULT_FLAG_'),
      status: j?.status ?? 'unknown-test',
      ...(j?.test ? { testLoinc: j.test.loinc, testName: j.test.nameEn } : {}),
      ...(j?.valueCanonical === undefined ? {} : { valueCanonical: j.valueCanonical }),
      ...(j?.comparator === undefined ? {} : { comparator: j.comparator }),
      ...(j?.unitCanonical === undefined ? {} : { unitCanonical: j.unitCanonical }),
      ...(j?.flag === undefined ? {} : { flag: j.flag }),
      critical: j?.critical ?? false,
      ...(range?.low === undefined ? {} : { rangeLow: range.low }),
      ...(range?.high === undefined ? {} : { rangeHigh: range.high }),
      ...(range?.text === undefined ? {} : { rangeText: range.text }),
      notes: j?.notes ?? [],
    };
  });
}

export const CATALOGUE_VERSION = LAB_CATALOGUE_VERSION;
