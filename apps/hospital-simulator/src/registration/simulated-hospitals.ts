import { standardDepartments } from '@meridian/clinical';

export interface SimulatedHospital {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly regionCode: string;
  readonly city: string;
  readonly level: 'TERTIARY_A' | 'TERTIARY' | 'SECONDARY_A' | 'SECONDARY' | 'COMMUNITY';
  readonly address: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly departments: readonly { readonly code: string; readonly localName: string }[];
}

const CITIES = [
  { city: 'Hangzhou', zh: '杭州', regionCode: '330100', latitude: 30.27, longitude: 120.16 },
  { city: 'Shanghai', zh: '上海', regionCode: '310100', latitude: 31.23, longitude: 121.47 },
  { city: 'Beijing', zh: '北京', regionCode: '110100', latitude: 39.9, longitude: 116.4 },
  { city: 'Shenzhen', zh: '深圳', regionCode: '440300', latitude: 22.54, longitude: 114.06 },
  { city: 'Chengdu', zh: '成都', regionCode: '510100', latitude: 30.66, longitude: 104.07 },
] as const;

const LEVELS = ['TERTIARY_A', 'TERTIARY', 'SECONDARY_A', 'SECONDARY', 'COMMUNITY'] as const;

// Leaf departments only (no umbrella "internal medicine"), as hospitals publish them for booking.
const LEAF_DEPARTMENTS = standardDepartments().filter(
  (d) => d.parent !== undefined || !standardDepartments().some((c) => c.parent === d.code),
);

/**
 * The hospitals one simulator process stands in for: deterministic for a given simulator id and
 * index, so restarts re-register the same hospitals (an idempotent no-op) instead of new ones.
 */
export function simulatedHospitals(simulatorId: string, count: number): SimulatedHospital[] {
  return Array.from({ length: count }, (_, index) => {
    const place = CITIES[index % CITIES.length] ?? CITIES[0];
    const level = LEVELS[index % LEVELS.length] ?? 'TERTIARY_A';
    const n = index + 1;
    // A different, stable slice of departments per hospital.
    const size = level === 'COMMUNITY' ? 4 : 10;
    const start = (index * 7) % LEAF_DEPARTMENTS.length;
    const departments = Array.from(
      { length: size },
      (_, k) => LEAF_DEPARTMENTS[(start + k) % LEAF_DEPARTMENTS.length],
    ).filter((d) => d !== undefined);
    return {
      code: `${simulatorId}-${String(n).padStart(4, '0')}`,
      name: `${place.zh}模拟医院${n}号`,
      nameEn: `${place.city} Simulated Hospital No. ${n}`,
      regionCode: place.regionCode,
      city: place.city,
      level,
      address: `${place.zh}市模拟路${n}号`,
      latitude: Number((place.latitude + (index % 10) * 0.01).toFixed(4)),
      longitude: Number((place.longitude + (index % 7) * 0.01).toFixed(4)),
      departments: departments.map((d) => ({ code: d.code, localName: d.nameZh })),
    };
  });
}
