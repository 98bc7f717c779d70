import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { HospitalRegistered, HospitalUpdated } from '@meridian/contracts';
import {
  OutboxWriter,
  decodeCursor,
  encodeCursor,
  invalidArgument,
  uuidv7,
} from '@meridian/platform';

import { Prisma } from '../generated/prisma/client';
import { departmentCodesMatching } from './department-mapper';
import { DirectoryCache } from './directory.cache';
import { DirectoryRepository } from './directory.repository';
import type { DirectoryTx } from './directory.repository';
import {
  concurrentRegistration,
  doctorNotFound,
  hospitalNotFound,
  idempotencyKeyReused,
  staleHospitalVersion,
} from './directory.errors';
import type { Doctor, DoctorProfile, DoctorUpsertResult } from './doctor';
import { HOSPITAL_LEVELS, resolveDepartments, sameRegistration, toSnapshot } from './hospital';
import type { Hospital, HospitalChanges, HospitalLevel, HospitalRegistration } from './hospital';
import { normalizeSearchText, searchWords } from './search-text';

export interface HospitalPage {
  readonly hospitals: readonly Hospital[];
  readonly nextCursor?: string;
}

export interface SearchCriteria {
  readonly regionCode?: string;
  readonly city?: string;
  readonly departmentCode?: string;
  readonly text?: string;
  readonly specialty?: string;
  /** Only hospitals with a free slot starting within this many days. */
  readonly openSlotsWithinDays?: number;
  readonly pageSize: number;
  readonly cursor?: string;
}

export interface DoctorPage {
  readonly doctors: readonly Doctor[];
  readonly nextCursor?: string;
}

export interface DoctorCriteria {
  readonly hospitalId: string;
  readonly departmentCode?: string;
  readonly specialty?: string;
  readonly pageSize: number;
  readonly cursor?: string;
}

const REGISTER = 'RegisterHospital';
const UPDATE = 'UpdateHospital';
// A reader that missed the cache just before a write may store what it read after the write's
// invalidation; a second invalidation shortly after closes that window.
const SECOND_INVALIDATION_MS = 1_000;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** `330000` → `33` (province), `330100` → `3301` (city), `330106` stays (district). */
export function regionPrefix(regionCode: string): string {
  if (regionCode.endsWith('0000')) return regionCode.slice(0, 2);
  if (regionCode.endsWith('00')) return regionCode.slice(0, 4);
  return regionCode;
}

const LEVEL_CURSOR = /^([A-Z_]+):([0-9a-f-]{36})$/;

/** The hospital directory: registration and updates (idempotent, evented), doctors, search. */
@Injectable()
export class DirectoryService {
  private readonly logger = new Logger(DirectoryService.name);

  constructor(
    private readonly repository: DirectoryRepository,
    private readonly outbox: OutboxWriter,
    private readonly cache: DirectoryCache,
  ) {}

  /**
   * Registers a hospital or updates it by its code. The change and its event are committed together;
   * re-sending the same registration changes nothing and publishes nothing.
   */
  async register(idempotencyKey: string, registration: HospitalRegistration): Promise<Hospital> {
    const hash = requestHash(registration);
    const hospital = await this.withUniqueRetry(
      () =>
        this.repository.transaction((tx) =>
          this.registerIn(tx, idempotencyKey, hash, registration),
        ),
      () => concurrentRegistration(registration.code),
    );
    await this.afterHospitalWrite(hospital.id);
    return hospital;
  }

  /**
   * Replaces a hospital's mutable attributes if it is still at `expectedVersion` (optimistic
   * concurrency); an update that changes nothing keeps the version and publishes nothing.
   */
  async update(
    idempotencyKey: string,
    hospitalId: string,
    expectedVersion: number,
    changes: HospitalChanges,
  ): Promise<Hospital> {
    const hash = requestHash({ hospitalId, expectedVersion, changes });
    const hospital = await this.withUniqueRetry(
      () =>
        this.repository.transaction(async (tx) => {
          const prior = await this.replay(tx, idempotencyKey, UPDATE, hash);
          if (prior) return prior;
          const existing = await this.repository.findByIdForUpdate(tx, hospitalId);
          if (!existing) throw hospitalNotFound(hospitalId);
          if (existing.version !== expectedVersion) {
            throw staleHospitalVersion(hospitalId, expectedVersion, existing.version);
          }
          const next = await this.applyChanges(tx, existing, {
            ...changes,
            code: existing.code,
            regionCode: existing.regionCode,
            city: existing.city,
          });
          await this.repository.saveIdempotencyKey(tx, idempotencyKey, {
            operation: UPDATE,
            requestHash: hash,
            resourceId: next.id,
          });
          return next;
        }),
      () => idempotencyKeyReused(),
    );
    await this.afterHospitalWrite(hospital.id);
    return hospital;
  }

