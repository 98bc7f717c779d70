import { resolveDepartments, sameRegistration, toSnapshot } from './hospital';
import type { Hospital, HospitalRegistration } from './hospital';

const registration: HospitalRegistration = {
  code: 'ZJ-001',
  name: '测试医院',
  nameEn: 'Test Hospital',
  regionCode: '330100',
  city: 'Hangzhou',
  level: 'TERTIARY_A',
  address: '测试路1号',
  latitude: 30.25,
  longitude: 120.17,
  departments: [
    { code: 'cardiology', localName: '心内科' },
    { code: 'pediatrics', localName: '儿科' },
  ],
};

const hospital: Hospital = {
  ...registration,
  id: '01a21369-2fab-7347-89db-9573f02d6406',
  version: 3,
  createdAt: new Date('2026-11-01T00:00:00Z'),
  updatedAt: new Date('2026-11-25T08:00:00Z'),
  departments: [
    {
      code: 'pediatrics',
      localName: '儿科',
      nameZh: '儿科',
      nameEn: 'Pediatrics',
      mapping: 'DECLARED',
    },
    {
      code: 'cardiology',
      localName: '心内科',
      nameZh: '心血管内科',
      nameEn: 'Cardiology',
      mapping: 'DECLARED',
    },
  ],
  unmappedDepartmentNames: [],
};

describe(sameRegistration.name, () => {
  it('treats the same facts in another department order as no change', () => {
    expect(sameRegistration(hospital, registration)).toBe(true);
  });

  it.each<[string, Partial<HospitalRegistration>]>([
    ['name', { name: '新名字' }],
    ['level', { level: 'SECONDARY' }],
    ['location', { latitude: 30.26 }],
    [
      'a department renamed',
      {
        departments: [
          { code: 'cardiology', localName: '心血管科' },
          { code: 'pediatrics', localName: '儿科' },
        ],
      },
    ],
    ['a department removed', { departments: [{ code: 'cardiology', localName: '心内科' }] }],
    [
      'a declared code withdrawn (left to name matching)',
      { departments: [{ code: 'cardiology', localName: '心内科' }, { localName: '儿科' }] },
    ],
  ])('sees a change of %s', (_, change) => {
    expect(sameRegistration(hospital, { ...registration, ...change })).toBe(false);
  });
});

describe(toSnapshot.name, () => {
  it('carries the full state, the version and the proto level name', () => {
    expect(toSnapshot(hospital)).toMatchObject({
      hospitalId: hospital.id,
      level: 'HOSPITAL_LEVEL_TERTIARY_A',
      version: 3,
      occurredAt: '2026-11-25T08:00:00.000Z',
      departments: hospital.departments.map(({ mapping: _, ...d }) => d),
    });
  });

  it('leaves unmapped departments out of the event (read models recommend by standard code)', () => {
    const snapshot = toSnapshot({ ...hospital, unmappedDepartmentNames: ['国际医疗部'] });
    expect(JSON.stringify(snapshot)).not.toContain('国际医疗部');
  });
});

describe(resolveDepartments.name, () => {
  it('keeps declared codes, maps undeclared names, and reports what it cannot map', () => {
    const resolved = resolveDepartments([
      { localName: '心血管内科二病区', code: 'cardiology' },
      { localName: '小儿呼吸科' },
      { localName: '普外科（胃肠）' },
      { localName: '国际医疗部' },
      { localName: 'VIP 特需门诊' },
    ]);
    expect(resolved.departments.map((d) => [d.localName, d.code, d.mapping])).toEqual([
      ['心血管内科二病区', 'cardiology', 'DECLARED'],
      ['普外科（胃肠）', 'general-surgery', 'NAME_MATCH'],
      ['小儿呼吸科', 'respiratory', 'NAME_MATCH'],
    ]);
    expect(resolved.unmappedDepartmentNames).toEqual(['VIP 特需门诊', '国际医疗部']);
  });

  it('treats stored state and the declarations that produced it as the same registration', () => {
    const declarations = [
      { localName: '心内科' },
      { localName: '国际医疗部' },
      { localName: '儿科', code: 'pediatrics' },
    ];
    const stored = { ...hospital, ...resolveDepartments(declarations) };
    expect(sameRegistration(stored, { ...registration, departments: declarations })).toBe(true);
    expect(
      sameRegistration(stored, { ...registration, departments: declarations.slice(0, 2) }),
    ).toBe(false);
  });
});
