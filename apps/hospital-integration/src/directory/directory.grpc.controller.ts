import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DEPARTMENT_CODE_PATTERN, findDepartment } from '@meridian/clinical';
import { parseInput } from '@meridian/platform';
import { GRPC_SERVICES, hospitalV1, timestampFromDate } from '@meridian/proto';
import { z } from 'zod';

import { DirectoryErrorCode } from './directory.errors';
import { DirectoryService } from './directory.service';
import type { Doctor } from './doctor';
import type { Hospital } from './hospital';
import { HOSPITAL_LEVELS } from './hospital';
import { MAX_SEARCH_WORDS, searchWords } from './search-text';

const level = z
  .string()
  .transform((value) => value.replace(/^HOSPITAL_LEVEL_/, ''))
  .pipe(z.enum(HOSPITAL_LEVELS, { error: 'must be a known hospital level' }));

const standardCode = z
  .string()
  .regex(DEPARTMENT_CODE_PATTERN, 'must be a standard department code')
  .refine(
    (code) => findDepartment(code) !== undefined,
    'is not in the standard department taxonomy',
  );

const departments = z
  .array(
    z.object({
      // Empty: the directory maps the local name itself.
      code: z.union([z.literal(''), standardCode]),
      localName: z.string().trim().min(1, 'is required').max(200),
    }),
  )
  .max(200)
  .refine(
    (list) => new Set(list.map((d) => d.localName)).size === list.length,
    'must not repeat a local department name',
  )
  .transform((list) =>
    list.map((d) =>
      d.code === '' ? { localName: d.localName } : { localName: d.localName, code: d.code },
    ),
  );

const idempotencyKey = z.string().min(8, 'must be at least 8 characters').max(200);
const name = z.string().trim().min(1, 'is required').max(200);

const registerRequest = z.object({
  idempotencyKey,
  code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, ".", "_" or "-"'),
  name,
  nameEn: z.string().trim().max(200),
  regionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code'),
  city: z.string().trim().min(1, 'is required').max(100),
  level,
  address: z.string().trim().max(500),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  departments,
});

const updateRequest = z.object({
  idempotencyKey,
  hospitalId: z.uuid('must be a UUID'),
  expectedVersion: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'must be the positive version the caller read')
    .transform(Number),
  name,
  nameEn: z.string().trim().max(200),
  level,
  address: z.string().trim().max(500),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  departments,
});

const getRequest = z.object({ hospitalId: z.uuid('must be a UUID') });
const getDoctorRequest = z.object({ doctorId: z.uuid('must be a UUID') });

const optionalDepartment = z.union([
  z.literal(''),
  z.string().regex(DEPARTMENT_CODE_PATTERN, 'must be a department code'),
]);
const pageSize = z.number().int().min(0).max(100, 'must be at most 100');
const pageToken = z.string().max(512);
const specialty = z.string().trim().max(50, 'must be at most 50 characters');

const searchRequest = z.object({
  regionCode: z.union([
    z.literal(''),
    z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code'),
  ]),
  city: z.string().trim().max(100),
  departmentCode: optionalDepartment,
  text: z
    .string()
    .max(100, 'must be at most 100 characters')
    .refine(
      (text) => searchWords(text).length <= MAX_SEARCH_WORDS,
      `must have at most ${MAX_SEARCH_WORDS} words`,
    ),
  specialty,
  openSlotsWithinDays: z.number().int().min(0).max(30, 'must be at most 30 days'),
  pageSize,
  pageToken,
});

const listDoctorsRequest = z.object({
  hospitalId: z.uuid('must be a UUID'),
  departmentCode: optionalDepartment,
  specialty,
  pageSize,
  pageToken,
});

function toProto(hospital: Hospital): hospitalV1.Hospital {
  return {
    id: hospital.id,
    code: hospital.code,
    name: hospital.name,
    nameEn: hospital.nameEn,
    regionCode: hospital.regionCode,
    city: hospital.city,
    level: hospitalV1.HospitalLevel[`HOSPITAL_LEVEL_${hospital.level}`],
    address: hospital.address,
    latitude: hospital.latitude,
    longitude: hospital.longitude,
    departments: hospital.departments.map((d) => ({
      code: d.code,
      localName: d.localName,
      nameZh: d.nameZh,
      nameEn: d.nameEn,
      mapping: hospitalV1.DepartmentMapping[`DEPARTMENT_MAPPING_${d.mapping}`],
    })),
    unmappedDepartmentNames: [...hospital.unmappedDepartmentNames],
    createdAt: timestampFromDate(hospital.createdAt),
    updatedAt: timestampFromDate(hospital.updatedAt),
    version: String(hospital.version),
  };
}

