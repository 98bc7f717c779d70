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
  @ApiProperty({
    enum: ['declared', 'name-match'],
    description:
      '`declared`: the hospital gave the standard code; `name-match`: the directory matched its own name',
  })
  mapping!: string;
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
  @ApiProperty({
    type: [String],
    example: ['国际医疗部'],
    description:
      "The hospital's department names that match no standard department (not searchable by `department`)",
  })
  unmappedDepartments!: string[];
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

export class DoctorDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  hospitalId!: string;
  @ApiProperty({ example: 'D0042', description: "The hospital's code for the doctor" })
  code!: string;
  @ApiProperty({ example: '王建国' })
  name!: string;
  @ApiProperty({
    enum: ['resident', 'attending', 'associate-chief', 'chief', 'unspecified'],
    description: '住院医师, 主治医师, 副主任医师, 主任医师',
  })
  title!: string;
  @ApiProperty({
    type: [String],
    example: ['cardiology'],
    description: 'Standard department codes',
  })
  departments!: string[];
  @ApiProperty({ type: [String], example: ['高血压', '冠心病'] })
  specialties!: string[];
  @ApiProperty({ example: '擅长高血压、冠心病的诊治', description: 'Clinical interests (擅长)' })
  specialty!: string;
  @ApiProperty()
  introduction!: string;
  @ApiProperty({ type: [String], example: ['zh', 'en'], description: 'BCP 47 language tags' })
  languages!: string[];
  @ApiProperty({
    nullable: true,
    example: 4.7,
    description: "Patients' average rating, 1–5; null when not rated yet",
  })
  rating!: number | null;
  @ApiProperty({ example: 132 })
  ratingCount!: number;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string | null;
}

export class DoctorPageDto {
  @ApiProperty({ type: [DoctorDto] })
  data!: DoctorDto[];
  @ApiProperty({ type: PageDto })
  page!: PageDto;
}
