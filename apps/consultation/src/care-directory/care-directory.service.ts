import { Injectable, Logger } from '@nestjs/common';
import type { HospitalSnapshotV1 } from '@meridian/contracts';
import { decodeCursor, pageOf, notFound } from '@meridian/platform';

import { CareDirectoryRepository } from './care-directory.repository';
import type { ConsultationTx } from './care-directory.repository';
import type { DirectoryHospital } from './directory-hospital';

export interface DirectoryPage {
  readonly hospitals: readonly DirectoryHospital[];
  readonly nextCursor?: string;
}

export interface DirectorySearch {
  readonly city?: string;
  readonly departmentCode?: string;
  readonly pageSize: number;
  readonly cursor?: string;
}

/** Consultation's local view of the hospital directory, kept current by directory events. */
@Injectable()
export class CareDirectoryService {
  private readonly logger = new Logger(CareDirectoryService.name);

  constructor(private readonly repository: CareDirectoryRepository) {}

  async applySnapshot(tx: ConsultationTx, snapshot: HospitalSnapshotV1): Promise<void> {
    const changed = await this.repository.applySnapshot(tx, snapshot);
    this.logger.log(
      { hospitalId: snapshot.hospitalId, version: snapshot.version, changed },
      changed ? 'directory hospital stored' : 'stale directory event ignored',
    );
  }

  async get(id: string): Promise<DirectoryHospital> {
    const hospital = await this.repository.findById(id);
    if (!hospital)
      throw notFound(
        'CARE_DIRECTORY.HOSPITAL_NOT_FOUND',
        `No hospital with id ${id} in the care directory`,
      );
    return hospital;
  }

  async search(search: DirectorySearch): Promise<DirectoryPage> {
    const filters = { city: search.city ?? null, department: search.departmentCode ?? null };
    const after = decodeCursor(search.cursor, filters, 'page_token');
    const rows = await this.repository.search({
      ...(search.city ? { city: search.city } : {}),
      ...(search.departmentCode ? { departmentCode: search.departmentCode } : {}),
      ...(after ? { after } : {}),
      limit: search.pageSize + 1,
    });
    const page = pageOf(rows, search.pageSize, filters, (hospital) => hospital.id);
    return { hospitals: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }
}
