import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { HospitalRegistered, HospitalUpdated } from '@meridian/contracts';
import { findDepartment } from '@meridian/clinical';
import { OutboxWriter, decodeCursor, pageOf, uuidv7 } from '@meridian/platform';

import { Prisma } from '../generated/prisma/client';
import { DirectoryRepository } from './directory.repository';
import type { DirectoryTx } from './directory.repository';
import { concurrentRegistration, hospitalNotFound, idempotencyKeyReused } from './directory.errors';
import { sameRegistration, toSnapshot } from './hospital';
import type { Hospital, HospitalRegistration } from './hospital';

export interface HospitalPage {
  readonly hospitals: readonly Hospital[];
  readonly nextCursor?: string;
}

export interface SearchCriteria {
  readonly city?: string;
  readonly departmentCode?: string;
  readonly pageSize: number;
  readonly cursor?: string;
}

const REGISTER = 'RegisterHospital';

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/** The hospital directory: registration (idempotent, evented) and search. */
@Injectable()
export class DirectoryService {
  private readonly logger = new Logger(DirectoryService.name);

  constructor(
    private readonly repository: DirectoryRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * Registers a hospital or updates it by its code. The change and its event are committed together;
   * re-sending the same registration changes nothing and publishes nothing.
   */
  async register(idempotencyKey: string, registration: HospitalRegistration): Promise<Hospital> {
    const requestHash = createHash('sha256').update(JSON.stringify(registration)).digest('hex');
    const hospital = await this.registerWithRetry(idempotencyKey, requestHash, registration);
    // Publish now rather than at the relay's next poll.
    this.outbox.notifyCommitted();
    return hospital;
  }

  private async registerWithRetry(
    idempotencyKey: string,
    requestHash: string,
    registration: HospitalRegistration,
  ): Promise<Hospital> {
    try {
      return await this.repository.transaction((tx) =>
        this.registerIn(tx, idempotencyKey, requestHash, registration),
      );
    } catch (error) {
      // Two first registrations of one code (or one key) raced; the loser's retry sees the winner's row.
      if (!isUniqueViolation(error)) throw error;
      try {
        return await this.repository.transaction((tx) =>
          this.registerIn(tx, idempotencyKey, requestHash, registration),
        );
      } catch (retryError) {
        if (isUniqueViolation(retryError)) throw concurrentRegistration(registration.code);
        throw retryError;
      }
    }
  }

  private async registerIn(
    tx: DirectoryTx,
    idempotencyKey: string,
    requestHash: string,
    registration: HospitalRegistration,
  ): Promise<Hospital> {
    const prior = await this.repository.findIdempotencyKey(tx, idempotencyKey);
    if (prior) {
      if (prior.operation !== REGISTER || prior.requestHash !== requestHash)
        throw idempotencyKeyReused();
      const hospital = await this.repository.findById(prior.resourceId, tx);
      if (!hospital) throw hospitalNotFound(prior.resourceId);
      return hospital;
    }
    const existing = await this.repository.findByCodeForUpdate(tx, registration.code);
    const now = new Date();
    const departments = registration.departments.map((d) => {
      const standard = findDepartment(d.code);
      return {
        code: d.code,
        localName: d.localName,
        nameZh: standard?.nameZh ?? '',
        nameEn: standard?.nameEn ?? '',
      };
    });
    let hospital: Hospital;
    if (!existing) {
      hospital = {
        ...registration,
        departments,
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
      this.logger.log({ hospitalId: hospital.id, code: hospital.code }, 'hospital registered');
    } else if (sameRegistration(existing, registration)) {
      hospital = existing;
    } else {
      hospital = {
        ...existing,
        ...registration,
        departments,
        version: existing.version + 1,
        updatedAt: now,
      };
      await this.repository.update(tx, hospital);
      await this.outbox.append(tx, HospitalUpdated, toSnapshot(hospital), {
        key: hospital.id,
        subject: hospital.id,
      });
      this.logger.log({ hospitalId: hospital.id, version: hospital.version }, 'hospital updated');
    }
    await this.repository.saveIdempotencyKey(tx, idempotencyKey, {
      operation: REGISTER,
      requestHash,
      resourceId: hospital.id,
    });
    return hospital;
  }

  async get(id: string): Promise<Hospital> {
    const hospital = await this.repository.findById(id);
    if (!hospital) throw hospitalNotFound(id);
    return hospital;
  }

  async search(criteria: SearchCriteria): Promise<HospitalPage> {
    const filters = { city: criteria.city ?? null, department: criteria.departmentCode ?? null };
    const after = decodeCursor(criteria.cursor, filters, 'page_token');
    // One extra row tells whether another page exists without a count query.
    const rows = await this.repository.search({
      ...(criteria.city ? { city: criteria.city } : {}),
      ...(criteria.departmentCode ? { departmentCode: criteria.departmentCode } : {}),
      ...(after ? { after } : {}),
      limit: criteria.pageSize + 1,
    });
    const page = pageOf(rows, criteria.pageSize, filters, (hospital) => hospital.id);
    return { hospitals: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }
}
