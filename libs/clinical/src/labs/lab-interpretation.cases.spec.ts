import { interpret } from './lab-interpretation';
import type {
  InterpretationStatus,
  LabFlag,
  LabResultInput,
  PatientContext,
} from './lab-interpretation';

// Realistic results as Chinese and international reports print them; expected flags worked out by
// hand from the catalogue (see README for the intervals and their sources).
const WOMAN_34: PatientContext = { sex: 'female', ageYears: 34 };
const WOMAN_67: PatientContext = { sex: 'female', ageYears: 67 };
const MAN_58: PatientContext = { sex: 'male', ageYears: 58 };
const MAN_72: PatientContext = { sex: 'male', ageYears: 72 };
const PREGNANT_29: PatientContext = { sex: 'female', ageYears: 29, pregnant: true };
const BOY_5: PatientContext = { sex: 'male', ageYears: 5 };

type Expected = { flag?: LabFlag; critical?: boolean; status?: InterpretationStatus };

const CASES: readonly (readonly [PatientContext, LabResultInput, Expected])[] = [
  // Complete blood count
  [WOMAN_34, { name: '血红蛋白', value: 98, unit: 'g/L' }, { flag: 'L' }],
  [WOMAN_34, { name: 'HGB', value: '9.8', unit: 'g/dL' }, { flag: 'L' }],
  [MAN_58, { name: 'Hemoglobin', value: 16.9, unit: 'g/dL' }, { flag: 'N' }],
  [MAN_72, { name: 'Hb', value: '55 ↓', unit: 'g/L' }, { flag: 'LL', critical: true }],
  [PREGNANT_29, { name: '血红蛋白(HGB)', value: 108, unit: 'g/L' }, { flag: 'L' }],
  [BOY_5, { name: '血红蛋白', value: 118, unit: 'g/L' }, { flag: 'N' }],
  [WOMAN_34, { name: '白细胞计数', value: 11.2, unit: '×10⁹/L' }, { flag: 'H' }],
  [MAN_58, { name: 'WBC', value: '2,400', unit: '/µL' }, { flag: 'L' }],
  [
    WOMAN_34,
    { name: 'WBC', value: 5.8, unit: '10^9/L', referenceRange: { text: '4-10' } },
    { flag: 'N' },
  ],
  [WOMAN_34, { name: 'PLT', value: 18, unit: '10*9/L' }, { flag: 'LL', critical: true }],
  [MAN_58, { name: 'Platelets', value: 420, unit: 'K/uL' }, { flag: 'H' }],
  [
    MAN_58,
    { name: '中性粒细胞绝对值', value: 0.4, unit: '10^9/L' },
    { flag: 'LL', critical: true },
  ],
  [MAN_58, { name: 'NEUT%', value: '78.5 ↑', unit: '%' }, { flag: 'H' }],
  [WOMAN_34, { name: '淋巴细胞百分比 LYMPH%', value: 15.2, unit: '%' }, { flag: 'L' }],
  [WOMAN_34, { name: 'MCV', value: 76, unit: 'fL' }, { flag: 'L' }],
  // Glucose and HbA1c
  [MAN_58, { name: '空腹血糖', value: 7.8, unit: 'mmol/L' }, { flag: 'H' }],
  [WOMAN_34, { name: 'Fasting glucose', value: 92, unit: 'mg/dL' }, { flag: 'N' }],
  [MAN_72, { name: '葡萄糖(GLU)', value: 25.6, unit: 'mmol/l' }, { flag: 'HH', critical: true }],
  [WOMAN_67, { name: 'Glucose', value: 45, unit: 'mg/dL' }, { flag: 'LL', critical: true }],
  [MAN_58, { code: '4548-4', name: 'HbA1c', value: 7.2, unit: '%' }, { flag: 'H' }],
  [WOMAN_34, { name: '糖化血红蛋白', value: 42, unit: 'mmol/mol' }, { flag: 'N' }],
  // Electrolytes
  [MAN_58, { name: '钾 K+', value: 3.2, unit: 'mmol/L' }, { flag: 'L' }],
  [MAN_72, { name: 'Potassium', value: 6.5, unit: 'mEq/L' }, { flag: 'HH', critical: true }],
  [WOMAN_67, { name: '钠', value: 128, unit: 'mmol/L' }, { flag: 'L' }],
  [WOMAN_67, { code: '2951-2', value: 118, unit: 'mmol/L' }, { flag: 'LL', critical: true }],
  [MAN_58, { name: 'Calcium', value: 11.5, unit: 'mg/dL' }, { flag: 'H' }],
  [WOMAN_34, { name: '血钙', value: 1.6, unit: 'mmol/L' }, { flag: 'LL', critical: true }],
  // Kidney
  [MAN_58, { name: '肌酐(CREA)', value: 132, unit: 'µmol/L' }, { flag: 'H' }],
  [MAN_72, { name: 'Creatinine', value: 1.1, unit: 'mg/dL' }, { flag: 'N' }],
  [WOMAN_34, { name: 'Creatinine', value: 1.1, unit: 'mg/dL' }, { flag: 'H' }],
  [MAN_72, { name: '尿素氮', value: 9.2, unit: 'mmol/L' }, { flag: 'N' }],
  [WOMAN_67, { name: 'eGFR', value: 52, unit: 'mL/min/1.73m²' }, { flag: 'L' }],
  [MAN_58, { name: '尿酸', value: 480, unit: 'umol/L' }, { flag: 'H' }],
  [WOMAN_34, { name: 'Uric acid', value: 6.5, unit: 'mg/dL' }, { flag: 'H' }],
  // Liver
  [MAN_58, { name: '谷丙转氨酶(ALT)', value: 56, unit: 'U/L' }, { flag: 'H' }],
  [WOMAN_34, { name: 'ALT', value: 45, unit: 'IU/L' }, { flag: 'H' }],
  [MAN_58, { name: 'AST', value: 32, unit: 'U/L' }, { flag: 'N' }],
  [WOMAN_34, { name: 'γ-GT', value: 85, unit: 'U/L' }, { flag: 'H' }],
  [WOMAN_67, { name: '碱性磷酸酶', value: 130, unit: 'U/L' }, { flag: 'N' }],
  [MAN_58, { name: '总胆红素', value: 1.8, unit: 'mg/dL' }, { flag: 'H' }],
  [WOMAN_67, { name: 'ALB', value: 3.2, unit: 'g/dL' }, { flag: 'L' }],
  // Lipids
  [MAN_58, { name: '总胆固醇', value: 240, unit: 'mg/dL' }, { flag: 'H' }],
  [WOMAN_34, { name: '甘油三酯 TG', value: 1.2, unit: 'mmol/L' }, { flag: 'N' }],
  [MAN_58, { name: 'HDL-C', value: 0.85, unit: 'mmol/L' }, { flag: 'L' }],
  [WOMAN_67, { name: 'LDL-C', value: 130, unit: 'mg/dL' }, { flag: 'N' }],
  // Thyroid
  [WOMAN_34, { name: 'TSH', value: 6.8, unit: 'µIU/mL' }, { flag: 'H' }],
  [WOMAN_34, { name: '游离甲状腺素', value: 0.7, unit: 'ng/dL' }, { flag: 'L' }],
  [WOMAN_34, { name: 'FT3', value: 3.5, unit: 'pg/mL' }, { flag: 'N' }],
  // Coagulation
  [MAN_72, { name: 'INR', value: 3.6 }, { flag: 'H' }],
  [MAN_72, { name: '凝血酶原时间', value: 32, unit: 's' }, { flag: 'HH', critical: true }],
  [WOMAN_34, { name: 'APTT', value: 35, unit: 'sec' }, { flag: 'N' }],
  [WOMAN_67, { name: '纤维蛋白原', value: 0.8, unit: 'g/L' }, { flag: 'LL', critical: true }],
  [WOMAN_67, { name: 'D-二聚体', value: 1.2, unit: 'mg/L FEU' }, { flag: 'H' }],
  // Inflammation and cardiac
  [WOMAN_34, { name: 'C反应蛋白', value: 25, unit: 'mg/L' }, { flag: 'H' }],
  [MAN_58, { name: 'ESR', value: 48, unit: 'mm/hr' }, { flag: 'H' }],
  [MAN_58, { name: 'PCT', value: 0.03, unit: 'ng/mL' }, { flag: 'N' }],
  [MAN_72, { name: '超敏肌钙蛋白T', value: 0.089, unit: 'ng/mL' }, { flag: 'HH', critical: true }],
  [WOMAN_34, { name: 'cTnI', value: 12, unit: 'ng/L' }, { flag: 'N' }],
  [WOMAN_34, { name: '肌钙蛋白I', value: '<0.01', unit: 'ng/mL' }, { flag: 'N' }],
  [MAN_72, { name: 'NT-proBNP', value: '1,850', unit: 'pg/mL' }, { flag: 'H' }],
  // Iron and vitamins
  [WOMAN_34, { name: '铁蛋白', value: 8, unit: 'µg/L' }, { flag: 'L' }],
  [WOMAN_67, { name: '维生素B12', value: 150, unit: 'pg/mL' }, { flag: 'L' }],
  [WOMAN_67, { name: '25-羟基维生素D', value: 15, unit: 'ng/mL' }, { flag: 'L' }],
  [WOMAN_34, { name: '25(OH)D', value: 75, unit: 'nmol/L' }, { flag: 'N' }],
  // Urinalysis
  [WOMAN_34, { name: '尿蛋白(PRO)', value: '++' }, { flag: 'A' }],
  [WOMAN_34, { name: '尿隐血 BLD', value: '阴性' }, { flag: 'N' }],
  [WOMAN_34, { name: '白细胞(LEU)', value: '+++' }, { flag: 'A' }],
  [WOMAN_34, { name: 'Nitrite', value: 'Positive' }, { flag: 'A' }],
  [PREGNANT_29, { name: '酮体', value: '±' }, { flag: 'A' }],
  [WOMAN_34, { name: '尿比重', value: '1.035' }, { flag: 'H' }],
  // Refusals
  [MAN_58, { name: '血氨', value: 45, unit: 'umol/L' }, { status: 'unknown-test' }],
  [MAN_58, { name: '血糖', value: 5.6, unit: 'mg/L' }, { status: 'unknown-unit' }],
  [MAN_58, { name: 'CK-MB', value: 18, unit: 'U/L' }, { status: 'unknown-unit' }],
  [MAN_58, { name: '钾', value: '溶血', unit: 'mmol/L' }, { status: 'unparseable-value' }],
];

describe(`${interpret.name} on realistic results`, () => {
  it('has at least 40 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(
    CASES.map(
      ([patient, input, expected]) =>
        [
          input.name ?? input.code,
          input.value,
          input.unit ?? '',
          patient,
          input,
          expected,
        ] as const,
    ),
  )('%s %s %s', (_name, _value, _unit, patient, input, expected) => {
    const r = interpret(input, patient);
    expect({
      status: r.status,
      flag: r.flag,
      critical: r.critical,
    }).toEqual({
      status: expected.status ?? 'ok',
      flag: expected.flag,
      critical: expected.critical ?? false,
    });
  });
});
