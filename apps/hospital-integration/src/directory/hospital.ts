import type { HospitalSnapshotV1 } from '@meridian/contracts';
import { findDepartment } from '@meridian/clinical';

import { mapDepartmentName } from './department-mapper';

/** Hospital grades, best first: listings are ordered this way. */
export const HOSPITAL_LEVELS = [
  'TERTIARY_A',
  'TERTIARY',
  'SECONDARY_A',
  'SECONDARY',
  'PRIMARY',
  'COMMUNITY',
] as const;
export type HospitalLevel = (typeof HOSPITAL_LEVELS)[number];

export type DepartmentMapping = 'DECLARED' | 'NAME_MATCH';

export interface HospitalDepartment {
  /** Standard taxonomy code. */
  readonly code: string;
  /** The hospital's own name for it. */
  readonly localName: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** Whether the hospital declared the code or the directory matched the local name. */
  readonly mapping: DepartmentMapping;
}

/** A department as a hospital declares it: its own name, and the standard code when it knows it. */
export interface DepartmentDeclaration {
  readonly localName: string;
  readonly code?: string;
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
  /** Local department names no standard department matches; kept, reported, not searchable by code. */
  readonly unmappedDepartmentNames: readonly string[];
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
  readonly departments: readonly DepartmentDeclaration[];
}

/** The mutable attributes of a hospital (code, region and city are fixed at registration). */
export type HospitalChanges = Omit<HospitalRegistration, 'code' | 'regionCode' | 'city'>;

export interface HospitalSearch {
  /** GB/T 2260 code prefix: 2 digits a province, 4 a city, 6 a district. */
  readonly regionPrefix?: string;
  readonly city?: string;
  readonly departmentCode?: string;
  /** Lower-cased, NFKC-normalised words; each must match. */
  readonly words: readonly SearchWord[];
  /** Lower-cased, NFKC-normalised text that an active doctor's specialties must contain. */
  readonly specialty?: string;
  /** A free slot (in `departmentCode` if given) must start within this many days from now. */
  readonly openSlotsWithinDays?: number;
  readonly limit: number;
  /** Level and id of the last hospital of the previous page. */
  readonly after?: { readonly level: HospitalLevel; readonly id: string };
}

export interface SearchWord {
  readonly text: string;
  /** Standard departments the word names, so "心内科" finds hospitals whose 心血管内科 is mapped. */
  readonly departmentCodes: readonly string[];
}

/** How a stored hospital's departments were declared, in a canonical order. */
export function declarationsOf(hospital: Hospital): DepartmentDeclaration[] {
  return [
    ...hospital.departments.map((d) =>
      d.mapping === 'DECLARED'
        ? { localName: d.localName, code: d.code }
        : { localName: d.localName },
    ),
    ...hospital.unmappedDepartmentNames.map((localName) => ({ localName })),
  ];
}

function sameDeclarations(
  a: readonly DepartmentDeclaration[],
  b: readonly DepartmentDeclaration[],
): boolean {
  const canonical = (list: readonly DepartmentDeclaration[]) =>
    JSON.stringify([...list].map((d) => [d.localName, d.code ?? '']).sort());
  return canonical(a) === canonical(b);
}

/** True when a registration would change nothing about the stored hospital. */
export function sameRegistration(hospital: Hospital, registration: HospitalRegistration): boolean {
  return (
    hospital.name === registration.name &&
    hospital.nameEn === registration.nameEn &&
    hospital.regionCode === registration.regionCode &&
    hospital.city === registration.city &&
    hospital.level === registration.level &&
    hospital.address === registration.address &&
    hospital.latitude === registration.latitude &&
    hospital.longitude === registration.longitude &&
    sameDeclarations(declarationsOf(hospital), registration.departments)
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
    // Only mapped departments travel: read models recommend by standard code.
    departments: hospital.departments.map((d) => ({
      code: d.code,
      localName: d.localName,
      nameZh: d.nameZh,
      nameEn: d.nameEn,
    })),
    version: hospital.version,
    occurredAt: hospital.updatedAt.toISOString(),
  };
}

/**
 * Maps declared departments onto the taxonomy: a declared code is taken as is (it was validated
 * against the taxonomy), otherwise the local name is matched; names nothing matches stay unmapped.
 */
export function resolveDepartments(declarations: readonly DepartmentDeclaration[]): {
  departments: HospitalDepartment[];
  unmappedDepartmentNames: string[];
} {
  const departments: HospitalDepartment[] = [];
  const unmappedDepartmentNames: string[] = [];
  for (const declaration of declarations) {
    const code = declaration.code ?? mapDepartmentName(declaration.localName);
    const standard = code === undefined ? undefined : findDepartment(code);
    if (standard === undefined) {
      unmappedDepartmentNames.push(declaration.localName);
      continue;
    }
    departments.push({
      code: standard.code,
      localName: declaration.localName,
      nameZh: standard.nameZh,
      nameEn: standard.nameEn,
      mapping: declaration.code === undefined ? 'NAME_MATCH' : 'DECLARED',
    });
  }
  departments.sort(
    (a, b) => a.code.localeCompare(b.code) || a.localName.localeCompare(b.localName),
  );
  unmappedDepartmentNames.sort();
  return { departments, unmappedDepartmentNames };
}
