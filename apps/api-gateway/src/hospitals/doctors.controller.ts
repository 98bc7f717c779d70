import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { isUuid, notFound } from '@meridian/platform';

import { RequireScope } from '../auth/partner-auth.guard';
import { ProblemDto } from '../docs/problem.dto';
import { toDoctorDto } from './directory.mappers';
import { HospitalDirectoryClient } from './hospital-directory.client';
import type { DoctorDto } from './hospital.dto';
import { DoctorDto as DoctorDtoClass } from './hospital.dto';

/** Doctors of the hospital directory. Translation only: the directory lives in hospital-integration. */
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
@Controller('v1/doctors')
export class DoctorsController {
  constructor(private readonly directory: HospitalDirectoryClient) {}

  @Get(':id')
  @RequireScope('directory:read')
  @ApiOperation({ summary: 'Get one doctor' })
  @ApiOkResponse({ type: DoctorDtoClass })
  @ApiResponse({ status: 404, description: 'No such doctor', type: ProblemDto })
  async get(@Param('id') id: string): Promise<DoctorDto> {
    if (!isUuid(id)) throw notFound('DOCTOR.NOT_FOUND', `No doctor with id ${id}`);
    return toDoctorDto(await this.directory.call.getDoctor({ doctorId: id }));
  }
}
