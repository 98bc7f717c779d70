import { Injectable } from '@nestjs/common';
import { HospitalRegistered, HospitalUpdated } from '@meridian/contracts';
import type { HospitalSnapshotV1 } from '@meridian/contracts';
import { HandleEvent } from '@meridian/platform';
import type { ReceivedEvent } from '@meridian/platform';

import type { ConsultationTx } from './care-directory.repository';
import { CareDirectoryService } from './care-directory.service';

/** Keeps the care directory in step with hospital-integration's directory events. */
@Injectable()
export class HospitalDirectoryEventsController {
  constructor(private readonly directory: CareDirectoryService) {}

  @HandleEvent(HospitalRegistered, HospitalUpdated)
  async onHospitalChanged(
    event: ReceivedEvent<HospitalSnapshotV1>,
    tx: ConsultationTx,
  ): Promise<void> {
    await this.directory.applySnapshot(tx, event.data);
  }
}
