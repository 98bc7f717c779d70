import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { LabReportsHttpController } from './lab-reports.http.controller';
import { LabReportsRepository } from './lab-reports.repository';
import { LabReportsService, PATIENT_MATCH_KEY } from './lab-reports.service';

/** Lab reports hospitals publish: storage, the lab report received event and the FHIR export. */
@Module({})
export class LabReportsModule {
  static forRoot(patientMatchKey: string): DynamicModule {
    return {
      module: LabReportsModule,
      controllers: [LabReportsHttpController],
      providers: [
        LabReportsRepository,
        LabReportsService,
        { provide: PATIENT_MATCH_KEY, useValue: patientMatchKey },
      ],
      exports: [LabReportsService],
    };
  }
}
