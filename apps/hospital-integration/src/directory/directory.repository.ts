import { Injectable } from '@nestjs/common';
import { findDepartment } from '@meridian/clinical';

import { PrismaClient } from '../generated/prisma/client';
import type { Prisma } from '../generated/prisma/client';
import type { Hospital, HospitalSearch } from './hospital';

export type DirectoryTx = Prisma.TransactionClient;

const withDepartments = { departments: { orderBy: { code: 'asc' } } } as const;
type HospitalRow = Prisma.HospitalGetPayload<{ include: typeof withDepartments }>;

function toHospital(row: HospitalRow): Hospital {
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
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    departments: row.departments.map((d) => {
      const standard = findDepartment(d.code);
      return {
        code: d.code,
        localName: d.localName,
        nameZh: standard?.nameZh ?? '',
        nameEn: standard?.nameEn ?? '',
      };
    }),
  };
}

export interface IdempotencyRecord {
  readonly operation: string;
  readonly requestHash: string;
  readonly resourceId: string;
}

/** The only place that touches the directory tables. */
@Injectable()
export class DirectoryRepository {
  constructor(private readonly prisma: PrismaClient) {}

  transaction<T>(work: (tx: DirectoryTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work);
  }

  async findById(id: string, tx: DirectoryTx = this.prisma): Promise<Hospital | undefined> {
    const row = await tx.hospital.findUnique({ where: { id }, include: withDepartments });
    return row ? toHospital(row) : undefined;
  }

  /** Locks the hospital's row until the transaction ends, so concurrent registrations serialise. */
  async findByCodeForUpdate(tx: DirectoryTx, code: string): Promise<Hospital | undefined> {
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM hospitals WHERE code = ${code} FOR UPDATE`;
    const id = locked[0]?.id;
    return id === undefined ? undefined : this.findById(id, tx);
  }

  async insert(tx: DirectoryTx, hospital: Hospital): Promise<void> {
    await tx.hospital.create({
      data: {
        id: hospital.id,
        code: hospital.code,
        name: hospital.name,
        nameEn: hospital.nameEn,
        regionCode: hospital.regionCode,
        city: hospital.city,
        level: hospital.level,
        address: hospital.address,
        latitude: hospital.latitude,
        longitude: hospital.longitude,
        version: hospital.version,
        createdAt: hospital.createdAt,
        updatedAt: hospital.updatedAt,
        departments: {
          create: hospital.departments.map((d) => ({ code: d.code, localName: d.localName })),
        },
      },
    });
  }

  async update(tx: DirectoryTx, hospital: Hospital): Promise<void> {
    await tx.hospital.update({
      where: { id: hospital.id },
      data: {
        name: hospital.name,
        nameEn: hospital.nameEn,
        regionCode: hospital.regionCode,
        city: hospital.city,
        level: hospital.level,
        address: hospital.address,
        latitude: hospital.latitude,
        longitude: hospital.longitude,
        version: hospital.version,
        updatedAt: hospital.updatedAt,
        departments: {
          deleteMany: {},
          create: hospital.departments.map((d) => ({ code: d.code, localName: d.localName })),
        },
      },
    });
  }

  async search(query: HospitalSearch): Promise<Hospital[]> {
    const rows = await this.prisma.hospital.findMany({
      where: {
        ...(query.city ? { city: query.city } : {}),
        ...(query.departmentCode ? { departments: { some: { code: query.departmentCode } } } : {}),
        ...(query.after ? { id: { gt: query.after } } : {}),
      },
      include: withDepartments,
      orderBy: { id: 'asc' },
      take: query.limit,
    });
    return rows.map(toHospital);
  }

  async findIdempotencyKey(tx: DirectoryTx, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await tx.idempotencyKey.findUnique({ where: { key } });
    return row
      ? { operation: row.operation, requestHash: row.requestHash, resourceId: row.resourceId }
      : undefined;
  }

  async saveIdempotencyKey(tx: DirectoryTx, key: string, record: IdempotencyRecord): Promise<void> {
    await tx.idempotencyKey.create({ data: { key, ...record } });
  }
}
