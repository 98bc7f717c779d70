import type { LabTest, QualitativeLabTest } from '../lab-test.types';
import { SOURCE } from './catalogue-sources';

const dipstick = (
  fields: Pick<QualitativeLabTest, 'key' | 'loinc' | 'nameEn' | 'nameZh' | 'aliases'> & {
    readonly altLoinc?: readonly string[];
  },
): QualitativeLabTest => ({
  kind: 'qualitative',
  ...fields,
  panel: 'urinalysis',
  specimen: 'urine',
  expected: 'negative',
  source: SOURCE.urinalysis,
});

// Urobilinogen is left out: its normal result is "normal"/trace rather than negative, and the LOINC
// code commonly used for the dipstick could not be confirmed.
/** Urine dipstick (尿常规 dry chemistry). */
export const URINALYSIS: readonly LabTest[] = [
  dipstick({
    key: 'urine-protein',
    loinc: '20454-5',
    altLoinc: ['5804-0'],
    nameEn: 'Protein, urine (dipstick)',
    nameZh: '尿蛋白',
    aliases: ['蛋白质', '尿蛋白质', 'PRO', 'U-PRO', 'urine protein'],
  }),
  dipstick({
    key: 'urine-glucose',
    loinc: '25428-4',
    nameEn: 'Glucose, urine (dipstick)',
    nameZh: '尿糖',
    aliases: ['尿葡萄糖', '葡萄糖', 'GLU', 'U-GLU', 'urine glucose', 'urine sugar'],
  }),
  dipstick({
    key: 'urine-ketones',
    loinc: '2514-8',
    altLoinc: ['5797-6'],
    nameEn: 'Ketones, urine (dipstick)',
    nameZh: '尿酮体',
    aliases: ['酮体', 'KET', 'U-KET', 'ketones', 'ketone bodies', 'urine ketones'],
  }),
  dipstick({
    key: 'urine-blood',
    loinc: '5794-3',
    altLoinc: ['57751-0'],
    nameEn: 'Blood (hemoglobin), urine (dipstick)',
    nameZh: '尿隐血',
    aliases: ['隐血', '潜血', '尿潜血', 'BLD', 'ERY', 'U-BLD', 'urine blood', 'occult blood'],
  }),
  dipstick({
    key: 'urine-leukocyte-esterase',
    loinc: '5799-2',
    nameEn: 'Leukocyte esterase, urine (dipstick)',
    nameZh: '尿白细胞酯酶',
    aliases: [
      '白细胞酯酶',
      '尿白细胞',
      '白细胞',
      'LEU',
      'U-LEU',
      'leukocyte esterase',
      'urine leukocytes',
    ],
  }),
  dipstick({
    key: 'urine-nitrite',
    loinc: '5802-4',
    nameEn: 'Nitrite, urine (dipstick)',
    nameZh: '亚硝酸盐',
    aliases: ['尿亚硝酸盐', 'NIT', 'U-NIT', 'nitrite', 'nitrites'],
  }),
  dipstick({
    key: 'urine-bilirubin',
    loinc: '5770-3',
    nameEn: 'Bilirubin, urine (dipstick)',
    nameZh: '尿胆红素',
    aliases: ['BIL', 'U-BIL', 'urine bilirubin'],
  }),
  {
    kind: 'quantitative',
    key: 'urine-specific-gravity',
    loinc: '5811-5',
    nameEn: 'Specific gravity, urine',
    nameZh: '尿比重',
    aliases: ['比重', 'SG', 'S.G.', 'U-SG', 'specific gravity', 'urine specific gravity'],
    panel: 'urinalysis',
    specimen: 'urine',
    unit: '1',
    unitless: true,
    conversions: [],
    ranges: [{ low: 1.003, high: 1.03, source: SOURCE.urinalysis }],
  },
  {
    kind: 'quantitative',
    key: 'urine-ph',
    loinc: '5803-2',
    nameEn: 'pH, urine',
    nameZh: '尿酸碱度',
    aliases: ['尿pH', '酸碱度', 'pH', 'U-pH', 'urine pH'],
    panel: 'urinalysis',
    specimen: 'urine',
    unit: '[pH]',
    unitless: true,
    conversions: [],
    ranges: [{ low: 4.5, high: 8.0, source: SOURCE.urinalysis }],
  },
];
