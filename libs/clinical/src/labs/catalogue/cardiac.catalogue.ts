import type { LabTest } from '../lab-test.types';
import { ADULT_AGE, ENZYME_ACTIVITY, SOURCE } from './catalogue-sources';

const TROPONIN_CONVERSIONS = [
  { unit: 'ng/mL', factor: 1000 },
  { unit: 'ug/L', factor: 1000 },
  { unit: 'pg/mL', factor: 1 },
] as const;

/** Cardiac markers: troponins, natriuretic peptides and the classic enzymes. */
export const CARDIAC: readonly LabTest[] = [
  {
    kind: 'quantitative',
    key: 'hs-troponin-t',
    loinc: '67151-1',
    altLoinc: ['6598-7'],
    nameEn: 'Troponin T, cardiac (high sensitivity)',
    nameZh: '超敏肌钙蛋白T',
    aliases: [
      '高敏肌钙蛋白T',
      '肌钙蛋白T',
      '心肌肌钙蛋白T',
      'hs-cTnT',
      'hs-TnT',
      'cTnT',
      'TnT',
      'troponin T',
      'high-sensitivity troponin T',
    ],
    panel: 'cardiac',
    specimen: 'serum-or-plasma',
    unit: 'ng/L',
    conversions: TROPONIN_CONVERSIONS,
    ranges: [
      {
        minAgeYears: ADULT_AGE,
        high: 14,
        source: 'adult, 99th percentile upper reference limit (Roche Elecsys hs-cTnT)',
      },
    ],
    critical: { high: 52, source: 'critical: ESC 0 h rule-in threshold for hs-cTnT (≥ 52 ng/L)' },
  },
  {
    // One entry for conventional and high-sensitivity cTnI: the unit tells them apart, and the
    // interval is the most widely used hs assay's; every result says the assay matters.
    kind: 'quantitative',
    key: 'troponin-i',
    loinc: '10839-9',
    altLoinc: ['89579-7'],
    nameEn: 'Troponin I, cardiac',
    nameZh: '肌钙蛋白I',
    aliases: [
      '心肌肌钙蛋白I',
      '超敏肌钙蛋白I',
      '高敏肌钙蛋白I',
      'cTnI',
      'TnI',
      'hs-cTnI',
      'hs-TnI',
      'troponin I',
      'high-sensitivity troponin I',
    ],
    panel: 'cardiac',
    specimen: 'serum-or-plasma',
    unit: 'ng/L',
    conversions: TROPONIN_CONVERSIONS,
    ranges: [
      {
        sex: 'male',
        minAgeYears: ADULT_AGE,
        high: 34,
        source: 'adult, sex-specific 99th percentile (Abbott Architect hs-cTnI)',
      },
      {
        sex: 'female',
        minAgeYears: ADULT_AGE,
        high: 16,
        source: 'adult, sex-specific 99th percentile (Abbott Architect hs-cTnI)',
      },
    ],
    critical: {
      high: 64,
      source: 'critical: ESC 0 h rule-in threshold for Architect hs-cTnI (≥ 64 ng/L)',
    },
    methodDependent: true,
  },
  {
    kind: 'quantitative',
    key: 'bnp',
    loinc: '30934-4',
    altLoinc: ['42637-9'],
    nameEn: 'B-type natriuretic peptide',
    nameZh: 'B型钠尿肽',
    aliases: [
      '脑钠肽',
      'B型利钠肽',
      '脑利钠肽',
      'BNP',
      'brain natriuretic peptide',
      'B-type natriuretic peptide',
    ],
    panel: 'cardiac',
    specimen: 'serum-or-plasma',
    unit: 'pg/mL',
    // BNP 3464 g/mol: 1 pmol/L = 3.464 pg/mL.
    conversions: [
      { unit: 'ng/L', factor: 1 },
      { unit: 'pmol/L', factor: 3.464 },
    ],
    ranges: [
      {
        minAgeYears: ADULT_AGE,
        high: 100,
        highExclusive: true,
        source:
          'adult, heart-failure exclusion cut-off (< 100 pg/mL), Chinese and ESC HF guidelines',
      },
    ],
  },
  {
    kind: 'quantitative',
    key: 'nt-probnp',
    loinc: '33762-6',
    nameEn: 'NT-proBNP',
    nameZh: 'N末端B型钠尿肽前体',
    aliases: ['N末端脑钠肽前体', 'N端脑钠肽前体', 'NT-proBNP', 'NTproBNP', 'NT-pro BNP'],
    panel: 'cardiac',
    specimen: 'serum-or-plasma',
    unit: 'pg/mL',
    // NT-proBNP 8457 g/mol: 1 pmol/L = 8.457 pg/mL.
    conversions: [
      { unit: 'ng/L', factor: 1 },
      { unit: 'pmol/L', factor: 8.457 },
    ],
    ranges: [
      {
        minAgeYears: ADULT_AGE,
        maxAgeYears: 75,
        high: 125,
        highExclusive: true,
        source: 'adult < 75 years, heart-failure exclusion cut-off (manufacturer, ESC)',
      },
      {
        minAgeYears: 75,
        high: 450,
        highExclusive: true,
        source: 'adult ≥ 75 years, heart-failure exclusion cut-off (manufacturer)',
      },
    ],
  },
  {
    kind: 'quantitative',
    key: 'creatine-kinase',
    loinc: '2157-6',
    nameEn: 'Creatine kinase',
    nameZh: '肌酸激酶',
    aliases: ['肌酸磷酸激酶', 'CK', 'CPK', 'creatine kinase'],
    panel: 'cardiac',
    specimen: 'serum-or-plasma',
    unit: 'U/L',
    conversions: ENZYME_ACTIVITY,
    ranges: [
      { sex: 'male', minAgeYears: ADULT_AGE, low: 50, high: 310, source: SOURCE.chineseLab },
      { sex: 'female', minAgeYears: ADULT_AGE, low: 40, high: 200, source: SOURCE.chineseLab },
    ],
    notes: ['Strenuous exercise and intramuscular injections raise CK.'],
  },
  {
    // Mass concentration. CK-MB activity (U/L), still common in Chinese labs, is a different
    // measurement: its unit does not convert and is reported as unknown-unit.
    kind: 'quantitative',
    key: 'ck-mb-mass',
    loinc: '13969-1',
    nameEn: 'Creatine kinase MB (mass)',
    nameZh: '肌酸激酶同工酶MB质量',
    aliases: ['肌酸激酶同工酶', '肌酸激酶MB同工酶', 'CK-MB', 'CKMB', 'CK-MB mass', 'CK-MB质量'],
    panel: 'cardiac',
    specimen: 'serum-or-plasma',
    unit: 'ng/mL',
    conversions: [{ unit: 'ug/L', factor: 1 }],
    ranges: [{ minAgeYears: ADULT_AGE, high: 5, source: 'adult, typical immunoassay interval' }],
    methodDependent: true,
  },
  {
    kind: 'quantitative',
    key: 'ldh',
    loinc: '2532-0',
    altLoinc: ['14804-9'],
    nameEn: 'Lactate dehydrogenase',
    nameZh: '乳酸脱氢酶',
    aliases: ['LDH', 'LD', 'lactate dehydrogenase'],
    panel: 'cardiac',
    specimen: 'serum-or-plasma',
    unit: 'U/L',
    conversions: ENZYME_ACTIVITY,
    ranges: [{ minAgeYears: ADULT_AGE, low: 120, high: 250, source: `${SOURCE.chineseLab} (L→P)` }],
    methodDependent: true,
  },
];
