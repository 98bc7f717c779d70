import { createHash } from 'node:crypto';
import { commonV1, hospitalV1, timestampFromDate } from '@meridian/proto';

interface ResultTemplate {
  readonly loinc: string;
  readonly local: string;
  readonly name: string;
  readonly unit: string;
  readonly range: readonly [number, number];
  readonly decimals: number;
}

interface PanelTemplate {
  readonly title: string;
  readonly specimen: string;
  readonly department: string;
  readonly results: readonly ResultTemplate[];
}

// Panels as Chinese hospital LIS systems print them; LOINC codes are those of libs/clinical.
const PANELS: readonly PanelTemplate[] = [
  {
    title: '血常规',
    specimen: '静脉血',
    department: '检验科',
    results: [
      {
        loinc: '6690-2',
        local: 'WBC',
        name: '白细胞计数',
        unit: '10^9/L',
        range: [3.5, 9.5],
        decimals: 2,
      },
      {
        loinc: '718-7',
        local: 'HGB',
        name: '血红蛋白',
        unit: 'g/L',
        range: [115, 175],
        decimals: 0,
      },
      {
        loinc: '777-3',
        local: 'PLT',
        name: '血小板计数',
        unit: '10^9/L',
        range: [125, 350],
        decimals: 0,
      },
    ],
  },
  {
    title: '肝功能',
    specimen: '血清',
    department: '检验科',
    results: [
      {
        loinc: '1742-6',
        local: 'ALT',
        name: '谷丙转氨酶',
        unit: 'U/L',
        range: [9, 50],
        decimals: 0,
      },
      {
        loinc: '1920-8',
        local: 'AST',
        name: '谷草转氨酶',
        unit: 'U/L',
        range: [15, 40],
        decimals: 0,
      },
    ],
  },
  {
    title: '电解质+血糖',
    specimen: '血清',
    department: '检验科',
    results: [
      { loinc: '2823-3', local: 'K', name: '钾', unit: 'mmol/L', range: [3.5, 5.3], decimals: 2 },
      { loinc: '2951-2', local: 'NA', name: '钠', unit: 'mmol/L', range: [137, 147], decimals: 1 },
      {
        loinc: '2345-7',
        local: 'GLU',
        name: '葡萄糖',
        unit: 'mmol/L',
        range: [3.9, 6.1],
        decimals: 2,
      },
    ],
  },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇'];

/** Deterministic pseudo-random numbers in [0, 1) from a seed string. */
function randomOf(seed: string): () => number {
  let counter = 0;
  return () => {
    counter += 1;
    const digest = createHash('sha256').update(`${seed}/${counter}`).digest();
    return digest.readUInt32BE(0) / 0x1_0000_0000;
  };
}

function flagOf(
  value: number,
  [low, high]: readonly [number, number],
): hospitalV1.HospitalResultFlag {
  if (value < low) return hospitalV1.HospitalResultFlag.HOSPITAL_RESULT_FLAG_LOW;
  if (value > high) return hospitalV1.HospitalResultFlag.HOSPITAL_RESULT_FLAG_HIGH;
  return hospitalV1.HospitalResultFlag.HOSPITAL_RESULT_FLAG_NORMAL;
}

/**
 * The `sequence`-th lab report a simulated hospital publishes: a deterministic patient and panel,
 * mostly normal values with some outside the interval. The same inputs give the same message, so
 * a restarted simulator resends the same message ids (answered as duplicates).
 */
export function simulatedLabReport(
  hospitalCode: string,
  sequence: number,
  now: Date,
): hospitalV1.PublishLabReportRequest {
  const random = randomOf(`${hospitalCode}/${sequence}`);
  const panel = PANELS[sequence % PANELS.length] ?? PANELS[0];
  if (!panel) throw new Error('no lab panels');
  const female = random() < 0.5;
  const birthYear = 1950 + Math.floor(random() * 50);
  const collected = new Date(now.getTime() - (2 + Math.floor(random() * 6)) * 3_600_000);
  const observations = panel.results.map((result) => {
    const [low, high] = result.range;
    const span = high - low;
    // About one value in five falls outside the interval.
    const value = low - span * 0.25 + random() * span * 1.5;
    return {
      loincCode: result.loinc,
      localCode: result.local,
      name: result.name,
      value: value.toFixed(result.decimals),
      unit: result.unit,
      referenceRange: `${low}-${high}`,
      flag: flagOf(Number(value.toFixed(result.decimals)), result.range),
    };
  });
  const name = `${SURNAMES[Math.floor(random() * SURNAMES.length)] ?? '王'}${GIVEN[Math.floor(random() * GIVEN.length)] ?? '伟'}`;
  return {
    messageId: `${hospitalCode}:lab-report:${sequence}`,
    report: {
      reportCode: `${hospitalCode}-LR-${String(sequence).padStart(6, '0')}`,
      appointmentId: '',
      hospitalAppointmentCode: `${hospitalCode}-V-${String(sequence).padStart(6, '0')}`,
      patient: {
        name,
        // Synthetic passport numbers: never a real person's resident id.
        documentType: commonV1.IdentityDocumentType.IDENTITY_DOCUMENT_TYPE_PASSPORT,
        documentNumber: `SIM${createHash('sha256').update(`${hospitalCode}/${sequence}/patient`).digest('hex').slice(0, 9).toUpperCase()}`,
        sex: female ? commonV1.Sex.SEX_FEMALE : commonV1.Sex.SEX_MALE,
        birthDate: {
          year: birthYear,
          month: 1 + Math.floor(random() * 12),
          day: 1 + Math.floor(random() * 28),
        },
        phone: '',
      },
      title: panel.title,
      specimen: panel.specimen,
      departmentLocalName: panel.department,
      orderingDoctorName: '模拟医生',
      collectedAt: timestampFromDate(collected),
      reportedAt: timestampFromDate(new Date(collected.getTime() + 3_600_000)),
      observations,
    },
  };
}
