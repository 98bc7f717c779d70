import type { LabTest } from '../lab-test.types';
import { ADULT_AGE, SOURCE } from './catalogue-sources';

/** Thyroid function; immunoassay intervals differ between platforms. */
export const THYROID: readonly LabTest[] = [
  {
    kind: 'quantitative',
    key: 'tsh',
    loinc: '3016-3',
    nameEn: 'Thyroid stimulating hormone',
    nameZh: '促甲状腺激素',
    aliases: ['促甲状腺素', '超敏促甲状腺激素', 'TSH', 'sTSH', 'hTSH', 'hs-TSH', 'thyrotropin'],
    panel: 'thyroid',
    specimen: 'serum-or-plasma',
    unit: 'm[IU]/L',
    conversions: [
      { unit: 'uIU/mL', factor: 1 },
      { unit: 'mU/L', factor: 1 },
      { unit: 'uU/mL', factor: 1 },
    ],
    ranges: [
      { minAgeYears: ADULT_AGE, low: 0.27, high: 4.2, source: SOURCE.roche },
      {
        sex: 'female',
        pregnant: true,
        minAgeYears: 13,
        high: 4.0,
        source:
          'pregnancy: Chinese guideline on thyroid disease in pregnancy (2019) upper limit when no trimester-specific interval exists; a low TSH in the first trimester can be physiological',
      },
    ],
    methodDependent: true,
  },
  {
    kind: 'quantitative',
    key: 'free-t4',
    loinc: '3024-7',
    nameEn: 'Free thyroxine (FT4)',
    nameZh: '游离甲状腺素',
    aliases: ['游离T4', 'FT4', 'free T4', 'free thyroxine'],
    panel: 'thyroid',
    specimen: 'serum-or-plasma',
    unit: 'pmol/L',
    // T4 776.87 g/mol: 1 ng/dL = 12.87 pmol/L.
    conversions: [
      { unit: 'ng/dL', factor: 12.87 },
      { unit: 'pg/mL', factor: 1.287 },
    ],
    ranges: [{ minAgeYears: ADULT_AGE, low: 12, high: 22, source: SOURCE.roche }],
    methodDependent: true,
  },
  {
    kind: 'quantitative',
    key: 'free-t3',
    loinc: '3051-0',
    nameEn: 'Free triiodothyronine (FT3)',
    nameZh: '游离三碘甲状腺原氨酸',
    aliases: ['游离T3', 'FT3', 'free T3', 'free triiodothyronine'],
    panel: 'thyroid',
    specimen: 'serum-or-plasma',
    unit: 'pmol/L',
    // T3 650.97 g/mol: 1 pg/mL = 1.536 pmol/L.
    conversions: [
      { unit: 'pg/mL', factor: 1.536 },
      { unit: 'ng/dL', factor: 15.36 },
    ],
    ranges: [{ minAgeYears: ADULT_AGE, low: 3.1, high: 6.8, source: SOURCE.roche }],
    methodDependent: true,
  },
  {
    kind: 'quantitative',
    key: 'total-t4',
    loinc: '3026-2',
    nameEn: 'Thyroxine, total (TT4)',
    nameZh: '总甲状腺素',
    aliases: ['甲状腺素', 'TT4', 'T4', 'total T4', 'thyroxine'],
    panel: 'thyroid',
    specimen: 'serum-or-plasma',
    unit: 'nmol/L',
    conversions: [{ unit: 'ug/dL', factor: 12.87 }],
    ranges: [{ minAgeYears: ADULT_AGE, low: 66, high: 181, source: SOURCE.roche }],
    methodDependent: true,
  },
  {
    kind: 'quantitative',
    key: 'total-t3',
    loinc: '3053-6',
    nameEn: 'Triiodothyronine, total (TT3)',
    nameZh: '总三碘甲状腺原氨酸',
    aliases: ['三碘甲状腺原氨酸', 'TT3', 'T3', 'total T3', 'triiodothyronine'],
    panel: 'thyroid',
    specimen: 'serum-or-plasma',
    unit: 'nmol/L',
    conversions: [
      { unit: 'ng/mL', factor: 1.536 },
      { unit: 'ng/dL', factor: 0.01536 },
    ],
    ranges: [{ minAgeYears: ADULT_AGE, low: 1.3, high: 3.1, source: SOURCE.roche }],
    methodDependent: true,
  },
];
