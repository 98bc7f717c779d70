import {
  LAB_CATALOGUE_VERSION,
  findLabTestByCode,
  findLabTestsByName,
  labCatalogue,
  labTestsInPanel,
  lookupLabTest,
  normalizeLabName,
} from './lab-catalogue';
import type { LabPanel, LabTest, QuantitativeLabTest, Sex } from './lab-test.types';
import { normalizeUnit } from './lab-units';

const all = labCatalogue();
const quantitative = all.filter((t): t is QuantitativeLabTest => t.kind === 'quantitative');

/** LOINC's check digit is the Luhn (mod 10) digit of the code's body. */
function loincCheckDigitValid(code: string): boolean {
  const m = /^(\d{1,7})-(\d)$/.exec(code);
  if (m?.[1] === undefined || m[2] === undefined) return false;
  let sum = 0;
  const body = m[1];
  for (let i = 0; i < body.length; i += 1) {
    // Rightmost digit first; every other one, starting there, is doubled.
    const d = Number(body.charAt(body.length - 1 - i)) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  }
  return (10 - (sum % 10)) % 10 === Number(m[2]);
}

describe('lab catalogue', () => {
  it('has a version and at least 60 tests covering every panel', () => {
    expect(LAB_CATALOGUE_VERSION).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
    expect(all.length).toBeGreaterThanOrEqual(60);
    const panels: readonly LabPanel[] = [
      'complete-blood-count',
      'metabolic',
      'kidney',
      'liver',
      'lipids',
      'thyroid',
      'diabetes',
      'urinalysis',
      'coagulation',
      'inflammation',
      'cardiac',
      'iron',
      'vitamins',
      'pancreas',
    ];
    for (const panel of panels) expect(labTestsInPanel(panel).length).toBeGreaterThan(0);
    expect(panels.reduce((n, p) => n + labTestsInPanel(p).length, 0)).toBe(all.length);
  });

  it('has unique keys and unique LOINC codes with valid check digits', () => {
    expect(new Set(all.map((t) => t.key)).size).toBe(all.length);
    const codes = all.flatMap((t) => [t.loinc, ...(t.altLoinc ?? [])]);
    expect(new Set(codes).size).toBe(codes.length);
    expect([loincCheckDigitValid('718-7'), loincCheckDigitValid('718-6')]).toEqual([true, false]);
    for (const code of codes)
      expect({ code, valid: loincCheckDigitValid(code) }).toEqual({ code, valid: true });
  });

  it('keeps the codes the platform relies on', () => {
    const expected: Record<string, string> = {
      '718-7': 'hemoglobin',
      '2345-7': 'glucose',
      '4548-4': 'hba1c',
      '2160-0': 'creatinine',
      '1742-6': 'alt',
      '3016-3': 'tsh',
      '2823-3': 'potassium',
      '6301-6': 'inr',
      '777-3': 'platelets',
    };
    for (const [code, key] of Object.entries(expected))
      expect(findLabTestByCode(code)?.key).toBe(key);
  });

  it('names every test in both languages with aliases', () => {
    for (const t of all) {
      expect(t.nameEn.trim()).not.toBe('');
      expect(t.nameZh).toMatch(/\p{Script=Han}/u);
      expect(t.aliases.length).toBeGreaterThan(0);
      expect(t.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  it('shares a name between two tests only across blood and urine', () => {
    const owners = new Map<string, LabTest[]>();
    for (const t of all) {
      for (const n of new Set([t.key, t.nameEn, t.nameZh, ...t.aliases].map(normalizeLabName))) {
        owners.set(n, [...(owners.get(n) ?? []), t]);
      }
    }
    for (const [name, tests] of owners) {
      if (tests.length === 1) continue;
      const specimens = tests.map((t) => (t.specimen === 'urine' ? 'urine' : 'blood'));
      expect({ name, distinct: new Set(specimens).size === tests.length }).toEqual({
        name,
        distinct: true,
      });
    }
  });

  it('has positive, finite, distinct unit conversions that never repeat the canonical unit', () => {
    for (const t of quantitative) {
      const keys = t.conversions.map((c) => normalizeUnit(c.unit));
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).not.toContain(normalizeUnit(t.unit));
      for (const c of t.conversions) {
        expect(Number.isFinite(c.factor) && c.factor > 0).toBe(true);
        expect(Number.isFinite(c.offset ?? 0)).toBe(true);
      }
    }
  });

  it('has well-formed reference intervals with a source', () => {
    for (const t of quantitative) {
      for (const r of t.ranges) {
        expect(r.source.trim()).not.toBe('');
        expect(r.low !== undefined || r.high !== undefined).toBe(true);
        if (r.low !== undefined && r.high !== undefined) expect(r.low).toBeLessThan(r.high);
        if (r.minAgeYears !== undefined && r.maxAgeYears !== undefined) {
          expect(r.minAgeYears).toBeLessThan(r.maxAgeYears);
        }
        if (r.pregnant === true) expect(r.sex).toBe('female');
      }
    }
    for (const t of all) if (t.kind === 'qualitative') expect(t.source.trim()).not.toBe('');
  });

  it('never has two intervals for the same patient', () => {
    const ages = Array.from({ length: 421 }, (_, i) => i * 0.25);
    const overlaps: string[] = [];
    for (const t of quantitative) {
      for (const sex of ['female', 'male'] as const satisfies readonly Sex[]) {
        for (const pregnant of [false, true]) {
          for (const age of ages) {
            const matching = t.ranges.filter(
              (r) =>
                (r.sex === undefined || r.sex === sex) &&
                (r.pregnant === true) === pregnant &&
                (r.minAgeYears ?? 0) <= age &&
                age < (r.maxAgeYears ?? Infinity),
            );
            if (matching.length > 1)
              overlaps.push(`${t.key} ${sex} pregnant=${pregnant} age=${age}`);
          }
        }
      }
    }
    expect(overlaps).toEqual([]);
  });

  it('puts critical limits outside every reference interval', () => {
    for (const t of quantitative) {
      const c = t.critical;
      if (c === undefined) continue;
      expect(c.low !== undefined || c.high !== undefined).toBe(true);
      for (const r of t.ranges) {
        if (c.low !== undefined && r.low !== undefined) expect(c.low).toBeLessThan(r.low);
        if (c.high !== undefined && r.high !== undefined) expect(c.high).toBeGreaterThan(r.high);
      }
    }
  });

  it('has critical limits where standard practice defines them', () => {
    const withCriticals = [
      'potassium',
      'sodium',
      'glucose',
      'hemoglobin',
      'platelets',
      'white-blood-cells',
      'inr',
      'calcium',
      'hs-troponin-t',
      'troponin-i',
    ];
    for (const key of withCriticals) {
      const test = all.find((t) => t.key === key);
      expect(test?.kind === 'quantitative' ? test.critical : undefined).toBeDefined();
    }
  });
});

describe(lookupLabTest.name, () => {
  it.each([
    ['血红蛋白', 'hemoglobin'],
    ['HGB', 'hemoglobin'],
    ['Hb', 'hemoglobin'],
    ['ｈｇｂ', 'hemoglobin'],
    ['谷丙转氨酶', 'alt'],
    ['GPT', 'alt'],
    ['alt', 'alt'],
    ['谷丙转氨酶(ALT)', 'alt'],
    ['谷丙转氨酶（ALT）', 'alt'],
    ['*ALT', 'alt'],
    ['空腹血糖', 'fasting-glucose'],
    ['FPG', 'fasting-glucose'],
    ['γ-GT', 'ggt'],
    ['γGT', 'ggt'],
    ['HbA1c', 'hba1c'],
    ['Hb A1C', 'hba1c'],
    ['NEUT#', 'neutrophils-count'],
    ['NEUT%', 'neutrophils-percent'],
    ['中性粒细胞绝对值 NEUT#', 'neutrophils-count'],
    ['A/G', 'albumin-globulin-ratio'],
    ['25(OH)D', '25-hydroxyvitamin-d'],
    ['D-二聚体', 'd-dimer'],
    ['NT-proBNP', 'nt-probnp'],
    ['LDL-C', 'ldl-cholesterol'],
    ['低密度脂蛋白胆固醇', 'ldl-cholesterol'],
    ['白细胞(LEU)', 'urine-leukocyte-esterase'],
    ['K+', 'potassium'],
  ])('finds %s', (name, key) => {
    const found = lookupLabTest({ name });
    expect(found.status === 'found' ? found.test.key : found.status).toBe(key);
  });

  it('finds tests by primary and alternative LOINC code, with or without a prefix', () => {
    expect(findLabTestByCode('718-7')?.key).toBe('hemoglobin');
    expect(findLabTestByCode('14682-9')?.key).toBe('creatinine');
    expect(findLabTestByCode(' LOINC:2160-0 ')?.key).toBe('creatinine');
    expect(findLabTestByCode('１７４２-６')?.key).toBe('alt');
  });

  it('reports unknown tests as unknown, never a near match', () => {
    expect(lookupLabTest({ name: '血氨' }).status).toBe('unknown');
    expect(lookupLabTest({ name: 'AG' }).status).toBe('unknown');
    expect(lookupLabTest({ name: 'RDW-SD' }).status).toBe('unknown');
    expect(lookupLabTest({ name: 'hemoglobi' }).status).toBe('unknown');
    expect(lookupLabTest({ code: '99999-9' }).status).toBe('unknown');
    expect(lookupLabTest({}).status).toBe('unknown');
  });

  it('prefers a known code over the name and says when they disagree', () => {
    const found = lookupLabTest({ code: '718-7', name: '葡萄糖' });
    expect(found.status === 'found' ? found.test.key : found.status).toBe('hemoglobin');
    expect(found.notes.join(' ')).toContain('does not match');
  });

  it('falls back to the name when the code is not in the catalogue', () => {
    const found = lookupLabTest({ code: 'LOCAL-123', name: '血钾' });
    expect(found.status === 'found' ? found.test.key : found.status).toBe('potassium');
    expect(found.notes.join(' ')).toContain('not in the catalogue');
  });

  it('leaves a name shared by blood and urine ambiguous until a hint decides', () => {
    expect(
      findLabTestsByName('葡萄糖')
        .map((t) => t.key)
        .sort(),
    ).toEqual(['glucose', 'urine-glucose']);
    expect(lookupLabTest({ name: '葡萄糖' }).status).toBe('ambiguous');
    const urine = lookupLabTest({ name: 'GLU', specimen: 'urine' });
    expect(urine.status === 'found' ? urine.test.key : urine.status).toBe('urine-glucose');
    const dipstick = lookupLabTest({ name: '葡萄糖', valueKind: 'qualitative' });
    expect(dipstick.status === 'found' ? dipstick.test.key : dipstick.status).toBe('urine-glucose');
    const blood = lookupLabTest({ name: '葡萄糖', valueKind: 'number' });
    expect(blood.status === 'found' ? blood.test.key : blood.status).toBe('glucose');
  });

  it('offers all candidates when the parts of a name disagree', () => {
    const found = lookupLabTest({ name: 'ALT/AST' });
    expect(found.status).toBe('ambiguous');
    expect(found.status === 'ambiguous' ? found.candidates.map((t) => t.key).sort() : []).toEqual([
      'alt',
      'ast',
    ]);
  });
});
