import { createHash } from 'node:crypto';
import type { LabFlag } from '@meridian/clinical';
import type {
  Bundle,
  CodeableConcept,
  Coding,
  DiagnosticReport,
  Observation,
  Patient,
  ObservationReferenceRange,
  Quantity,
  Reference,
} from '@medplum/fhirtypes';

import type { LabObservation, LabReport } from '../lab-report';

export const LOINC_SYSTEM = 'http://loinc.org';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';
export const INTERPRETATION_SYSTEM =
  'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const OBSERVATION_CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/observation-category';
const DIAGNOSTIC_SERVICE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0074';
/** LOINC 11502-2 "Laboratory report": the document kind of every report. */
const LAB_REPORT_LOINC = '11502-2';

/** v3 ObservationInterpretation codes for the flags libs/clinical computes. */
export const INTERPRETATIONS: Readonly<Record<LabFlag, Coding>> = {
  N: { system: INTERPRETATION_SYSTEM, code: 'N', display: 'Normal' },
  L: { system: INTERPRETATION_SYSTEM, code: 'L', display: 'Low' },
  H: { system: INTERPRETATION_SYSTEM, code: 'H', display: 'High' },
  LL: { system: INTERPRETATION_SYSTEM, code: 'LL', display: 'Critical low' },
  HH: { system: INTERPRETATION_SYSTEM, code: 'HH', display: 'Critical high' },
  A: { system: INTERPRETATION_SYSTEM, code: 'A', display: 'Abnormal' },
};

const COMPARATORS: Readonly<Record<string, Quantity['comparator']>> = {
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/** A stable UUID derived from a name (RFC 4122 version 5 layout over SHA-256), for bundle fullUrls. */
function nameBasedUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function subjectOf(report: LabReport): Reference<Patient> {
  if (report.patientId) return { reference: `Patient/${report.patientId}` };
  // Unmatched: the hospital's identification, as a logical reference.
  return {
    ...(report.patientKey
      ? { identifier: { system: 'urn:meridian:patient-key', value: report.patientKey } }
      : {}),
    display: report.patient.name || 'Unmatched patient',
  };
}

function ucumQuantity(value: number, unit: string, comparator?: string): Quantity {
  const withUnit = unit === '' || unit === '1' ? {} : { unit, system: UCUM_SYSTEM, code: unit };
  const fhirComparator = comparator === undefined ? undefined : COMPARATORS[comparator];
  return { value, ...(fhirComparator ? { comparator: fhirComparator } : {}), ...withUnit };
}

function codeOf(report: LabReport, o: LabObservation): CodeableConcept {
  const coding: Coding[] = [];
  if (o.testLoinc) {
    coding.push({
      system: LOINC_SYSTEM,
      code: o.testLoinc,
      ...(o.testName ? { display: o.testName } : {}),
    });
  }
  if (o.loincCode !== '' && o.loincCode !== o.testLoinc) {
    coding.push({ system: LOINC_SYSTEM, code: o.loincCode });
  }
  if (o.localCode !== '') {
    coding.push({
      system: `urn:meridian:hospital:${report.hospitalId}:lab-code`,
      code: o.localCode,
      display: o.name,
    });
  }
  return { coding, text: o.name };
}

function valueOf(o: LabObservation): Pick<Observation, 'valueQuantity' | 'valueString'> {
  if (o.status === 'ok' && o.valueCanonical !== undefined && o.unitCanonical !== undefined) {
    return { valueQuantity: ucumQuantity(o.valueCanonical, o.unitCanonical, o.comparator) };
  }
  // Qualitative or not understood: the printed value, with its printed unit.
  return { valueString: o.unit === '' ? o.value : `${o.value} ${o.unit}` };
}

function referenceRangeOf(o: LabObservation): ObservationReferenceRange[] {
  const unit = o.unitCanonical ?? '';
  const range: ObservationReferenceRange = {
    ...(o.rangeLow === undefined ? {} : { low: ucumQuantity(o.rangeLow, unit) }),
    ...(o.rangeHigh === undefined ? {} : { high: ucumQuantity(o.rangeHigh, unit) }),
  };
  const text = o.referenceRange !== '' ? o.referenceRange : o.rangeText;
  if (text) range.text = text;
  return Object.keys(range).length === 0 ? [] : [range];
}

function observationOf(report: LabReport, o: LabObservation): Observation {
  const range = referenceRangeOf(o);
  return {
    resourceType: 'Observation',
    id: `${report.id}-${o.position}`,
    status: report.version > 1 ? 'amended' : 'final',
    category: [
      {
        coding: [
          { system: OBSERVATION_CATEGORY_SYSTEM, code: 'laboratory', display: 'Laboratory' },
        ],
      },
    ],
    code: codeOf(report, o),
    subject: subjectOf(report),
    effectiveDateTime: report.collectedAt.toISOString(),
    issued: report.reportedAt.toISOString(),
    ...valueOf(o),
    ...(o.flag ? { interpretation: [{ coding: [INTERPRETATIONS[o.flag]] }] } : {}),
    ...(range.length > 0 ? { referenceRange: range } : {}),
    ...(o.notes.length > 0 ? { note: o.notes.map((text) => ({ text })) } : {}),
  };
}

/**
 * A lab report as FHIR R4: a `collection` Bundle whose first entry is the DiagnosticReport and the
 * rest its Observations. Values and intervals are in the catalogue's UCUM unit when the test was
 * recognised; flags are v3 ObservationInterpretation codes.
 */
export function labReportBundle(report: LabReport): Bundle {
  const observations = report.observations.map((o) => ({
    fullUrl: `urn:uuid:${nameBasedUuid(`${report.id}/observation/${o.position}`)}`,
    resource: observationOf(report, o),
  }));
  const diagnosticReport: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: report.id,
    meta: { versionId: String(report.version), lastUpdated: report.updatedAt.toISOString() },
    identifier: [
      { system: `urn:meridian:hospital:${report.hospitalId}:lab-report`, value: report.reportCode },
    ],
    status: report.version > 1 ? 'amended' : 'final',
    category: [
      { coding: [{ system: DIAGNOSTIC_SERVICE_SYSTEM, code: 'LAB', display: 'Laboratory' }] },
    ],
    code: {
      coding: [{ system: LOINC_SYSTEM, code: LAB_REPORT_LOINC, display: 'Laboratory report' }],
      text: report.title,
    },
    subject: subjectOf(report),
    effectiveDateTime: report.collectedAt.toISOString(),
    issued: report.reportedAt.toISOString(),
    performer: [{ identifier: { system: 'urn:meridian:hospital', value: report.hospitalId } }],
    result: observations.map((entry) => ({ reference: entry.fullUrl })),
  };
  return {
    resourceType: 'Bundle',
    id: nameBasedUuid(`${report.id}/bundle/${report.version}`),
    type: 'collection',
    timestamp: report.updatedAt.toISOString(),
    entry: [
      { fullUrl: `urn:uuid:${nameBasedUuid(`${report.id}/report`)}`, resource: diagnosticReport },
      ...observations,
    ],
  };
}
