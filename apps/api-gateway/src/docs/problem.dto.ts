import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldViolationDto {
  @ApiProperty({ example: 'limit' })
  field!: string;
  @ApiProperty({ example: 'Too big: expected number to be <=100' })
  description!: string;
}

/** RFC 9457 problem details, as every error of the API is answered (`application/problem+json`). */
export class ProblemDto {
  @ApiProperty({ example: 'urn:meridian:problem:request.invalid-query' })
  type!: string;
  @ApiProperty({ example: 'Invalid request' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiPropertyOptional({ example: 'limit: Too big: expected number to be <=100' })
  detail?: string;
  @ApiPropertyOptional({ example: '/v1/hospitals' })
  instance?: string;
  @ApiProperty({ example: 'REQUEST.INVALID_QUERY', description: 'Stable code to switch on' })
  code!: string;
  @ApiPropertyOptional({ type: [FieldViolationDto] })
  errors?: FieldViolationDto[];
  @ApiPropertyOptional({ description: 'For 5xx: quote it when reporting the problem' })
  errorId?: string;
  @ApiPropertyOptional({ description: 'For 429 and 503: when to retry' })
  retryAfterSeconds?: number;
}
