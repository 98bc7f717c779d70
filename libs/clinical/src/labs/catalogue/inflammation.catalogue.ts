import type { LabTest } from '../lab-test.types';
import { ADULT_AGE, SOURCE } from './catalogue-sources';

const CRP_CONVERSIONS = [{ unit: 'mg/dL', factor: 10 }] as const;

/** Inflammation markers. */
export const INFLAMMATION: readonly LabTest[] = [
  {
    kind: 'quantitative',
    key: 'crp',
    loinc: '1988-5',
    nameEn: 'C-reactive protein',
    nameZh: 'C反应蛋白',
    aliases: ['C-反应蛋白', 'CRP', 'C reactive protein'],
    panel: 'inflammation',
    specimen: 'serum-or-plasma',
    unit: 'mg/L',
    conversions: CRP_CONVERSIONS,
    ranges: [{ high: 10, source: `${SOURCE.chineseLab} (≤ 10 mg/L)` }],
  },
  {
    kind: 'quantitative',
    key: 'hs-crp',
    loinc: '30522-7',
    nameEn: 'C-reactive protein, high sensitivity',
    nameZh: '超敏C反应蛋白',
    aliases: [
      '高敏C反应蛋白',
      'hs-CRP',
      'hsCRP',
      'high-sensitivity CRP',
      'high sensitivity C reactive protein',
    ],
    panel: 'inflammation',
    specimen: 'serum-or-plasma',
    unit: 'mg/L',
    conversions: CRP_CONVERSIONS,
    ranges: [
      {
        minAgeYears: ADULT_AGE,
        high: 3,
        highExclusive: true,
        source: 'adult, AHA/CDC cardiovascular risk cut-off (≥ 3 mg/L is high risk)',
      },
    ],
  },
  {
    kind: 'quantitative',
    key: 'esr',
    loinc: '4537-7',
    altLoinc: ['30341-2'],
    nameEn: 'Erythrocyte sedimentation rate (Westergren)',
    nameZh: '红细胞沉降率',
    aliases: ['血沉', '红细胞沉降率(魏氏法)', 'ESR', 'sed rate', 'erythrocyte sedimentation rate'],
    panel: 'inflammation',
    specimen: 'whole-blood',
    unit: 'mm/h',
    conversions: [],
    ranges: [
      {
        sex: 'male',
        minAgeYears: ADULT_AGE,
        maxAgeYears: 50,
        high: 15,
        source: `${SOURCE.chineseLab} (Westergren)`,
      },
      {
        sex: 'male',
        minAgeYears: 50,
        high: 20,
        source: `${SOURCE.chineseLab} (Westergren, age ≥ 50)`,
      },
      {
        sex: 'female',
        minAgeYears: ADULT_AGE,
        maxAgeYears: 50,
        high: 20,
        source: `${SOURCE.chineseLab} (Westergren)`,
      },
      {
        sex: 'female',
        minAgeYears: 50,
        high: 30,
        source: `${SOURCE.chineseLab} (Westergren, age ≥ 50)`,
      },
    ],
  },
  {
    kind: 'quantitative',
    key: 'procalcitonin',
    loinc: '33959-8',
    altLoinc: ['75241-0'],
    nameEn: 'Procalcitonin',
    nameZh: '降钙素原',
    aliases: ['PCT', 'procalcitonin'],
    panel: 'inflammation',
    specimen: 'serum-or-plasma',
    unit: 'ng/mL',
    conversions: [{ unit: 'ug/L', factor: 1 }],
    ranges: [
      {
        minAgeYears: ADULT_AGE,
        high: 0.05,
        highExclusive: true,
        source: 'adult, healthy individuals (< 0.05 ng/mL); assay inserts',
      },
    ],
    notes: ['> 0.5 ng/mL suggests systemic bacterial infection; > 2 ng/mL makes sepsis likely.'],
  },
];
