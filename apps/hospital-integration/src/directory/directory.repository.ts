import { Injectable } from '@nestjs/common';
import { findDepartment } from '@meridian/clinical';

import { Prisma, PrismaClient } from '../generated/prisma/client';
import type {
  Doctor,
  DoctorListing,
  DoctorProfile,
  DoctorTitle,
  DoctorUpsertResult,
} from './doctor';
import { specialtyTextOf } from './doctor';
import type { Hospital, HospitalDepartment, HospitalLevel, HospitalSearch } from './hospital';
import { containsPattern } from './search-text';

export type DirectoryTx = Prisma.TransactionClient;

interface DepartmentRecord {
  readonly code: string | null;
  readonly localName: string;
  readonly mapping: 'DECLARED' | 'NAME_MATCH' | null;
}

/** What the mapping needs: a hospital's columns and its department rows. */
interface HospitalRecord {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly regionCode: string;
  readonly city: string;
  readonly level: HospitalLevel;
  readonly address: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly departments: readonly DepartmentRecord[];
}

function toHospital(row: HospitalRecord): Hospital {
  const departments: HospitalDepartment[] = [];
  const unmapped: string[] = [];
  for (const d of row.departments) {
    const standard = d.code === null ? undefined : findDepartment(d.code);
    if (standard === undefined || d.mapping === null) {
      unmapped.push(d.localName);
      continue;
    }
    departments.push({
      code: standard.code,
      localName: d.localName,
      nameZh: standard.nameZh,
      nameEn: standard.nameEn,
      mapping: d.mapping,
    });
  }
  departments.sort(
    (a, b) => a.code.localeCompare(b.code) || a.localName.localeCompare(b.localName),
  );
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
    departments,
    unmappedDepartmentNames: unmapped.sort(),
  };
}

function departmentRows(hospital: Hospital): DepartmentRecord[] {
  return [
    ...hospital.departments.map((d) => ({
      code: d.code,
      localName: d.localName,
      mapping: d.mapping,
    })),
    ...hospital.unmappedDepartmentNames.map((localName) => ({
      code: null,
      localName,
      mapping: null,
    })),
  ];
}

interface DoctorRecord {
  readonly id: string;
  readonly hospitalId: string;
  readonly code: string;
  readonly name: string;
  readonly title: DoctorTitle | null;
  readonly departmentCodes: string[];
  readonly specialties: string[];
  readonly specialty: string;
  readonly introduction: string;
  readonly languages: string[];
  readonly rating: number | null;
  readonly ratingCount: number;
  readonly active: boolean;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

function toDoctor(row: DoctorRecord): Doctor {
  return {
    id: row.id,
    hospitalId: row.hospitalId,
    code: row.code,
    name: row.name,
    ...(row.title === null ? {} : { title: row.title }),
    departmentCodes: row.departmentCodes,
    specialties: row.specialties,
    specialty: row.specialty,
    introduction: row.introduction,
    languages: row.languages,
    ...(row.rating === null ? {} : { rating: row.rating }),
    ratingCount: row.ratingCount,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const DOCTOR_COLUMNS = Prisma.sql`d.id, d.hospital_id AS "hospitalId", d.code, d.name, d.title::text AS title,
  d.department_codes AS "departmentCodes", d.specialties, d.specialty, d.introduction, d.languages,
  d.rating, d.rating_count AS "ratingCount", d.active, d.version, d.created_at AS "createdAt",
  d.updated_at AS "updatedAt"`;

const HOSPITAL_COLUMNS = Prisma.sql`h.id, h.code, h.name, h.name_en AS "nameEn", h.region_code AS "regionCode",
  h.city, h.level::text AS level, h.address, h.latitude, h.longitude, h.version,
  h.created_at AS "createdAt", h.updated_at AS "updatedAt",
  COALESCE((SELECT json_agg(json_build_object('code', d.code, 'localName', d.local_name, 'mapping', d.mapping))
            FROM hospital_departments d WHERE d.hospital_id = h.id), '[]'::json) AS departments`;

/** A doctor profile with the platform's fields, as one row of a bulk upsert. */
export interface DoctorUpsertRow extends DoctorProfile {
  /** Used only when the doctor is new. */
  readonly id: string;
  readonly hospitalId: string;
  /** When the hospital published this profile; a stored profile published later wins. */
  readonly sourceUpdatedAt?: Date;
  /** Only set by the seed generator; hospitals do not send ratings. */
  readonly rating?: number;
  readonly ratingCount?: number;
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

  transaction<T>(
    work: (tx: DirectoryTx) => Promise<T>,
    options: { readonly timeoutMs?: number } = {},
  ): Promise<T> {
    return this.prisma.$transaction(
      work,
      options.timeoutMs === undefined ? undefined : { timeout: options.timeoutMs, maxWait: 10_000 },
    );
  }

  async findById(id: string, tx: DirectoryTx = this.prisma): Promise<Hospital | undefined> {
    const rows = await tx.$queryRaw<HospitalRecord[]>`
      SELECT ${HOSPITAL_COLUMNS} FROM hospitals h WHERE h.id = ${id}::uuid`;
    const row = rows[0];
    return row ? toHospital(row) : undefined;
  }

  /** Locks the hospital's row until the transaction ends, so concurrent writers serialise. */
  async findByCodeForUpdate(tx: DirectoryTx, code: string): Promise<Hospital | undefined> {
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM hospitals WHERE code = ${code} FOR UPDATE`;
    const id = locked[0]?.id;
    return id === undefined ? undefined : this.findById(id, tx);
  }

  async findByIdForUpdate(tx: DirectoryTx, id: string): Promise<Hospital | undefined> {
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id FROM hospitals WHERE id = ${id}::uuid FOR UPDATE`;
    return locked.length === 0 ? undefined : this.findById(id, tx);
  }

  async hospitalIdsByCode(tx: DirectoryTx, codes: readonly string[]): Promise<Map<string, string>> {
    const rows = await tx.$queryRaw<{ id: string; code: string }[]>`
      SELECT id, code FROM hospitals WHERE code = ANY(${[...codes]}::text[])`;
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  async exists(id: string): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<
      { one: number }[]
    >`SELECT 1 AS one FROM hospitals WHERE id = ${id}::uuid`;
    return rows.length > 0;
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
        departments: { create: departmentRows(hospital) },
      },
    });
  }

