import type { LabTest } from '../lab-test.types';
import { ADULT_AGE, SOURCE } from './catalogue-sources';

// 1 mmol/L cholesterol = 38.67 mg/dL; 1 mmol/L triglyceride = 88.57 mg/dL.
const CHOLESTEROL_MG_DL = { unit: 'mg/dL', factor: 0.02586 } as const;

/** Lipid panel; intervals are the guideline's desirable levels, not population percentiles. */
export const LIPIDS: readonly LabTest[] = [
  {
    kind: 'quantitative',
    key: 'total-cholesterol',
    loinc: '2093-3',
    nameEn: 'Cholesterol, total',
    nameZh: '总胆固醇',
    aliases: ['胆固醇', '血清总胆固醇', 'TC', 'CHOL', 'T-CHO', 'TCHO', 'total cholesterol'],
    panel: 'lipids',
    specimen: 'serum-or-plasma',
    unit: 'mmol/L',
    conversions: [CHOLESTEROL_MG_DL],
    ranges: [{ minAgeYears: ADULT_AGE, high: 5.2, highExclusive: true, source: SOURCE.lipid2023 }],
  },
  {
    kind: 'quantitative',
    key: 'triglycerides',
    loinc: '2571-8',
    nameEn: 'Triglycerides',
    nameZh: '甘油三酯',
    aliases: ['三酰甘油', 'TG', 'TRIG', 'triglyceride'],
    panel: 'lipids',
    specimen: 'serum-or-plasma',
    unit: 'mmol/L',
    conversions: [{ unit: 'mg/dL', factor: 0.01129 }],
    ranges: [{ minAgeYears: ADULT_AGE, high: 1.7, highExclusive: true, source: SOURCE.lipid2023 }],
  },
  {
    kind: 'quantitative',
    key: 'hdl-cholesterol',
    loinc: '2085-9',
    nameEn: 'HDL cholesterol',
    nameZh: '高密度脂蛋白胆固醇',
    aliases: ['高密度脂蛋白', 'HDL-C', 'HDL', 'HDL-CH', 'HDL cholesterol'],
    panel: 'lipids',
    specimen: 'serum-or-plasma',
    unit: 'mmol/L',
    conversions: [CHOLESTEROL_MG_DL],
    ranges: [{ minAgeYears: ADULT_AGE, low: 1.0, source: SOURCE.lipid2023 }],
  },
  {
    kind: 'quantitative',
    key: 'ldl-cholesterol',
    loinc: '13457-7',
    altLoinc: ['18262-6', '2089-1'],
    nameEn: 'LDL cholesterol',
    nameZh: '低密度脂蛋白胆固醇',
    aliases: ['低密度脂蛋白', 'LDL-C', 'LDL', 'LDL-CH', 'LDL cholesterol'],
    panel: 'lipids',
    specimen: 'serum-or-plasma',
    unit: 'mmol/L',
    conversions: [CHOLESTEROL_MG_DL],
    ranges: [{ minAgeYears: ADULT_AGE, high: 3.4, highExclusive: true, source: SOURCE.lipid2023 }],
    notes: [
      'Targets are lower for people at high cardiovascular risk (e.g. < 2.6 or < 1.8 mmol/L); the flag uses the primary-prevention level.',
    ],
  },
];
