import { DomainError } from '@meridian/platform';

import { parseHospitalsQuery } from './hospitals.query';

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