  /**
   * Inserts hospitals that are not in the directory yet, by code, in one statement per table.
   * Resolves to the ids of the hospitals inserted now (the others already existed).
   */
  async insertMissing(tx: DirectoryTx, hospitals: readonly Hospital[]): Promise<Set<string>> {
    if (hospitals.length === 0) return new Set();
    const rows = hospitals.map((h) => ({
      id: h.id,
      code: h.code,
      name: h.name,
      name_en: h.nameEn,
      region_code: h.regionCode,
      city: h.city,
      level: h.level,
      address: h.address,
      latitude: h.latitude,
      longitude: h.longitude,
      version: h.version,
      created_at: h.createdAt.toISOString(),
      updated_at: h.updatedAt.toISOString(),
    }));
    const inserted = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO hospitals (id, code, name, name_en, region_code, city, level, address, latitude,
                             longitude, version, created_at, updated_at)
      SELECT r.id, r.code, r.name, r.name_en, r.region_code, r.city, r.level::hospital_level, r.address,
             r.latitude, r.longitude, r.version, r.created_at, r.updated_at
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
        id uuid, code text, name text, name_en text, region_code text, city text, level text,
        address text, latitude float8, longitude float8, version int, created_at timestamptz,
        updated_at timestamptz)
      ON CONFLICT (code) DO NOTHING
      RETURNING id`;
    const ids = new Set(inserted.map((r) => r.id));
    const departments = hospitals
      .filter((h) => ids.has(h.id))
      .flatMap((h) =>
        departmentRows(h).map((d) => ({
          hospital_id: h.id,
          local_name: d.localName,
          code: d.code,
          mapping: d.mapping,
        })),
      );
    if (departments.length > 0) {
      await tx.$executeRaw`
        INSERT INTO hospital_departments (hospital_id, local_name, code, mapping)
        SELECT r.hospital_id, r.local_name, r.code, r.mapping::department_mapping
        FROM jsonb_to_recordset(${JSON.stringify(departments)}::jsonb) AS r(
          hospital_id uuid, local_name text, code text, mapping text)`;
    }
    return ids;
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
        departments: { deleteMany: {}, create: departmentRows(hospital) },
      },
    });
  }

  /**
   * One round trip: hospitals and their departments aggregated in SQL, keyset-paginated by level
   * (tertiary A first) and id. Free-text words and the specialty are substring matches that the
   * trigram indexes serve when pg_trgm is installed.
   */
  async search(query: HospitalSearch): Promise<Hospital[]> {
    const conditions: Prisma.Sql[] = [];
    if (query.regionPrefix) {
      conditions.push(
        query.regionPrefix.length === 6
          ? Prisma.sql`h.region_code = ${query.regionPrefix}`
          : Prisma.sql`h.region_code LIKE ${`${query.regionPrefix}%`}`,
      );
    }
    if (query.city) conditions.push(Prisma.sql`h.city = ${query.city}`);
    if (query.departmentCode) {
      conditions.push(
        Prisma.sql`EXISTS (SELECT 1 FROM hospital_departments x WHERE x.hospital_id = h.id AND x.code = ${query.departmentCode})`,
      );
    }
    for (const word of query.words) {
      const pattern = containsPattern(word.text);
      const byCode =
        word.departmentCodes.length > 0
          ? Prisma.sql` OR x.code = ANY(${[...word.departmentCodes]}::text[])`
          : Prisma.empty;
      conditions.push(
        Prisma.sql`(h.search_text LIKE ${pattern} OR EXISTS (SELECT 1 FROM hospital_departments x
          WHERE x.hospital_id = h.id AND (x.local_name ILIKE ${pattern}${byCode})))`,
      );
    }
    if (query.specialty) {
      conditions.push(
        Prisma.sql`EXISTS (SELECT 1 FROM doctors x WHERE x.hospital_id = h.id AND x.active
          AND x.specialty_text LIKE ${containsPattern(query.specialty)})`,
      );
    }
    if (query.openSlotsWithinDays) {
      // Slots belong to the schedules module; free = available at the hospital and not claimed by
      // an appointment (or claimed by a hold that has lapsed).
      const inDepartment = query.departmentCode
        ? Prisma.sql` AND s.department_code = ${query.departmentCode}`
        : Prisma.empty;
      conditions.push(
        Prisma.sql`EXISTS (SELECT 1 FROM schedule_slots s WHERE s.hospital_id = h.id
          AND s.start_time >= now() AND s.start_time < now() + make_interval(days => ${query.openSlotsWithinDays}::int)
          AND s.hospital_status = 'AVAILABLE'
          AND (s.claim_appointment_id IS NULL OR s.claim_expires_at <= now())${inDepartment})`,
      );
    }
    if (query.after) {
      conditions.push(
        Prisma.sql`(h.level, h.id) > (${query.after.level}::hospital_level, ${query.after.id}::uuid)`,
      );
    }
    const where =
      conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, ' AND ')}` : Prisma.empty;
    const rows = await this.prisma.$queryRaw<HospitalRecord[]>`
      SELECT ${HOSPITAL_COLUMNS}
      FROM (SELECT * FROM hospitals h ${where} ORDER BY h.level, h.id LIMIT ${query.limit}) h
      ORDER BY h.level, h.id`;
    return rows.map(toHospital);
  }

  async findDoctor(id: string): Promise<Doctor | undefined> {
    const rows = await this.prisma.$queryRaw<DoctorRecord[]>`
      SELECT ${DOCTOR_COLUMNS} FROM doctors d WHERE d.id = ${id}::uuid`;
    const row = rows[0];
    return row ? toDoctor(row) : undefined;
  }

  /** Active doctors of one hospital, keyset-paginated by id. */
  async listDoctors(listing: DoctorListing): Promise<Doctor[]> {
    const conditions: Prisma.Sql[] = [
      Prisma.sql`d.hospital_id = ${listing.hospitalId}::uuid`,
      Prisma.sql`d.active`,
    ];
    if (listing.departmentCode) {
      conditions.push(Prisma.sql`${listing.departmentCode} = ANY(d.department_codes)`);
    }
    if (listing.specialty) {
      conditions.push(Prisma.sql`d.specialty_text LIKE ${containsPattern(listing.specialty)}`);
    }
    if (listing.after) conditions.push(Prisma.sql`d.id > ${listing.after}::uuid`);
    const rows = await this.prisma.$queryRaw<DoctorRecord[]>`
      SELECT ${DOCTOR_COLUMNS} FROM doctors d WHERE ${Prisma.join(conditions, ' AND ')}
      ORDER BY d.id LIMIT ${listing.limit}`;
    return rows.map(toDoctor);
  }

  /**
   * Inserts or updates doctors by (hospital, code) in one statement. A profile equal to the stored
   * one changes nothing (its version stays); a changed one gets the next version. Ratings are the
   * platform's and are only written for new doctors. A profile published before the stored one
   * (`sourceUpdatedAt`) changes nothing. (hospital, code) must not repeat in `doctors`.
   */
  async upsertDoctors(
    tx: DirectoryTx,
    doctors: readonly DoctorUpsertRow[],
    now: Date,
  ): Promise<DoctorUpsertResult> {
    if (doctors.length === 0) {
      return { inserted: 0, updated: 0, unchanged: 0, stale: 0, changedDoctorIds: [] };
    }
    const stamped = doctors.flatMap((d) =>
      d.sourceUpdatedAt === undefined
        ? []
        : [{ hospital_id: d.hospitalId, code: d.code, at: d.sourceUpdatedAt.toISOString() }],
    );
    const staleRows =
      stamped.length === 0
        ? []
        : await tx.$queryRaw<{ stale: number }[]>`
            SELECT count(*)::int AS stale
            FROM jsonb_to_recordset(${JSON.stringify(stamped)}::jsonb)
                 AS r(hospital_id uuid, code text, at timestamptz)
            JOIN doctors d ON d.hospital_id = r.hospital_id AND d.code = r.code
                          AND d.source_updated_at > r.at`;
    const rows = doctors.map((d) => ({
      id: d.id,
      hospital_id: d.hospitalId,
      code: d.code,
      name: d.name,
      title: d.title ?? null,
      department_codes: d.departmentCodes,
      specialties: d.specialties,
      specialty: d.specialty,
      introduction: d.introduction,
      languages: d.languages,
      rating: d.rating ?? null,
      rating_count: d.ratingCount ?? 0,
      active: d.active,
      specialty_text: specialtyTextOf(d),
      source_updated_at: d.sourceUpdatedAt?.toISOString() ?? null,
    }));
    const changed = await tx.$queryRaw<{ id: string; inserted: boolean }[]>`
      INSERT INTO doctors AS d (id, hospital_id, code, name, title, department_codes, specialties,
        specialty, introduction, languages, rating, rating_count, active, specialty_text, version,
        source_updated_at, created_at, updated_at)
      SELECT r.id, r.hospital_id, r.code, r.name, r.title::doctor_title,
        ARRAY(SELECT jsonb_array_elements_text(r.department_codes)),
        ARRAY(SELECT jsonb_array_elements_text(r.specialties)),
        r.specialty, r.introduction,
        ARRAY(SELECT jsonb_array_elements_text(r.languages)),
        r.rating, r.rating_count, r.active, r.specialty_text, 1, r.source_updated_at, ${now}, ${now}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(
        id uuid, hospital_id uuid, code text, name text, title text, department_codes jsonb, specialties jsonb,
        specialty text, introduction text, languages jsonb, rating float8, rating_count int,
        active boolean, specialty_text text, source_updated_at timestamptz)
      ON CONFLICT (hospital_id, code) DO UPDATE SET
        name = EXCLUDED.name, title = EXCLUDED.title, department_codes = EXCLUDED.department_codes,
        specialties = EXCLUDED.specialties, specialty = EXCLUDED.specialty,
        introduction = EXCLUDED.introduction, languages = EXCLUDED.languages,
        active = EXCLUDED.active, specialty_text = EXCLUDED.specialty_text,
        version = d.version + 1, updated_at = EXCLUDED.updated_at,
        source_updated_at = COALESCE(EXCLUDED.source_updated_at, d.source_updated_at)
      WHERE (d.source_updated_at IS NULL OR EXCLUDED.source_updated_at IS NULL
             OR d.source_updated_at <= EXCLUDED.source_updated_at)
        AND (d.name, d.title, d.department_codes, d.specialties, d.specialty, d.introduction,
             d.languages, d.active)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.title, EXCLUDED.department_codes,
             EXCLUDED.specialties, EXCLUDED.specialty, EXCLUDED.introduction, EXCLUDED.languages,
             EXCLUDED.active)
      RETURNING d.id, (xmax = 0) AS inserted`;
    const inserted = changed.filter((r) => r.inserted).length;
    return {
      inserted,
      updated: changed.length - inserted,
      unchanged: doctors.length - changed.length,
      stale: staleRows[0]?.stale ?? 0,
      changedDoctorIds: changed.map((r) => r.id),
    };
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
