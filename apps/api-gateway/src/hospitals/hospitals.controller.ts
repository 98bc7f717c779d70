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

import { RequireScope } from '../auth/partner-auth.guard';
import { ProblemDto } from '../docs/problem.dto';
import { HospitalDirectoryClient } from './hospital-directory.client';
import { nextLink, toDoctorDto, toHospitalDto } from './directory.mappers';
import type { DoctorPageDto, HospitalDto, HospitalPageDto } from './hospital.dto';
import {
  DoctorPageDto as DoctorPageDtoClass,
  HospitalDto as HospitalDtoClass,
  HospitalPageDto as HospitalPageDtoClass,
} from './hospital.dto';
import { parseDoctorsQuery, parseHospitalsQuery } from './hospitals.query';

interface ReplyWithHeaders {
  header(name: string, value: string): unknown;
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
    summary: 'Search hospitals by region, city, department, specialty and free text',
    description:
      'Every filter given must match. Cursor-paginated; tertiary-A hospitals first, then by level, then by registration.',
  })
  @ApiQuery({
    name: 'region',
    required: false,
    example: '330100',
    description:
      'GB/T 2260 code: `330000` a province, `330100` a prefecture-level city, `330106` a district',
  })
  @ApiQuery({ name: 'city', required: false, example: 'Hangzhou', description: 'Exact city name' })
  @ApiQuery({
    name: 'department',
    required: false,
    example: 'cardiology',
    description: 'Standard department code',
  })
  @ApiQuery({
    name: 'specialty',
    required: false,
    example: '高血压',
    description: 'Hospitals with an active doctor whose specialties mention this (zh or en)',
  })
  @ApiQuery({
    name: 'q',
    required: false,
    example: '杭州 心内科',
    description:
      "Free text, zh or en: every word must occur in the hospital's names, city, address or code, or in a department name (its own or the standard one)",
  })
  @ApiQuery({
    name: 'openWithinDays',
    required: false,
    example: 7,
    description:
      'Only hospitals with a free slot starting within this many days (1–30), in `department` when given',
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
      regionCode: query.region ?? '',
      city: query.city ?? '',
      departmentCode: query.department ?? '',
      specialty: query.specialty ?? '',
      text: query.q ?? '',
      openSlotsWithinDays: query.openWithinDays ?? 0,
      pageSize: query.limit,
      pageToken: query.cursor ?? '',
    });
    const nextCursor = page.nextPageToken === '' ? null : page.nextPageToken;
    if (nextCursor) {
      reply.header('link', nextLink('/v1/hospitals', { ...query, cursor: nextCursor }));
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

  @Get(':id/doctors')
  @RequireScope('directory:read')
  @ApiOperation({
    summary: "A hospital's active doctors",
    description: 'Optionally of one department or specialty. Cursor-paginated.',
  })
  @ApiQuery({
    name: 'department',
    required: false,
    example: 'cardiology',
    description: 'Standard department code',
  })
  @ApiQuery({ name: 'specialty', required: false, example: '高血压' })
  @ApiQuery({ name: 'limit', required: false, example: 20, description: '1–100, default 20' })
  @ApiQuery({
    name: 'cursor',
    required: false,
    description: '`page.nextCursor` of the previous page',
  })
  @ApiOkResponse({ type: DoctorPageDtoClass })
  @ApiResponse({
    status: 400,
    description: 'Unknown, repeated or invalid parameter',
    type: ProblemDto,
  })
  @ApiResponse({ status: 404, description: 'No such hospital', type: ProblemDto })
  async doctors(
    @Param('id') id: string,
    @Query() raw: Record<string, unknown>,
    @Res({ passthrough: true }) reply: ReplyWithHeaders,
  ): Promise<DoctorPageDto> {
    const query = parseDoctorsQuery(raw);
    if (!isUuid(id)) throw notFound('HOSPITAL.NOT_FOUND', `No hospital with id ${id}`);
    const page = await this.directory.call.listDoctors({
      hospitalId: id,
      departmentCode: query.department ?? '',
      specialty: query.specialty ?? '',
      pageSize: query.limit,
      pageToken: query.cursor ?? '',
    });
    const nextCursor = page.nextPageToken === '' ? null : page.nextPageToken;
    if (nextCursor) {
      reply.header(
        'link',
        nextLink(`/v1/hospitals/${id}/doctors`, { ...query, cursor: nextCursor }),
      );
    }
    return { data: page.doctors.map(toDoctorDto), page: { limit: query.limit, nextCursor } };
  }
}
