import type { UnitConversion } from '../lab-test.types';

// Adult intervals start at 18 (the WS/T 404/405 studies sampled adults; 18–19-year-olds are given the
// youngest adult band, as most Chinese labs do).
export const ADULT_AGE = 18;
/** 28 days, in years: neonatal intervals and critical limits differ and are not catalogued. */
export const NEONATE_AGE = 28 / 365.25;

export const SOURCE = {
  ws405: 'adult, WS/T 405-2012 (Chinese reference intervals for blood cell analysis)',
  ws779: 'children, WS/T 779-2021 (Chinese pediatric blood cell reference intervals, venous)',
  ws404_1: 'adult, WS/T 404.1-2012 (ALT/AST/ALP/GGT, without pyridoxal phosphate)',
  ws404_2: 'adult, WS/T 404.2-2012 (serum total protein and albumin)',
  ws404_3: 'adult, WS/T 404.3-2012 (serum potassium, sodium, chloride)',
  ws404: 'adult, WS/T 404 series (Chinese reference intervals for common chemistry tests)',
  chineseLab: 'adult, common Chinese lab practice',
  roche: 'adult, manufacturer (Roche Elecsys) interval widely used by Chinese labs',
  lipid2023:
    'adult, Chinese lipid management guideline (2023): desirable level for primary prevention',
  kdigo: 'KDIGO 2012 CKD guideline',
  urinalysis: 'common Chinese lab practice (National Guide to Clinical Laboratory Procedures)',
  critical:
    'critical: common Chinese hospital practice (cf. 2013 Chinese expert consensus on critical values); local lists vary',
} as const;

/** Counts reported per nanolitre, however spelt, to 10^9/L. */
export const PER_NANOLITRE: readonly UnitConversion[] = [
  { unit: '10^3/uL', factor: 1 },
  { unit: 'K/uL', factor: 1 },
  { unit: '10^3/mm3', factor: 1 },
  { unit: '/nL', factor: 1 },
  { unit: '10^4/uL', factor: 10 },
  { unit: '/uL', factor: 0.001 },
  { unit: 'cells/uL', factor: 0.001 },
];

/** Counts reported per picolitre, however spelt, to 10^12/L. */
export const PER_PICOLITRE: readonly UnitConversion[] = [
  { unit: '10^6/uL', factor: 1 },
  { unit: 'M/uL', factor: 1 },
  { unit: '10^6/mm3', factor: 1 },
  { unit: '/pL', factor: 1 },
  { unit: '10^4/uL', factor: 0.01 },
];

/** Enzyme activity to U/L (1 µkat/L = 60 U/L). */
export const ENZYME_ACTIVITY: readonly UnitConversion[] = [
  { unit: 'IU/L', factor: 1 },
  { unit: 'ukat/L', factor: 60 },
];

/** Monovalent ions: mEq/L equals mmol/L. */
export const MONOVALENT_ION: readonly UnitConversion[] = [{ unit: 'mEq/L', factor: 1 }];

/** Mass concentration g/dL to g/L. */
export const GRAMS_PER_DECILITRE: readonly UnitConversion[] = [{ unit: 'g/dL', factor: 10 }];
