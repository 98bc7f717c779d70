import type { Observation, Quantity } from '@medplum/fhirtypes';
import { labCatalogue } from '@meridian/clinical';

import type { LabObservation, LabReport } from '../lab-report';
import { isValidLoincCode } from '../loinc';
import {
  INTERPRETATION_SYSTEM,
  LOINC_SYSTEM,
  UCUM_SYSTEM,
  labReportBundle,
} from './lab-report.fhir';

const UCUM_CODES = new Set(
  labCatalogue().flatMap((test) => (test.kind === 'quantitative' ? [test.unit] : [])),
);

function observation(overrides: Partial<LabObservation>): LabObservation {
  return {
    position: 0,
    loincCode: '',
    localCode: 'L1',
    name: 'x',
    value: '1',
    unit: '',
    referenceRange: '',
    hospitalFlag: 'UNSPECIFIED',
    status: 'ok',
    critical: false,
    notes: [],
    ...overrides,
  };
}

const report: LabReport = {
  id: '0190c2a4-1111-7000-8000-000000000001',
  hospitalId: '0190c2a4-2222-7000-8000-000000000002',
  reportCode: 'R-9',
  patientMatched: false,
  patientKey: 'ab'.repeat(32),
  patient: {
    name: '张三',
    documentType: 'RESIDENT_ID_CARD',
    documentNumber: 'X',
    sex: 'MALE',
    birthDate: '',
    phone: '',
  },
  hospitalAppointmentCode: '',
  title: '甲功',
  specimen: '血清',
  departmentLocalName: '',
  orderingDoctorName: '',
  collectedAt: new Date('2026-11-20T01:00:00Z'),
  reportedAt: new Date('2026-11-20T03:00:00Z'),
  catalogueVersion: '2026.11.1',
  version: 2,
  inboundMessageId: '0190c2a4-3333-7000-8000-000000000003',
  createdAt: new Date('2026-11-20T03:00:01Z'),
  updatedAt: new Date('2026-11-20T04:00:00Z'),
  observations: [
    observation({
      position: 0,
      loincCode: '3016-3',
      testLoinc: '3016-3',
      testName: 'TSH',
      name: 'TSH',
      value: '<0.01',
      unit: 'uIU/mL',
      valueCanonical: 0.01,
      comparator: '<',
      unitCanonical: 'm[IU]/L',
      flag: 'L',
      rangeLow: 0.27,
      rangeHigh: 4.2,
      referenceRange: '0.27-4.2',
    }),
    observation({
      position: 1,
      loincCode: '5804-0',
      testLoinc: '5804-0',
      name: '尿蛋白',
      value: '2+',
      status: 'ok',
      flag: 'A',
      rangeText: 'negative',
    }),
    observation({
      position: 2,
      localCode: 'Q',
      name: '未知',
      value: '溶血',
      unit: 'AU',
      status: 'unknown-test',
      notes: ['no test matched'],
    }),
  ],
};

describe(labReportBundle.name, () => {
  const bundle = labReportBundle(report);
  const observations = (bundle.entry ?? []).slice(1).map((e) => e.resource as Observation);

  it('is a collection: the DiagnosticReport first, referencing each Observation by fullUrl', () => {
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const [first, ...rest] = bundle.entry ?? [];
    expect(first?.resource).toMatchObject({
      resourceType: 'DiagnosticReport',
      id: report.id,
      status: 'amended',
      meta: { versionId: '2' },
      identifier: [{ value: 'R-9' }],
      subject: { identifier: { system: 'urn:meridian:patient-key', value: report.patientKey } },
      effectiveDateTime: '2026-11-20T01:00:00.000Z',
      issued: '2026-11-20T03:00:00.000Z',
    });
    expect(
      (first?.resource as { result: { reference: string }[] }).result.map((r) => r.reference),
    ).toEqual(rest.map((e) => e.fullUrl));
    for (const entry of bundle.entry ?? []) {
      expect(entry.fullUrl).toMatch(
        /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    expect(new Set((bundle.entry ?? []).map((e) => e.fullUrl)).size).toBe(4);
  });

  it('uses valid LOINC codes, UCUM units and v3 interpretation codes only', () => {
    const quantities: Quantity[] = observations.flatMap((o) => [
      ...(o.valueQuantity ? [o.valueQuantity] : []),
      ...(o.referenceRange ?? []).flatMap((r) =>
        [r.low, r.high].filter((q): q is Quantity => q !== undefined),
      ),
    ]);
    expect(quantities.length).toBe(3);
    for (const q of quantities) {
      expect(q.system).toBe(UCUM_SYSTEM);
      expect(UCUM_CODES.has(q.code ?? '')).toBe(true);
    }
    const loinc = observations.flatMap((o) =>
      (o.code.coding ?? []).filter((c) => c.system === LOINC_SYSTEM),
    );
    expect(loinc.map((c) => c.code)).toEqual(['3016-3', '5804-0']);
    expect(loinc.every((c) => isValidLoincCode(c.code ?? ''))).toBe(true);
    const interpretations = observations
      .flatMap((o) => o.interpretation ?? [])
      .flatMap((i) => i.coding ?? []);
    expect(interpretations).toEqual([
      { system: INTERPRETATION_SYSTEM, code: 'L', display: 'Low' },
      { system: INTERPRETATION_SYSTEM, code: 'A', display: 'Abnormal' },
    ]);
  });

  it('keeps censored values with their comparator and qualitative or unread values as printed', () => {
    expect(observations[0]?.valueQuantity).toEqual({
      value: 0.01,
      comparator: '<',
      unit: 'm[IU]/L',
      system: UCUM_SYSTEM,
      code: 'm[IU]/L',
    });
    expect(observations[0]?.referenceRange).toEqual([
      expect.objectContaining({
        low: expect.objectContaining({ value: 0.27 }) as unknown,
        high: expect.objectContaining({ value: 4.2 }) as unknown,
        text: '0.27-4.2',
      }),
    ]);
    expect(observations[1]).toMatchObject({
      valueString: '2+',
      referenceRange: [{ text: 'negative' }],
    });
    expect(observations[2]).toMatchObject({
      valueString: '溶血 AU',
      note: [{ text: 'no test matched' }],
    });
    expect(observations[2]?.interpretation).toBeUndefined();
    expect(observations[2]?.code.coding).toEqual([
      { system: `urn:meridian:hospital:${report.hospitalId}:lab-code`, code: 'Q', display: '未知' },
    ]);
  });

  it('references the platform patient once matched', () => {
    const matched = labReportBundle({
      ...report,
      patientId: '0190c2a4-4444-7000-8000-000000000004',
      patientMatched: true,
    });
    expect(matched.entry?.[0]?.resource).toMatchObject({
      subject: { reference: 'Patient/0190c2a4-4444-7000-8000-000000000004' },
    });
  });
});
