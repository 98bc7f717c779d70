import type { LabTest } from '../lab-test.types';
import { ADULT_AGE, SOURCE } from './catalogue-sources';

const FEU_ASSUMED =
  'unit does not say FEU or DDU; FEU assumed (usual in Chinese labs); DDU values are about half';

// Thrombin time (凝血酶时间, TT) is left out: its LOINC code could not be confirmed.
/** Coagulation; clotting-time intervals depend on the reagent, so every lab publishes its own. */
export const COAGULATION: readonly LabTest[] = [
  {
    kind: 'quantitative',
    key: 'prothrombin-time',
    loinc: '5902-2',
    nameEn: 'Prothrombin time',
    nameZh: '凝血酶原时间',
    aliases: ['血浆凝血酶原时间', 'PT', 'prothrombin time'],
    panel: 'coagulation',
    specimen: 'platelet-poor-plasma',
    unit: 's',
    conversions: [],
    ranges: [
      {
        minAgeYears: ADULT_AGE,
        low: 10,
        high: 14,
        source: 'adult, typical interval; reagent-dependent',
      },
    ],
    critical: { high: 30, source: SOURCE.critical },
    methodDependent: true,
  },
  {
    kind: 'quantitative',
    key: 'inr',
    loinc: '6301-6',
    altLoinc: ['34714-6'],
    nameEn: 'International normalized ratio',
    nameZh: '国际标准化比值',
    aliases: ['INR', 'PT-INR', 'PT INR', 'international normalised ratio'],
    panel: 'coagulation',
    specimen: 'platelet-poor-plasma',
    unit: '{INR}',
    unitless: true,
    conversions: [{ unit: 'ratio', factor: 1 }],
    ranges: [{ minAgeYears: ADULT_AGE, low: 0.8, high: 1.2, source: 'adult, not anticoagulated' }],
    critical: { high: 5, source: SOURCE.critical },
    notes: ['People taking warfarin usually aim for 2.0–3.0, so H is expected for them.'],
  },
  {
    kind: 'quantitative',
    key: 'aptt',
    loinc: '3173-2',
    altLoinc: ['14979-9'],
    nameEn: 'Activated partial thromboplastin time',
    nameZh: '活化部分凝血活酶时间',
    aliases: ['部分凝血活酶时间', 'APTT', 'PTT', 'activated partial thromboplastin time'],
    panel: 'coagulation',
    specimen: 'platelet-poor-plasma',
    unit: 's',
    conversions: [],
    ranges: [
      {
        minAgeYears: ADULT_AGE,
        low: 25,
        high: 37,
        source: 'adult, typical interval; reagent-dependent',
      },
    ],
    critical: { high: 70, source: SOURCE.critical },
    methodDependent: true,
  },
  {
    kind: 'quantitative',
    key: 'fibrinogen',
    loinc: '3255-7',
    nameEn: 'Fibrinogen',
    nameZh: '纤维蛋白原',
    // "FBG" is left to fasting blood glucose.
    aliases: ['血浆纤维蛋白原', 'FIB', 'Fg', 'fibrinogen'],
    panel: 'coagulation',
    specimen: 'platelet-poor-plasma',
    unit: 'g/L',
    conversions: [{ unit: 'mg/dL', factor: 0.01 }],
    ranges: [
      { minAgeYears: ADULT_AGE, low: 2.0, high: 4.0, source: `${SOURCE.chineseLab} (Clauss)` },
    ],
    critical: { low: 1.0, source: SOURCE.critical },
  },
  {
    kind: 'quantitative',
    key: 'd-dimer',
    loinc: '48065-7',
    nameEn: 'D-dimer (FEU)',
    nameZh: 'D-二聚体',
    aliases: ['D二聚体', 'DD', 'D-D', 'D-dimer', 'DDimer'],
    panel: 'coagulation',
    specimen: 'platelet-poor-plasma',
    unit: 'mg/L{FEU}',
    // DDU units are deliberately absent: DDU and FEU differ by about a factor of two.
    conversions: [
      { unit: 'ug/mL FEU', factor: 1 },
      { unit: 'ng/mL FEU', factor: 0.001 },
      { unit: 'ug/L FEU', factor: 0.001 },
      { unit: 'mg/L', factor: 1, assumption: FEU_ASSUMED },
      { unit: 'ug/mL', factor: 1, assumption: FEU_ASSUMED },
    ],
    ranges: [
      {
        minAgeYears: ADULT_AGE,
        high: 0.5,
        highExclusive: true,
        source: 'adult, common exclusion cut-off (0.5 mg/L FEU); assay-dependent',
      },
    ],
    methodDependent: true,
    notes: [
      'D-dimer rises with age, pregnancy, surgery, infection and cancer; a high value is not specific.',
    ],
  },
];
