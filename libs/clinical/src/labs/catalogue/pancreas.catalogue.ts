import type { LabTest } from '../lab-test.types';
import { ADULT_AGE, ENZYME_ACTIVITY, SOURCE } from './catalogue-sources';

/** Pancreatic enzymes. */
export const PANCREAS: readonly LabTest[] = [
  {
    kind: 'quantitative',
    key: 'amylase',
    loinc: '1798-8',
    nameEn: 'Amylase',
    nameZh: '淀粉酶',
    aliases: ['血淀粉酶', '血清淀粉酶', 'AMY', 'AMS', 'amylase'],
    panel: 'pancreas',
    specimen: 'serum-or-plasma',
    unit: 'U/L',
    conversions: ENZYME_ACTIVITY,
    ranges: [{ minAgeYears: ADULT_AGE, low: 35, high: 135, source: SOURCE.ws404 }],
    notes: ['Acute pancreatitis is suggested by a value above three times the upper limit.'],
  },
];
