import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DEPARTMENT_CODE_PATTERN, findDepartment } from '@meridian/clinical';
import { parseInput } from '@meridian/platform';
import { GRPC_SERVICES, hospitalV1, timestampFromDate } from '@meridian/proto';
import { z } from 'zod';

import { DirectoryErrorCode } from './directory.errors';
import { DirectoryService } from './directory.service';
import type { Hospital } from './hospital';

const LEVELS = [
  'TERTIARY_A',
  'TERTIARY',
  'SECONDARY_A',
  'SECONDARY',
  'PRIMARY',
  'COMMUNITY',
] as const;

const registerRequest = z.object({
  idempotencyKey: z.string().min(8, 'must be at least 8 characters').max(200),
  code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, ".", "_" or "-"'),
  name: z.string().trim().min(1, 'is required').max(200),
  nameEn: z.string().trim().max(200),
  regionCode: z.string().regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code'),
  city: z.string().trim().min(1, 'is required').max(100),
  level: z
    .string()
    .transform((value) => value.replace(/^HOSPITAL_LEVEL_/, ''))
    .pipe(z.enum(LEVELS, { error: 'must be a known hospital level' })),
  address: z.string().trim().max(500),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  departments: z
    .array(
      z.object({
        code: z
          .string()
          .regex(DEPARTMENT_CODE_PATTERN, 'must be a standard department code')
          .refine(
            (code) => findDepartment(code) !== undefined,
            'is not in the standard department taxonomy',
          ),
        localName: z.string().trim().min(1, 'is required').max(200),
      }),
    )
    .max(200)
    .refine(
      (list) => new Set(list.map((d) => d.code)).size === list.length,
      'must not repeat a department code',
    ),
});

const getRequest = z.object({ hospitalId: z.uuid('must be a UUID') });

const searchRequest = z.object({
  city: z.string().trim().max(100),
  departmentCode: z.union([
    z.literal(''),
    z.string().regex(DEPARTMENT_CODE_PATTERN, 'must be a department code'),
  ]),
  pageSize: z.number().int().min(0).max(100, 'must be at most 100'),
  pageToken: z.string().max(512),
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
    departments: hospital.departments.map((d) => ({ ...d })),
    createdAt: timestampFromDate(hospital.createdAt),
    updatedAt: timestampFromDate(hospital.updatedAt),
    version: String(hospital.version),
  };
}

const DEFAULT_PAGE_SIZE = 20;

/** gRPC face of the directory: validates, calls the service, translates. No rules live here. */
const SERVICE = GRPC_SERVICES.hospitalDirectory.name;

@Controller()
export class DirectoryGrpcController implements Pick<
  hospitalV1.HospitalDirectoryController,
  'registerHospital' | 'getHospital' | 'searchHospitals'
> {
  constructor(private readonly directory: DirectoryService) {}

  @GrpcMethod(SERVICE, 'RegisterHospital')
  async registerHospital(
    request: hospitalV1.RegisterHospitalRequest,
  ): Promise<hospitalV1.Hospital> {
    const input = parseInput(registerRequest, request, DirectoryErrorCode.invalidRequest);
    const { idempotencyKey, level, ...registration } = input;
    const hospital = await this.directory.register(idempotencyKey, { ...registration, level });
    return toProto(hospital);
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
      ...(input.city ? { city: input.city } : {}),
      ...(input.departmentCode ? { departmentCode: input.departmentCode } : {}),
      pageSize: input.pageSize === 0 ? DEFAULT_PAGE_SIZE : input.pageSize,
      ...(input.pageToken ? { cursor: input.pageToken } : {}),
    });
    return { hospitals: page.hospitals.map(toProto), nextPageToken: page.nextCursor ?? '' };
  }
}
