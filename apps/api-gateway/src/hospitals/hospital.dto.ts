import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DepartmentDto {
  @ApiProperty({ example: 'cardiology', description: 'Standard department code' })
  code!: string;
  @ApiProperty({ example: '心内科', description: "The hospital's own name for the department" })
  name!: string;
  @ApiProperty({ example: '心血管内科' })
  nameZh!: string;
  @ApiProperty({ example: 'Cardiology' })
  nameEn!: string;
}

export class LocationDto {
  @ApiProperty({ example: 30.2592 })
  latitude!: number;
  @ApiProperty({ example: 120.2094 })
  longitude!: number;
}

export class HospitalDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({
    example: 'ZJ-HZ-001',
    description: 'Code the hospital is known by in its own systems',
  })
  code!: string;
  @ApiProperty({ example: '浙江大学医学院附属第一医院' })
  name!: string;
  @ApiProperty({ example: 'The First Affiliated Hospital, Zhejiang University School of Medicine' })
  nameEn!: string;
  @ApiProperty({
    enum: [
      'tertiary-a',
      'tertiary',
      'secondary-a',
      'secondary',
      'primary',
      'community',
      'unspecified',
    ],
  })
  level!: string;
  @ApiProperty({ example: '330100', description: 'GB/T 2260 administrative division code' })
  regionCode!: string;
  @ApiProperty({ example: 'Hangzhou' })
  city!: string;
  @ApiProperty()
  address!: string;
  @ApiProperty({ type: LocationDto })
  location!: LocationDto;
  @ApiProperty({ type: [DepartmentDto] })
  departments!: DepartmentDto[];
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string | null;
}

export class PageDto {
  @ApiProperty({ example: 20 })
  limit!: number;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Pass as `cursor` to get the next page; null on the last page',
  })
  nextCursor!: string | null;
}

export class HospitalPageDto {
  @ApiProperty({ type: [HospitalDto] })
  data!: HospitalDto[];
  @ApiProperty({ type: PageDto })
  page!: PageDto;
}
