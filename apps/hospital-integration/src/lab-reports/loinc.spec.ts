import { labCatalogue } from '@meridian/clinical';

import { isValidLoincCode } from './loinc';

describe('isValidLoincCode', () => {
  it('accepts every code of the clinical catalogue', () => {
    const codes = labCatalogue().flatMap((test) => [test.loinc, ...(test.altLoinc ?? [])]);
    expect(codes.length).toBeGreaterThan(89);
    expect(codes.filter((code) => !isValidLoincCode(code))).toEqual([]);
  });

  it.each(['718-7', '2345-7', '6690-2', '14682-9'])('accepts %s', (code) => {
    expect(isValidLoincCode(code)).toBe(true);
  });

  it.each(['718-8', '2345-1', '7187', '718-', '-7', 'LP1234-5', '12345678-9', ' 718-7'])(
    'refuses %s',
    (code) => {
      expect(isValidLoincCode(code)).toBe(false);
    },
  );
});
