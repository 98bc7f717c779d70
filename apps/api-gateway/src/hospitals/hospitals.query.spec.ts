import { DomainError } from '@meridian/platform';

import { parseDoctorsQuery, parseHospitalsQuery } from './hospitals.query';

function violationsOf(raw: Record<string, unknown>): { field: string; description: string }[] {
  try {
    parseHospitalsQuery(raw);
  } catch (error) {
    if (error instanceof DomainError) return [...error.violations];
    throw error;
  }
  throw new Error('expected the query to be rejected');
}

describe(parseHospitalsQuery.name, () => {
  it('accepts the documented parameters and applies the default page size', () => {
    expect(parseHospitalsQuery({ city: ' Hangzhou ', department: 'cardiology' })).toEqual({
      city: 'Hangzhou',
      department: 'cardiology',
      limit: 20,
    });
    expect(parseHospitalsQuery({ limit: '100', cursor: 'abc' })).toEqual({
      limit: 100,
      cursor: 'abc',
    });
  });

  it('names unknown parameters instead of ignoring them', () => {
    expect(violationsOf({ cty: 'Hangzhou', sort: 'name' }).map((v) => v.field)).toEqual([
      'cty',
      'sort',
    ]);
  });

  it('rejects repeated parameters', () => {
    expect(violationsOf({ city: ['A', 'B'] })).toEqual([
      { field: 'city', description: 'must be given once' },
    ]);
  });

  it.each([['0'], ['101'], ['ten'], ['2.5'], ['']])('rejects limit=%s', (limit) => {
    expect(violationsOf({ limit }).map((v) => v.field)).toEqual(['limit']);
  });

  it('rejects department codes that are not codes', () => {
    expect(violationsOf({ department: 'Cardiology' }).map((v) => v.field)).toEqual(['department']);
    expect(violationsOf({ department: 'cardio logy' }).map((v) => v.field)).toEqual(['department']);
  });
});

describe('hospital search filters', () => {
  it('accepts region, specialty and free text', () => {
    expect(
      parseHospitalsQuery({ region: '330100', specialty: ' 高血压 ', q: '心内科 杭州' }),
    ).toEqual({
      region: '330100',
      specialty: '高血压',
      q: '心内科 杭州',
      limit: 20,
    });
  });

  it.each([['33'], ['3301000'], ['杭州']])('rejects region=%s', (region) => {
    expect(violationsOf({ region }).map((v) => v.field)).toEqual(['region']);
  });

  it('rejects an empty or overlong free text', () => {
    expect(violationsOf({ q: '  ' }).map((v) => v.field)).toEqual(['q']);
    expect(violationsOf({ q: 'x'.repeat(101) }).map((v) => v.field)).toEqual(['q']);
  });
});

describe(parseDoctorsQuery.name, () => {
  it('accepts department, specialty, limit and cursor', () => {
    expect(
      parseDoctorsQuery({ department: 'cardiology', specialty: '冠心病', limit: '5' }),
    ).toEqual({
      department: 'cardiology',
      specialty: '冠心病',
      limit: 5,
    });
  });

  it('names parameters that only hospital search has', () => {
    expect(() => parseDoctorsQuery({ city: 'Hangzhou' })).toThrow(DomainError);
  });
});
