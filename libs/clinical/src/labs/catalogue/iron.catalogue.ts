import type { LabTest } from '../lab-test.types';
import { ADULT_AGE, SOURCE } from './catalogue-sources';

// Iron 55.845 g/mol: 1 µg/dL = 0.1791 µmol/L.
const IRON_UG_DL = { unit: 'ug/dL', factor: 0.1791 } as const;

/** Iron studies. */
export const IRON: readonly LabTest[] = [
  {
    kind: 'quantitative',
    key: 'serum-iron',
    loinc: '2498-4',
    nameEn: 'Iron, serum',
    nameZh: '血清铁',
    aliases: ['铁', '血清铁测定', 'Fe', 'SI', 'serum iron', 'iron'],
    panel: 'iron',
    specimen: 'serum-or-plasma',
    unit: 'umol/L',
    conversions: [IRON_UG_DL],
    ranges: [
      { sex: 'male', minAgeYears: ADULT_AGE, low: 10.6, high: 36.7, source: SOURCE.chineseLab },
      { sex: 'female', minAgeYears: ADULT_AGE, low: 7.8, high: 32.2, source: SOURCE.chineseLab },
    ],
    notes: ['Serum iron varies through the day and with meals; ferritin reflects stores better.'],
  },
  {
    kind: 'quantitative',
    key: 'ferritin',
    loinc: '2276-4',
    nameEn: 'Ferritin',
    nameZh: '铁蛋白',
    aliases: ['血清铁蛋白', 'FER', 'FERR', 'SF', 'ferritin'],
    panel: 'iron',
    specimen: 'serum-or-plasma',
    unit: 'ng/mL',
    conversions: [{ unit: 'ug/L', factor: 1 }],
    ranges: [
      { sex: 'male', minAgeYears: ADULT_AGE, low: 30, high: 400, source: SOURCE.roche },
      { sex: 'female', minAgeYears: ADULT_AGE, low: 13, high: 150, source: SOURCE.roche },
    ],
    methodDependent: true,
    notes: ['Ferritin is an acute-phase protein: inflammation can hide iron deficiency.'],
  },
  {
    kind: 'quantitative',
    key: 'tibc',
    loinc: '2500-7',
    nameEn: 'Total iron binding capacity',
    nameZh: '总铁结合力',
    aliases: ['TIBC', 'total iron binding capacity'],
    panel: 'iron',
    specimen: 'serum-or-plasma',
    unit: 'umol/L',
    conversions: [IRON_UG_DL],
    ranges: [{ minAgeYears: ADULT_AGE, low: 45, high: 75, source: SOURCE.chineseLab }],
  },
  {
    kind: 'quantitative',
    key: 'transferrin-saturation',
    loinc: '2502-3',
    nameEn: 'Transferrin saturation',
    nameZh: '转铁蛋白饱和度',
    aliases: ['铁饱和度', 'TSAT', 'TfS', 'transferrin saturation', 'iron saturation'],
    panel: 'iron',
    specimen: 'serum-or-plasma',
    unit: '%',
    conversions: [],
    ranges: [{ minAgeYears: ADULT_AGE, low: 20, high: 50, source: SOURCE.chineseLab }],
  },
  {
    kind: 'quantitative',
    key: 'transferrin',
    loinc: '3034-6',
    nameEn: 'Transferrin',
    nameZh: '转铁蛋白',
    aliases: ['血清转铁蛋白', 'TRF', 'Tf', 'transferrin'],
    panel: 'iron',
    specimen: 'serum-or-plasma',
    unit: 'g/L',
    conversions: [{ unit: 'mg/dL', factor: 0.01 }],
    ranges: [{ minAgeYears: ADULT_AGE, low: 2.0, high: 3.6, source: SOURCE.roche }],
  },
];
