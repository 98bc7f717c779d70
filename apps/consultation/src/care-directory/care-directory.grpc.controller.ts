import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { DEPARTMENT_CODE_PATTERN } from '@meridian/clinical';
import { parseInput } from '@meridian/platform';
import { GRPC_SERVICES, hospitalV1, timestampFromDate } from '@meridian/proto';
import type { consultationV1 } from '@meridian/proto';
import { z } from 'zod';

import { CareDirectoryService } from './care-directory.service';
import type { DirectoryHospital } from './directory-hospital';

const INVALID_REQUEST = 'CARE_DIRECTORY.INVALID_REQUEST';
const SERVICE = GRPC_SERVICES.careDirectory.name;
const DEFAULT_PAGE_SIZE = 20;

const getRequest = z.object({ hospitalId: z.uuid('must be a UUID') });
const listRequest = z.object({
  city: z.string().trim().max(100),
  departmentCode: z.union([
    z.literal(''),
    z.string().regex(DEPARTMENT_CODE_PATTERN, 'must be a department code'),
  ]),
  pageSize: z.number().int().min(0).max(100, 'must be at most 100'),
  pageToken: z.string().max(512),
});

/** The level as stored (the proto enum name carried by the event), or UNSPECIFIED for anything else. */
function hospitalLevel(stored: string): hospitalV1.HospitalLevel {
  const levels: readonly string[] = Object.values(hospitalV1.HospitalLevel);
  return levels.includes(stored)
    ? hospitalV1.HospitalLevel[stored as keyof typeof hospitalV1.HospitalLevel]
    : hospitalV1.HospitalLevel.HOSPITAL_LEVEL_UNSPECIFIED;
}

function toProto(hospital: DirectoryHospital): consultationV1.CareDirectoryHospital {
  return {
    id: hospital.id,
    code: hospital.code,
    name: hospital.name,
    nameEn: hospital.nameEn,
    regionCode: hospital.regionCode,
    city: hospital.city,
    level: hospitalLevel(hospital.level),
    address: hospital.address,
    latitude: hospital.latitude,
    longitude: hospital.longitude,
    // The directory's events carry mapped departments without saying how they were mapped.
    departments: hospital.departments.map((d) => ({
      ...d,
      mapping: hospitalV1.DepartmentMapping.DEPARTMENT_MAPPING_UNSPECIFIED,
    })),
    // The directory events carry the state as of a change, not the registration time.
    createdAt: null,
    updatedAt: timestampFromDate(hospital.sourceUpdatedAt),
    sourceVersion: String(hospital.sourceVersion),
    projectedAt: timestampFromDate(hospital.receivedAt),
  };
}

/** gRPC face of consultation's local directory (read model of hospital-integration's directory). */
@Controller()
export class CareDirectoryGrpcController {
  constructor(private readonly directory: CareDirectoryService) {}

  @GrpcMethod(SERVICE, 'GetHospital')
  async getHospital(
    request: consultationV1.GetHospitalRequest,
  ): Promise<consultationV1.CareDirectoryHospital> {
    const { hospitalId } = parseInput(getRequest, request, INVALID_REQUEST);
    return toProto(await this.directory.get(hospitalId));
  }

  @GrpcMethod(SERVICE, 'ListHospitals')
  async listHospitals(
    request: consultationV1.ListCareDirectoryHospitalsRequest,
  ): Promise<consultationV1.ListCareDirectoryHospitalsResponse> {
    const input = parseInput(listRequest, request, INVALID_REQUEST);
    const page = await this.directory.search({
      ...(input.city ? { city: input.city } : {}),
      ...(input.departmentCode ? { departmentCode: input.departmentCode } : {}),
      pageSize: input.pageSize === 0 ? DEFAULT_PAGE_SIZE : input.pageSize,
      ...(input.pageToken ? { cursor: input.pageToken } : {}),
    });
    return { hospitals: page.hospitals.map(toProto), nextPageToken: page.nextCursor ?? '' };
  }
}
