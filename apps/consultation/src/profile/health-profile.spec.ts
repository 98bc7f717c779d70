import {
  EMPTY_PROFILE,
  calendarDate,
  profileFieldsSchema,
  profileViolations,
} from './health-profile';

const today = new Date('2026-11-25T12:00:00Z');

function parse(overrides: Record<string, unknown>) {
  return profileFieldsSchema.safeParse({
    sex: 'FEMALE',
    birthDate: { year: 1990, month: 2, day: 28 },
    heightCm: 165,
    weightKg: 58.25,
    pregnancyStatus: 'NOT_PREGNANT',
    allergies: [],
    chronicConditions: [{ system: 'ICD-10', code: 'E11', display: '2型糖尿病' }],
    currentMedications: [],
    pastSurgeries: [],
    ...overrides,
  });
}

describe('health profile fields', () => {
  it('normalises unknowns to null and rounds weight to 100 g', () => {
    const result = parse({ heightCm: 0, weightKg: 0, birthDate: null });
    expect(result.success && result.data).toMatchObject({
      heightCm: null,
      weightKg: null,
      birthDate: null,
    });
    const weighed = parse({});
    expect(weighed.success && weighed.data).toMatchObject({
      weightKg: 58.3,
      birthDate: '1990-02-28',
    });
  });

  it.each([
    [{ birthDate: { year: 1990, month: 2, day: 30 } }, 'birthDate', 'is not a calendar date'],
    [{ heightCm: 12 }, 'heightCm', 'must be 0 (unknown) or 30–272'],
    [{ heightCm: 170.5 }, 'heightCm', 'must be whole centimetres'],
    [{ weightKg: 700 }, 'weightKg', 'must be 0 (unknown) or 0.3–650'],
    [{ sex: 'ROBOT' }, 'sex', undefined],
    [{ allergies: [{ system: '', code: 'x', display: '' }] }, 'allergies.0.system', 'is required'],
    [
      { allergies: [{ system: 'local', code: '', display: '' }] },
      'allergies.0',
      'needs a code or a display text',
    ],
    [
      {
        allergies: Array.from({ length: 51 }, () => ({ system: 'local', code: 'x', display: '' })),
      },
      'allergies',
      'at most 50 entries',
    ],
  ])('rejects %j at %s', (overrides, path, message) => {
    const result = parse(overrides);
    expect(result.success).toBe(false);
    const issue = result.error?.issues.find((i) => i.path.join('.') === path);
    expect(issue).toBeDefined();
    if (message) expect(issue?.message).toBe(message);
  });

  it('treats an all-zero calendar date as unknown', () => {
    expect(calendarDate.parse({ year: 0, month: 0, day: 0 })).toBeNull();
    expect(calendarDate.parse(undefined)).toBeNull();
  });

  it('checks what needs more than one field or today', () => {
    expect(profileViolations({ ...EMPTY_PROFILE, birthDate: '2027-01-01' }, today)).toEqual([
      { field: 'profile.birthDate', description: 'is in the future' },
    ]);
    expect(profileViolations({ ...EMPTY_PROFILE, birthDate: '1850-01-01' }, today)).toEqual([
      { field: 'profile.birthDate', description: 'is before 1900' },
    ]);
    expect(
      profileViolations({ ...EMPTY_PROFILE, sex: 'MALE', pregnancyStatus: 'PREGNANT' }, today),
    ).toEqual([
      {
        field: 'profile.pregnancyStatus',
        description: 'cannot be pregnant or breastfeeding when sex is male',
      },
    ]);
    expect(
      profileViolations({ ...EMPTY_PROFILE, sex: 'FEMALE', pregnancyStatus: 'PREGNANT' }, today),
    ).toEqual([]);
  });
});
