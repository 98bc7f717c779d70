import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { isUuid, notFound } from '@meridian/platform';
import { dateFromTimestamp } from '@meridian/proto';
import type { googleProtobuf, hospitalV1 } from '@meridian/proto';

import { RequireScope } from '../auth/partner-auth.guard';
import { ProblemDto } from '../docs/problem.dto';
import { HospitalDirectoryClient } from './hospital-directory.client';
import type { HospitalDto, HospitalPageDto } from './hospital.dto';
import {
  HospitalDto as HospitalDtoClass,
  HospitalPageDto as HospitalPageDtoClass,
} from './hospital.dto';
import { parseHospitalsQuery } from './hospitals.query';

interface ReplyWithHeaders {
  header(name: string, value: string): unknown;
}

function timestampToIso(timestamp: googleProtobuf.Timestamp | null): string | null {
  return dateFromTimestamp(timestamp)?.toISOString() ?? null;
}

/** `HOSPITAL_LEVEL_TERTIARY_A` → `tertiary-a`. */
function levelName(level: string): string {
  return level
    .replace(/^HOSPITAL_LEVEL_/, '')
    .toLowerCase()
    .replace(/_/g, '-');
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
    })),
    updatedAt: timestampToIso(hospital.updatedAt),
  };
}

/** The hospital directory for partner apps. Translation only: the directory lives in hospital-integration. */
@ApiTags('hospitals')
@ApiBearerAuth()
@ApiResponse({ status: 401, description: 'Missing, unknown or expired token', type: ProblemDto })
@ApiResponse({ status: 403, description: 'Token lacks scope directory:read', type: ProblemDto })
@ApiResponse({ status: 429, description: 'Rate limit exceeded; see Retry-After', type: ProblemDto })
@ApiResponse({
  status: 503,
  description: 'The directory is unavailable; retry later',
  type: ProblemDto,
})
@Controller('v1/hospitals')
export class HospitalsController {
  constructor(private readonly directory: HospitalDirectoryClient) {}

  @Get()
  @RequireScope('directory:read')
  @ApiOperation({
    summary: 'Search hospitals by city and department',
    description: 'Cursor-paginated, oldest registration first.',
  })
  @ApiQuery({ name: 'city', required: false, example: 'Hangzhou' })
  @ApiQuery({
    name: 'department',
    required: false,
    example: 'cardiology',
    description: 'Standard department code',
  })
  @ApiQuery({ name: 'limit', required: false, example: 20, description: '1–100, default 20' })
  @ApiQuery({
    name: 'cursor',
    required: false,
    description: '`page.nextCursor` of the previous page',
  })
  @ApiOkResponse({ type: HospitalPageDtoClass })
  @ApiResponse({
    status: 400,
    description: 'Unknown, repeated or invalid parameter, or a stale cursor',
    type: ProblemDto,
  })
  async search(
    @Query() raw: Record<string, unknown>,
    @Res({ passthrough: true }) reply: ReplyWithHeaders,
  ): Promise<HospitalPageDto> {
    const query = parseHospitalsQuery(raw);
    const page = await this.directory.call.searchHospitals({
      city: query.city ?? '',
      departmentCode: query.department ?? '',
      pageSize: query.limit,
      pageToken: query.cursor ?? '',
    });
    const nextCursor = page.nextPageToken === '' ? null : page.nextPageToken;
    if (nextCursor) {
      const next = new URLSearchParams({
        ...(query.city ? { city: query.city } : {}),
        ...(query.department ? { department: query.department } : {}),
        limit: String(query.limit),
        cursor: nextCursor,
      });
      reply.header('link', `</v1/hospitals?${next.toString()}>; rel="next"`);
    }
    return { data: page.hospitals.map(toHospitalDto), page: { limit: query.limit, nextCursor } };
  }

  @Get(':id')
  @RequireScope('directory:read')
  @ApiOperation({ summary: 'Get one hospital' })
  @ApiOkResponse({ type: HospitalDtoClass })
  @ApiResponse({ status: 404, description: 'No such hospital', type: ProblemDto })
  async get(@Param('id') id: string): Promise<HospitalDto> {
    // An id that cannot exist is a 404 without a round trip.
    if (!isUuid(id)) throw notFound('HOSPITAL.NOT_FOUND', `No hospital with id ${id}`);
    return toHospitalDto(await this.directory.call.getHospital({ hospitalId: id }));
  }
}
