import type { LabTest } from '../lab-test.types';
import { ADULT_AGE, SOURCE } from './catalogue-sources';

/** Vitamins B12, folate and D. */
export const VITAMINS: readonly LabTest[] = [
  {
    kind: 'quantitative',
    key: 'vitamin-b12',
    loinc: '2132-9',
    nameEn: 'Vitamin B12 (cobalamin)',
    nameZh: '维生素B12',
    aliases: ['VitB12', 'VB12', 'B12', 'cobalamin', 'vitamin B12'],
    panel: 'vitamins',
    specimen: 'serum-or-plasma',
    unit: 'pg/mL',
    // Cobalamin 1355.4 g/mol: 1 pmol/L = 1.355 pg/mL.
    conversions: [
      { unit: 'pmol/L', factor: 1.355 },
      { unit: 'ng/L', factor: 1 },
    ],
    ranges: [{ minAgeYears: ADULT_AGE, low: 197, high: 771, source: SOURCE.roche }],
    methodDependent: true,
  },
  {
    kind: 'quantitative',
    key: 'folate',
    loinc: '2284-8',
    nameEn: 'Folate, serum',
    nameZh: '叶酸',
    aliases: ['血清叶酸', 'FOL', 'FA', 'folate', 'folic acid', 'serum folate'],
    panel: 'vitamins',
    specimen: 'serum-or-plasma',
    unit: 'ng/mL',
    // Folic acid 441.4 g/mol: 1 nmol/L = 0.4414 ng/mL.
    conversions: [
      { unit: 'nmol/L', factor: 0.4414 },
      { unit: 'ug/L', factor: 1 },
    ],
    ranges: [
      {
        minAgeYears: ADULT_AGE,
        low: 4,
        source: 'adult, WHO deficiency cut-off (serum folate < 4 ng/mL, about 10 nmol/L)',
      },
    ],
  },
  {
    kind: 'quantitative',
    key: '25-hydroxyvitamin-d',
    loinc: '62292-8',
    altLoinc: ['1989-3'],
    nameEn: '25-hydroxyvitamin D',
    nameZh: '25-羟基维生素D',
    aliases: [
      '25羟基维生素D',
      '25-羟维生素D',
      '维生素D',
      '25(OH)D',
      '25-OH-D',
      '25-OHD',
      'vitamin D',
      '25-hydroxy vitamin D',
    ],
    panel: 'vitamins',
    specimen: 'serum-or-plasma',
    unit: 'ng/mL',
    // 1 ng/mL = 2.496 nmol/L.
    conversions: [
      { unit: 'nmol/L', factor: 0.4006 },
      { unit: 'ug/L', factor: 1 },
    ],
    ranges: [
      {
        low: 20,
        high: 100,
        source:
          'Chinese consensus on vitamin D (2018) and IOM: < 20 ng/mL deficient, 20–30 insufficient; > 100 risks toxicity',
      },
    ],
  },
];
