import type { LabTest } from '../lab-test.types';

/** Glycaemic control beyond the glucose of the metabolic panel. */
export const DIABETES: readonly LabTest[] = [
  {
    kind: 'quantitative',
    key: 'hba1c',
    loinc: '4548-4',
    nameEn: 'Hemoglobin A1c',
    nameZh: '糖化血红蛋白',
    aliases: ['糖化血红蛋白A1c', 'HbA1c', 'A1c', 'GHb', 'glycated hemoglobin', 'glycohemoglobin'],
    panel: 'diabetes',
    specimen: 'whole-blood',
    unit: '%',
    // IFCC mmol/mol to NGSP %: the IFCC–NGSP master equation, % = 0.09148 × mmol/mol + 2.152.
    conversions: [{ unit: 'mmol/mol', factor: 0.09148, offset: 2.152 }],
    ranges: [
      {
        low: 4.0,
        high: 6.0,
        source: 'common Chinese lab practice (NGSP-certified methods)',
      },
    ],
    notes: [
      'HbA1c ≥ 6.5 % supports a diagnosis of diabetes (Chinese diabetes guideline 2020); anaemia and haemoglobin variants distort it.',
    ],
  },
];