function doctorToProto(doctor: Doctor): hospitalV1.Doctor {
  return {
    id: doctor.id,
    hospitalId: doctor.hospitalId,
    code: doctor.code,
    name: doctor.name,
    title: doctor.title
      ? hospitalV1.DoctorTitle[`DOCTOR_TITLE_${doctor.title}`]
      : hospitalV1.DoctorTitle.DOCTOR_TITLE_UNSPECIFIED,
    departmentCodes: [...doctor.departmentCodes],
    specialty: doctor.specialty,
    introduction: doctor.introduction,
    active: doctor.active,
    createdAt: timestampFromDate(doctor.createdAt),
    updatedAt: timestampFromDate(doctor.updatedAt),
    version: String(doctor.version),
    specialties: [...doctor.specialties],
    languages: [...doctor.languages],
    rating: doctor.rating ?? 0,
    ratingCount: doctor.ratingCount,
  };
}

const DEFAULT_PAGE_SIZE = 20;
const pageSizeOrDefault = (size: number) => (size === 0 ? DEFAULT_PAGE_SIZE : size);

/** gRPC face of the directory: validates, calls the service, translates. No rules live here. */
const SERVICE = GRPC_SERVICES.hospitalDirectory.name;

@Controller()
export class DirectoryGrpcController implements Pick<
  hospitalV1.HospitalDirectoryController,
  | 'registerHospital'
  | 'getHospital'
  | 'searchHospitals'
  | 'updateHospital'
  | 'listDoctors'
  | 'getDoctor'
> {
  constructor(private readonly directory: DirectoryService) {}

  @GrpcMethod(SERVICE, 'RegisterHospital')
  async registerHospital(
    request: hospitalV1.RegisterHospitalRequest,
  ): Promise<hospitalV1.Hospital> {
    const { idempotencyKey: key, ...registration } = parseInput(
      registerRequest,
      request,
      DirectoryErrorCode.invalidRequest,
    );
    return toProto(await this.directory.register(key, registration));
  }

  @GrpcMethod(SERVICE, 'UpdateHospital')
  async updateHospital(request: hospitalV1.UpdateHospitalRequest): Promise<hospitalV1.Hospital> {
    const {
      idempotencyKey: key,
      hospitalId,
      expectedVersion,
      ...changes
    } = parseInput(updateRequest, request, DirectoryErrorCode.invalidRequest);
    return toProto(await this.directory.update(key, hospitalId, expectedVersion, changes));
  }

  @GrpcMethod(SERVICE, 'GetHospital')
  async getHospital(request: hospitalV1.GetHospitalRequest): Promise<hospitalV1.Hospital> {
    const { hospitalId } = parseInput(getRequest, request, DirectoryErrorCode.invalidRequest);
    return toProto(await this.directory.get(hospitalId));
  }

  @GrpcMethod(SERVICE, 'SearchHospitals')
  async searchHospitals(
    request: hospitalV1.SearchHospitalsRequest,
  ): Promise<hospitalV1.SearchHospitalsResponse> {
    const input = parseInput(searchRequest, request, DirectoryErrorCode.invalidRequest);
    const page = await this.directory.search({
      ...(input.regionCode ? { regionCode: input.regionCode } : {}),
      ...(input.city ? { city: input.city } : {}),
      ...(input.departmentCode ? { departmentCode: input.departmentCode } : {}),
      ...(input.text.trim() ? { text: input.text } : {}),
      ...(input.specialty ? { specialty: input.specialty } : {}),
      ...(input.openSlotsWithinDays > 0 ? { openSlotsWithinDays: input.openSlotsWithinDays } : {}),
      pageSize: pageSizeOrDefault(input.pageSize),
      ...(input.pageToken ? { cursor: input.pageToken } : {}),
    });
    return { hospitals: page.hospitals.map(toProto), nextPageToken: page.nextCursor ?? '' };
  }

  @GrpcMethod(SERVICE, 'ListDoctors')
  async listDoctors(
    request: hospitalV1.ListDoctorsRequest,
  ): Promise<hospitalV1.ListDoctorsResponse> {
    const input = parseInput(listDoctorsRequest, request, DirectoryErrorCode.invalidRequest);
    const page = await this.directory.listDoctors({
      hospitalId: input.hospitalId,
      ...(input.departmentCode ? { departmentCode: input.departmentCode } : {}),
      ...(input.specialty ? { specialty: input.specialty } : {}),
      pageSize: pageSizeOrDefault(input.pageSize),
      ...(input.pageToken ? { cursor: input.pageToken } : {}),
    });
    return { doctors: page.doctors.map(doctorToProto), nextPageToken: page.nextCursor ?? '' };
  }

  @GrpcMethod(SERVICE, 'GetDoctor')
  async getDoctor(request: hospitalV1.GetDoctorRequest): Promise<hospitalV1.Doctor> {
    const { doctorId } = parseInput(getDoctorRequest, request, DirectoryErrorCode.invalidRequest);
    return doctorToProto(await this.directory.getDoctor(doctorId));
  }
}