  async get(id: string): Promise<Hospital> {
    const cached = await this.cache.getHospital(id);
    if (cached) return cached;
    const hospital = await this.repository.findById(id);
    if (!hospital) throw hospitalNotFound(id);
    await this.cache.setHospital(hospital);
    return hospital;
  }

  async search(criteria: SearchCriteria): Promise<HospitalPage> {
    const words = criteria.text ? searchWords(criteria.text) : [];
    const specialty = criteria.specialty
      ? normalizeSearchText(criteria.specialty.trim())
      : undefined;
    const filters = {
      region: criteria.regionCode ?? null,
      city: criteria.city ?? null,
      department: criteria.departmentCode ?? null,
      text: words.length > 0 ? words : null,
      specialty: specialty ?? null,
      openDays: criteria.openSlotsWithinDays ?? null,
    };
    const after = this.decodeLevelCursor(decodeCursor(criteria.cursor, filters, 'page_token'));
    // First pages are what most callers ask for again and again; later pages are not cached, nor
    // are open-slot searches (slots change with every booking, and bookings do not invalidate).
    const cacheKey =
      after || criteria.openSlotsWithinDays
        ? undefined
        : { ...filters, pageSize: criteria.pageSize };
    if (cacheKey) {
      const cached = await this.cache.getSearch(cacheKey);
      if (cached) return cached;
    }
    // One extra row tells whether another page exists without a count query.
    const rows = await this.repository.search({
      ...(criteria.regionCode ? { regionPrefix: regionPrefix(criteria.regionCode) } : {}),
      ...(criteria.city ? { city: criteria.city } : {}),
      ...(criteria.departmentCode ? { departmentCode: criteria.departmentCode } : {}),
      words: words.map((text) => ({ text, departmentCodes: departmentCodesMatching(text) })),
      ...(specialty ? { specialty } : {}),
      ...(criteria.openSlotsWithinDays
        ? { openSlotsWithinDays: criteria.openSlotsWithinDays }
        : {}),
      ...(after ? { after } : {}),
      limit: criteria.pageSize + 1,
    });
    const hospitals = rows.slice(0, criteria.pageSize);
    const last = hospitals[hospitals.length - 1];
    const page: HospitalPage =
      rows.length > criteria.pageSize && last
        ? { hospitals, nextCursor: encodeCursor(`${last.level}:${last.id}`, filters) }
        : { hospitals };
    if (cacheKey) await this.cache.setSearch(cacheKey, page);
    return page;
  }

  async getDoctor(id: string): Promise<Doctor> {
    const cached = await this.cache.getDoctor(id);
    if (cached) return cached;
    const doctor = await this.repository.findDoctor(id);
    if (!doctor) throw doctorNotFound(id);
    await this.cache.setDoctor(doctor);
    return doctor;
  }

  async listDoctors(criteria: DoctorCriteria): Promise<DoctorPage> {
    const specialty = criteria.specialty
      ? normalizeSearchText(criteria.specialty.trim())
      : undefined;
    const filters = {
      hospital: criteria.hospitalId,
      department: criteria.departmentCode ?? null,
      specialty: specialty ?? null,
    };
    const after = decodeCursor(criteria.cursor, filters, 'page_token');
    const rows = await this.repository.listDoctors({
      hospitalId: criteria.hospitalId,
      ...(criteria.departmentCode ? { departmentCode: criteria.departmentCode } : {}),
      ...(specialty ? { specialty } : {}),
      ...(after ? { after } : {}),
      limit: criteria.pageSize + 1,
    });
    // An empty first page of an unknown hospital is NOT_FOUND, not an empty list.
    if (rows.length === 0 && !after && !(await this.repository.exists(criteria.hospitalId))) {
      throw hospitalNotFound(criteria.hospitalId);
    }
    const doctors = rows.slice(0, criteria.pageSize);
    const last = doctors[doctors.length - 1];
    return rows.length > criteria.pageSize && last
      ? { doctors, nextCursor: encodeCursor(last.id, filters) }
      : { doctors };
  }

  /**
   * Applies doctor profiles a hospital published at `publishedAt`: inserted or updated by
   * (hospital, doctor code), versioned, idempotent (an unchanged profile changes nothing), and never
   * overwriting a profile published later. Runs in the caller's transaction when one is given, so
   * that the caller's own bookkeeping commits with it.
   */
  async upsertDoctors(
    hospitalId: string,
    profiles: readonly DoctorProfile[],
    publishedAt: Date,
    tx?: DirectoryTx,
  ): Promise<DoctorUpsertResult> {
    const rows = profiles.map((profile) => ({
      ...profile,
      id: uuidv7(),
      hospitalId,
      sourceUpdatedAt: publishedAt,
    }));
    const now = new Date();
    const result = tx
      ? await this.repository.upsertDoctors(tx, rows, now)
      : await this.repository.transaction((own) => this.repository.upsertDoctors(own, rows, now));
    if (result.changedDoctorIds.length > 0) {
      // In the caller's transaction the change is not committed yet: the second invalidation,
      // after the commit, is the one that counts.
      await this.cache.invalidateDoctors(result.changedDoctorIds);
      this.invalidateTwice(() => this.cache.invalidateDoctors(result.changedDoctorIds));
    }
    return result;
  }

