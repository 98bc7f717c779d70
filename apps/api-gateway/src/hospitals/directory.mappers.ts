import { dateFromTimestamp } from '@meridian/proto';
import type { googleProtobuf, hospitalV1 } from '@meridian/proto';

import type { DoctorDto, HospitalDto } from './hospital.dto';

// Translation of the directory's gRPC messages into the REST representation.

function timestampToIso(timestamp: googleProtobuf.Timestamp | null): string | null {
  return dateFromTimestamp(timestamp)?.toISOString() ?? null;
}

/** `HOSPITAL_LEVEL_TERTIARY_A` → `tertiary-a`. */
export function enumName(value: string, prefix: string): string {
  return value.replace(prefix, '').toLowerCase().replace(/_/g, '-');
}

function levelName(level: string): string {
  return enumName(level, 'HOSPITAL_LEVEL_');
}

/** A link to the next page with the same filters. */
export function nextLink(
  path: string,
  params: Record<string, string | number | undefined>,
): string {
  const query = new URLSearchParams(
    Object.entries(params).flatMap(([k, v]): [string, string][] =>
      v === undefined ? [] : [[k, String(v)]],
    ),
  );
  return `<${path}?${query.toString()}>; rel="next"`;
}

export function toHospitalDto(hospital: hospitalV1.Hospital): HospitalDto {
  return {
    id: hospital.id,
    code: hospital.code,
    name: hospital.name,
    nameEn: hospital.nameEn,
    level: levelName(hospital.level),
    regionCode: hospital.regionCode,
    city: hospital.city,
    address: hospital.address,
    location: { latitude: hospital.latitude, longitude: hospital.longitude },
    departments: hospital.departments.map((d) => ({
      code: d.code,
      name: d.localName,
      nameZh: d.nameZh,
      nameEn: d.nameEn,
      mapping: enumName(d.mapping, 'DEPARTMENT_MAPPING_'),
    })),
    unmappedDepartments: hospital.unmappedDepartmentNames,
    updatedAt: timestampToIso(hospital.updatedAt),
  };
}

export function toDoctorDto(doctor: hospitalV1.Doctor): DoctorDto {
  return {
    id: doctor.id,
    hospitalId: doctor.hospitalId,
    code: doctor.code,
    name: doctor.name,
    title: enumName(doctor.title, 'DOCTOR_TITLE_'),
    departments: doctor.departmentCodes,
    specialties: doctor.specialties,
    specialty: doctor.specialty,
    introduction: doctor.introduction,
    languages: doctor.languages,
    rating: doctor.ratingCount > 0 ? doctor.rating : null,
    ratingCount: doctor.ratingCount,
    updatedAt: timestampToIso(doctor.updatedAt),
  };
}
