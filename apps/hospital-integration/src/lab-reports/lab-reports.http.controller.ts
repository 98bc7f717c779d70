import { Controller, Get, Header, Logger, Param } from '@nestjs/common';
import type { Bundle } from '@medplum/fhirtypes';
import { parseInput } from '@meridian/platform';
import { z } from 'zod';

import { labReportBundle } from './fhir/lab-report.fhir';
import { LabReportErrorCode } from './lab-reports.errors';
import { LabReportsService } from './lab-reports.service';

const params = z.object({ id: z.uuid('must be a UUID') });

/**
 * FHIR R4 read of stored lab reports, on the service's internal HTTP port (for the gateway and
 * other platform services, never exposed to the internet as is).
 */
@Controller('fhir')
export class LabReportsHttpController {
  private readonly audit = new Logger('PhiAudit');

  constructor(private readonly labReports: LabReportsService) {}

  /** The report as a `collection` Bundle: the DiagnosticReport first, then its Observations. */
  @Get('DiagnosticReport/:id')
  @Header('content-type', 'application/fhir+json; charset=utf-8')
  async diagnosticReport(@Param() raw: Record<string, string>): Promise<Bundle> {
    const { id } = parseInput(params, raw, LabReportErrorCode.invalidReport);
    const report = await this.labReports.get(id);
    // Every read of PHI is audited.
    this.audit.log(
      { action: 'read', resource: 'DiagnosticReport', reportId: id, hospitalId: report.hospitalId },
      'lab report read',
    );
    return labReportBundle(report);
  }
}
