import { commonV1, hospitalV1, timestampFromDate } from '@meridian/proto';

import {
  judgeObservations,
  patientContextOf,
  publishLabReportRequest,
  reportedPatientOf,
} from './lab-report';

function request(
  overrides: Partial<hospitalV1.LabReport> = {},
): hospitalV1.PublishLabReportRequest {
  const collected = new Date('2026-11-20T08:00:00Z');
  return {
    messageId: 'm-1',
    report: {
      reportCode: 'R-1',
      appointmentId: '',
      hospitalAppointmentCode: '',
      patient: {
        name: '王五',
        documentType: commonV1.IdentityDocumentType.IDENTITY_DOCUMENT_TYPE_PASSPORT,
        documentNumber: 'e12345678',
        sex: commonV1.Sex.SEX_FEMALE,
        birthDate: { year: 1990, month: 2, day: 28 },
        phone: '+8613800000000',
      },
      title: '肝功能',
      specimen: '血清',
      departmentLocalName: '消化内科',
      orderingDoctorName: '赵医生',
      collectedAt: timestampFromDate(collected),
      reportedAt: timestampFromDate(new Date(collected.getTime() + 3_600_000)),
      observations: [
        {
          loincCode: '1742-6',
          localCode: 'ALT',
          name: '谷丙转氨酶',
          value: '88',
          unit: 'U/L',
          referenceRange: '7-40',
          flag: hospitalV1.HospitalResultFlag.HOSPITAL_RESULT_FLAG_HIGH,
        },
      ],
      ...overrides,
    },
  };
}

function fields(input: unknown): string[] {
  const result = publishLabReportRequest.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('publishLabReportRequest', () => {
  it('accepts a complete report', () => {
    expect(fields(request())).toEqual([]);
  });

  it('names every wrong field', () => {
    const base = request().report!;
    expect(
      fields(
        request({
          reportCode: 'has spaces',
          appointmentId: 'not-a-uuid',
          reportedAt: null,
          observations: [{ ...base.observations[0]!, loincCode: '1742-5', name: ' ' }],
        }),
      ).sort(),
    ).toEqual([
      'report.appointmentId',
      'report.observations.0.loincCode',
      'report.observations.0.name',
      'report.reportCode',
      'report.reportedAt',
    ]);
  });

  it('refuses a report without results, or reported before it was collected', () => {
    const base = request().report!;
    expect(fields(request({ observations: [] }))).toEqual(['report.observations']);
    expect(
      fields(request({ reportedAt: timestampFromDate(new Date('2026-11-19T00:00:00Z')) })),
    ).toEqual(['report.reportedAt']);
    expect(fields({ messageId: 'm', report: null })).toEqual(['report']);
    expect(
      fields(
        request({ observations: [{ ...base.observations[0]!, loincCode: '', localCode: '' }] }),
      ),
    ).toEqual(['report.observations.0.loincCode']);
  });

  it('needs a way to find the patient: appointment, visit code or identity document', () => {
    const anonymous = request({
      patient: { ...request().report!.patient!, documentNumber: '' },
    });
    expect(fields(anonymous)).toEqual(['report.patient.documentNumber']);
    expect(
      fields({ ...anonymous, report: { ...anonymous.report, hospitalAppointmentCode: 'V-1' } }),
    ).toEqual([]);
  });
});

describe('judgeObservations', () => {
  it('flags with the report interval and the patient context, in the catalogue unit', () => {
    const parsed = publishLabReportRequest.parse(request());
    const patient = reportedPatientOf(parsed.report);
    expect(patient).toMatchObject({
      sex: 'FEMALE',
      documentType: 'PASSPORT',
      documentNumber: 'E12345678',
      birthDate: '1990-02-28',
    });
    const context = patientContextOf(patient, parsed.report.collectedAt);
    expect(context.sex).toBe('female');
    expect(Math.floor(context.ageYears ?? 0)).toBe(36);
    const [alt] = judgeObservations(parsed.report, context);
    expect(alt).toMatchObject({
      status: 'ok',
      testLoinc: '1742-6',
      valueCanonical: 88,
      unitCanonical: 'U/L',
      flag: 'H',
      critical: false,
      rangeLow: 7,
      rangeHigh: 40,
      hospitalFlag: 'HIGH',
    });
  });

  it('converts units and keeps unknown tests as printed, without a flag', () => {
    const base = request().report!;
    const parsed = publishLabReportRequest.parse(
      request({
        observations: [
          {
            ...base.observations[0]!,
            loincCode: '2345-7',
            localCode: 'GLU',
            name: '葡萄糖',
            value: '450',
            unit: 'mg/dL',
            referenceRange: '',
          },
          {
            ...base.observations[0]!,
            loincCode: '',
            localCode: 'ZZ',
            name: '某未知检测',
            value: '3',
            unit: 'AU',
            referenceRange: '',
          },
        ],
      }),
    );
    const [glucose, unknown] = judgeObservations(parsed.report, {});
    expect(glucose?.unitCanonical).toBe('mmol/L');
    expect(glucose?.valueCanonical).toBeCloseTo(24.98, 2);
    expect(glucose).toMatchObject({ flag: 'HH', critical: true });
    expect(unknown).toMatchObject({ status: 'unknown-test', critical: false });
    expect(unknown?.flag).toBeUndefined();
  });
});