  /** Drops cache entries of hospitals changed by someone else (the seed generator, another replica). */
  async invalidateHospitals(ids: readonly string[]): Promise<void> {
    await this.cache.invalidateHospitals(ids);
  }

  private decodeLevelCursor(
    key: string | undefined,
  ): { level: HospitalLevel; id: string } | undefined {
    if (key === undefined) return undefined;
    const match = LEVEL_CURSOR.exec(key);
    if (!match?.[1] || !match[2]) {
      // Cursors issued before hospitals were listed by level carried the id alone.
      throw invalidArgument('PAGINATION.INVALID_CURSOR', [
        { field: 'page_token', description: 'has expired; start again without a cursor' },
      ]);
    }
    const level = HOSPITAL_LEVELS.find((l) => l === match[1]);
    if (!level) {
      throw invalidArgument('PAGINATION.INVALID_CURSOR', [
        { field: 'page_token', description: 'is not a cursor issued by this API' },
      ]);
    }
    return { level, id: match[2] };
  }

  private async withUniqueRetry<T>(
    attempt: () => Promise<T>,
    onSecondViolation: () => Error,
  ): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      // Two first writes of one code (or one key) raced; the loser's retry sees the winner's row.
      if (!isUniqueViolation(error)) throw error;
      try {
        return await attempt();
      } catch (retryError) {
        if (isUniqueViolation(retryError)) throw onSecondViolation();
        throw retryError;
      }
    }
  }

  private async afterHospitalWrite(hospitalId: string): Promise<void> {
    // Publish now rather than at the relay's next poll.
    this.outbox.notifyCommitted();
    await this.cache.invalidateHospitals([hospitalId]);
    this.invalidateTwice(() => this.cache.invalidateHospitals([hospitalId]));
  }

  private invalidateTwice(invalidate: () => Promise<void>): void {
    setTimeout(() => void invalidate(), SECOND_INVALIDATION_MS).unref();
  }

  private async replay(
    tx: DirectoryTx,
    idempotencyKey: string,
    operation: string,
    hash: string,
  ): Promise<Hospital | undefined> {
    const prior = await this.repository.findIdempotencyKey(tx, idempotencyKey);
    if (!prior) return undefined;
    if (prior.operation !== operation || prior.requestHash !== hash) throw idempotencyKeyReused();
    const hospital = await this.repository.findById(prior.resourceId, tx);
    if (!hospital) throw hospitalNotFound(prior.resourceId);
    return hospital;
  }

  private async registerIn(
    tx: DirectoryTx,
    idempotencyKey: string,
    hash: string,
    registration: HospitalRegistration,
  ): Promise<Hospital> {
    const prior = await this.replay(tx, idempotencyKey, REGISTER, hash);
    if (prior) return prior;
    const existing = await this.repository.findByCodeForUpdate(tx, registration.code);
    let hospital: Hospital;
    if (!existing) {
      const now = new Date();
      hospital = {
        ...registration,
        ...resolveDepartments(registration.departments),
        id: uuidv7(),
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await this.repository.insert(tx, hospital);
      await this.outbox.append(tx, HospitalRegistered, toSnapshot(hospital), {
        key: hospital.id,
        subject: hospital.id,
      });
      this.logger.log(
        {
          hospitalId: hospital.id,
          code: hospital.code,
          unmappedDepartments: hospital.unmappedDepartmentNames.length,
        },
        'hospital registered',
      );
    } else {
      hospital = await this.applyChanges(tx, existing, registration);
    }
    await this.repository.saveIdempotencyKey(tx, idempotencyKey, {
      operation: REGISTER,
      requestHash: hash,
      resourceId: hospital.id,
    });
    return hospital;
  }

  /** Writes a changed hospital with the next version and its event; an unchanged one stays as is. */
  private async applyChanges(
    tx: DirectoryTx,
    existing: Hospital,
    registration: HospitalRegistration,
  ): Promise<Hospital> {
    if (sameRegistration(existing, registration)) return existing;
    const hospital: Hospital = {
      ...existing,
      ...registration,
      ...resolveDepartments(registration.departments),
      version: existing.version + 1,
      updatedAt: new Date(),
    };
    await this.repository.update(tx, hospital);
    await this.outbox.append(tx, HospitalUpdated, toSnapshot(hospital), {
      key: hospital.id,
      subject: hospital.id,
    });
    this.logger.log({ hospitalId: hospital.id, version: hospital.version }, 'hospital updated');
    return hospital;
  }
}
