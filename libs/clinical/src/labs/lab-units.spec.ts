import { findLabTestByCode, labCatalogue } from './lab-catalogue';
import type { QuantitativeLabTest } from './lab-test.types';
import {
  convertLabValue,
  fromCanonicalUnit,
  normalizeUnit,
  resolveUnit,
  toCanonicalUnit,
} from './lab-units';

function quantitative(code: string): QuantitativeLabTest {
  const test = findLabTestByCode(code);
  if (test?.kind !== 'quantitative') throw new Error(`no quantitative test ${code}`);
  return test;
}

describe(normalizeUnit.name, () => {
  it.each([
    ['umol/L', 'umol/l'],
    ['μmol/L', 'umol/l'],
    ['µmol/L', 'umol/l'],
    ['ｍｍｏｌ／Ｌ', 'mmol/l'],
    ['mmol/l', 'mmol/l'],
    ['10^9/L', '10^9/l'],
    ['×10⁹/L', '10^9/l'],
    ['x10^9/L', '10^9/l'],
    ['10*9/L', '10^9/l'],
    ['10E9/L', '10^9/l'],
    ['10⁹/L', '10^9/l'],
    ['× 10¹²/L', '10^12/l'],
    ['mL/min/1.73m²', 'ml/min/1.73m2'],
    ['mL/min/{1.73_m2}', 'ml/min/1.73m2'],
    ['mm/hr', 'mm/h'],
    ['mm/1h', 'mm/h'],
    ['sec', 's'],
    ['秒', 's'],
    ['mcg/L', 'ug/l'],
    ['m[IU]/L', 'miu/l'],
    ['mg/L FEU', 'mg/lfeu'],
    ['mg/L{FEU}', 'mg/lfeu'],
  ])('folds %s to %s', (raw, key) => {
    expect(normalizeUnit(raw)).toBe(key);
  });
});

describe(toCanonicalUnit.name, () => {
  it.each([
    // [code, value, unit, canonical value]
    ['2345-7', 100, 'mg/dL', 5.5506],
    ['2345-7', 126, 'mg/dL', 6.9938],
    ['2345-7', 7.0, 'mmol/L', 7.0],
    ['2160-0', 1.0, 'mg/dL', 88.42],
    ['2160-0', 88.42, 'μmol/L', 88.42],
    ['2093-3', 200, 'mg/dL', 5.172],
    ['2571-8', 150, 'mg/dL', 1.6935],
    ['718-7', 13.5, 'g/dL', 135],
    ['718-7', 8.5, 'mmol/L', 136.935],
    ['6690-2', 6500, '/uL', 6.5],
    ['6690-2', 6.5, 'K/uL', 6.5],
    ['777-3', 25.0, '10^4/uL', 250],
    ['789-8', 450, '10^4/uL', 4.5],
    ['4548-4', 48, 'mmol/mol', 6.54304],
    ['1742-6', 0.5, 'ukat/L', 30],
    ['3024-7', 1.2, 'ng/dL', 15.444],
    ['3051-0', 3.0, 'pg/mL', 4.608],
    ['22664-7', 14, 'mg/dL', 4.998],
    ['10839-9', 0.04, 'ng/mL', 40],
    ['48065-7', 480, 'ng/mL FEU', 0.48],
    ['62292-8', 50, 'nmol/L', 20.03],
    ['2132-9', 300, 'pmol/L', 406.5],
    ['9318-7', 3.0, 'mg/mmol', 26.52],
  ] as const)('LOINC %s: %d %s', (code, value, unit, expected) => {
    expect(toCanonicalUnit(quantitative(code), value, unit)).toBeCloseTo(expected, 3);
  });

  it('does not convert a unit the catalogue does not list for the test', () => {
    expect(toCanonicalUnit(quantitative('2345-7'), 5.5, 'g/L')).toBeUndefined();
    expect(toCanonicalUnit(quantitative('718-7'), 13.5, 'mg/dL')).toBeUndefined();
    // G/L (giga per litre) would collide with grams per litre once case is folded: refused.
    expect(toCanonicalUnit(quantitative('6690-2'), 6.5, 'G/L')).toBeUndefined();
    // RDW-SD is in fL; the catalogue's RDW is the CV in %.
    expect(toCanonicalUnit(quantitative('788-0'), 42, 'fL')).toBeUndefined();
    // D-dimer in DDU is a different quantity from FEU.
    expect(toCanonicalUnit(quantitative('48065-7'), 250, 'ng/mL DDU')).toBeUndefined();
  });

  it('accepts a missing unit only for unitless tests', () => {
    expect(toCanonicalUnit(quantitative('6301-6'), 1.1, undefined)).toBe(1.1);
    expect(toCanonicalUnit(quantitative('5811-5'), 1.02, '')).toBe(1.02);
    expect(toCanonicalUnit(quantitative('2823-3'), 4.1, undefined)).toBeUndefined();
  });

  it('says when accepting a unit rests on an assumption', () => {
    expect(resolveUnit(quantitative('48065-7'), 'mg/L')?.assumption).toContain('FEU assumed');
    expect(resolveUnit(quantitative('48065-7'), 'mg/L FEU')?.assumption).toBeUndefined();
    expect(resolveUnit(quantitative('22664-7'), 'mg/dL')?.assumption).toContain('BUN');
  });
});

describe(convertLabValue.name, () => {
  it('round-trips every accepted unit of every test', () => {
    const failures: string[] = [];
    for (const test of labCatalogue()) {
      if (test.kind !== 'quantitative') continue;
      for (const unit of [test.unit, ...test.conversions.map((c) => c.unit)]) {
        for (const value of [0.37, 5, 123.4]) {
          const canonical = toCanonicalUnit(test, value, unit);
          const back =
            canonical === undefined ? undefined : fromCanonicalUnit(test, canonical, unit);
          if (back === undefined || Math.abs(back - value) > 1e-9 * Math.max(1, value)) {
            failures.push(`${test.key} ${unit} ${value} -> ${String(back)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('converts between two non-canonical units', () => {
    // 7.0 mmol/L glucose is 126.1 mg/dL.
    expect(convertLabValue(quantitative('2345-7'), 7.0, 'mmol/L', 'mg/dL')).toBeCloseTo(126.112, 3);
    // HbA1c 6.5 % NGSP is 47.5 mmol/mol IFCC.
    expect(convertLabValue(quantitative('4548-4'), 6.5, '%', 'mmol/mol')).toBeCloseTo(47.53, 2);
    expect(convertLabValue(quantitative('2160-0'), 1, 'mg/dL', 'furlongs')).toBeUndefined();
  });
});
