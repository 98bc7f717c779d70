import type { HospitalSnapshotV1 } from '@meridian/contracts';

export type HospitalLevel =
  'TERTIARY_A' | 'TERTIARY' | 'SECONDARY_A' | 'SECONDARY' | 'PRIMARY' | 'COMMUNITY';

export interface HospitalDepartment {
  /** Standard taxonomy code. */
  readonly code: string;
  /** The hospital's own name for it. */
  readonly localName: string;
  readonly nameZh: string;
  readonly nameEn: string;
}

export interface Hospital {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly regionCode: string;
  readonly city: string;
  readonly level: HospitalLevel;
  readonly address: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly departments: readonly HospitalDepartment[];
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What a registration says about a hospital; everything else the directory decides. */
export interface HospitalRegistration {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly regionCode: string;
  readonly city: string;
  readonly level: HospitalLevel;
  readonly address: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly departments: readonly { readonly code: string; readonly localName: string }[];
}

export interface HospitalSearch {
  readonly city?: string;
  readonly departmentCode?: string;
  readonly limit: number;
  /** Id of the last hospital of the previous page. */
  readonly after?: string;
}

/** True when a registration would change nothing about the stored hospital. */
export function sameRegistration(hospital: Hospital, registration: HospitalRegistration): boolean {
  const departments = (list: readonly { code: string; localName: string }[]) =>
    JSON.stringify([...list].map((d) => [d.code, d.localName]).sort());
  return (
    hospital.name === registration.name &&
    hospital.nameEn === registration.nameEn &&
    hospital.regionCode === registration.regionCode &&
    hospital.city === registration.city &&
    hospital.level === registration.level &&
    hospital.address === registration.address &&
    hospital.latitude === registration.latitude &&
    hospital.longitude === registration.longitude &&
    departments(hospital.departments) === departments(registration.departments)
  );
}

export function toSnapshot(hospital: Hospital): HospitalSnapshotV1 {
  return {
    hospitalId: hospital.id,
    code: hospital.code,
    name: hospital.name,
    nameEn: hospital.nameEn,
    regionCode: hospital.regionCode,
    city: hospital.city,
    level: `HOSPITAL_LEVEL_${hospital.level}`,
    address: hospital.address,
    latitude: hospital.latitude,
    longitude: hospital.longitude,
    departments: hospital.departments.map((d) => ({ ...d })),
    version: hospital.version,
    occurredAt: hospital.updatedAt.toISOString(),
  };
}
