import { Injectable } from '@nestjs/common';
import type { HospitalSnapshotV1 } from '@meridian/contracts';

import { PrismaClient } from '../generated/prisma/client';
import type { Prisma } from '../generated/prisma/client';
import type { DirectoryDepartment, DirectoryHospital, DirectoryQuery } from './directory-hospital';

export type ConsultationTx = Prisma.TransactionClient;

type Row = Prisma.DirectoryHospitalGetPayload<object>;

function toDomain(row: Row): DirectoryHospital {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    regionCode: row.regionCode,
    city: row.city,
    level: row.level,
    address: row.address,
    latitude: row.latitude,
    longitude: row.longitude,
    departments: row.departments as unknown as DirectoryDepartment[],
    sourceVersion: row.sourceVersion,
    sourceUpdatedAt: row.sourceUpdatedAt,
    receivedAt: row.receivedAt,
  };
}

/** The only place that touches consultation's copy of the hospital directory. */
@Injectable()
export class CareDirectoryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Stores the snapshot unless a newer version is already there, so events that arrive late or twice
   * never roll the directory back. Resolves to whether the row changed.
   */
  async applySnapshot(tx: ConsultationTx, snapshot: HospitalSnapshotV1): Promise<boolean> {
    const departments = JSON.stringify(snapshot.departments);
    const codes = snapshot.departments.map((d) => d.code);
    const changed = await tx.$executeRaw`
      INSERT INTO directory_hospitals (id, code, name, name_en, region_code, city, level, address, latitude, longitude,
        departments, department_codes, source_version, source_updated_at, received_at)
      VALUES (${snapshot.hospitalId}::uuid, ${snapshot.code}, ${snapshot.name}, ${snapshot.nameEn}, ${snapshot.regionCode},
        ${snapshot.city}, ${snapshot.level}, ${snapshot.address}, ${snapshot.latitude}, ${snapshot.longitude},
        ${departments}::jsonb, ${codes}::text[], ${snapshot.version}, ${new Date(snapshot.occurredAt)}, now())
      ON CONFLICT (id) DO UPDATE SET
        code = EXCLUDED.code, name = EXCLUDED.name, name_en = EXCLUDED.name_en, region_code = EXCLUDED.region_code,
        city = EXCLUDED.city, level = EXCLUDED.level, address = EXCLUDED.address, latitude = EXCLUDED.latitude,
        longitude = EXCLUDED.longitude, departments = EXCLUDED.departments, department_codes = EXCLUDED.department_codes,
        source_version = EXCLUDED.source_version, source_updated_at = EXCLUDED.source_updated_at, received_at = now()
      WHERE directory_hospitals.source_version < EXCLUDED.source_version`;
    return changed > 0;
  }

  async findById(id: string): Promise<DirectoryHospital | undefined> {
    const row = await this.prisma.directoryHospital.findUnique({ where: { id } });
    return row ? toDomain(row) : undefined;
  }

  async search(query: DirectoryQuery): Promise<DirectoryHospital[]> {
    const rows = await this.prisma.directoryHospital.findMany({
      where: {
        ...(query.city ? { city: query.city } : {}),
        ...(query.departmentCode ? { departmentCodes: { has: query.departmentCode } } : {}),
        ...(query.after ? { id: { gt: query.after } } : {}),
      },
      orderBy: { id: 'asc' },
      take: query.limit,
    });
    return rows.map(toDomain);
  }
}
