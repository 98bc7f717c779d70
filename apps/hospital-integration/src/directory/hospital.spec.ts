import { sameRegistration, toSnapshot } from './hospital';
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
    { code: 'pediatrics', localName: '儿科', nameZh: '儿科', nameEn: 'Pediatrics' },
    { code: 'cardiology', localName: '心内科', nameZh: '心血管内科', nameEn: 'Cardiology' },
  ],
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
      departments: hospital.departments,
    });
  });
});
