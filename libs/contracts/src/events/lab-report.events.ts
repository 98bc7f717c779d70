import { z } from 'zod';

import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

const SOURCE = '/meridian/hospital-integration';

/** One result line as judged by libs/clinical (no patient identity travels in the event). */
export const labResultV1 = z.object({
  position: z.number().int().min(0),
  /** LOINC code of the recognised test; null when the catalogue does not know the test. */
  loincCode: z.string().nullable(),
  name: z.string(),
  /** As printed by the hospital. */
  value: z.string(),
  unit: z.string(),
  /** In `unitCanonical` (UCUM); null for qualitative or unread values. */
  valueCanonical: z.number().nullable(),
  unitCanonical: z.string().nullable(),
  /** N, L, H, LL, HH, A; null when no flag could be computed. */
  flag: z.enum(['N', 'L', 'H', 'LL', 'HH', 'A']).nullable(),
  critical: z.boolean(),
});

/** A hospital published (or replaced) a lab report; state-carried, keyed by report id. */
export const labReportReceivedV1 = z.object({
  reportId: z.uuid(),
  hospitalId: z.uuid(),
  reportCode: z.string().min(1).max(64),
  /** Platform patient; null while the report is unmatched. */
  patientId: z.uuid().nullable(),
  patientMatched: z.boolean(),
  appointmentId: z.uuid().nullable(),
  title: z.string(),
  collectedAt: z.iso.datetime(),
  reportedAt: z.iso.datetime(),
  /** 1 for the first publication; increases with every replacement. Consumers keep the highest. */
  version: z.number().int().positive(),
  catalogueVersion: z.string(),
  abnormalCount: z.number().int().min(0),
  criticalCount: z.number().int().min(0),
  results: z.array(labResultV1),
  occurredAt: z.iso.datetime(),
});

export type LabReportReceivedV1 = z.infer<typeof labReportReceivedV1>;

export const LabReportReceived = defineEvent({
  type: 'meridian.hospital.lab-report.received.v1',
  topic: Topics.hospitalLabReports,
  source: SOURCE,
  schema: labReportReceivedV1,
});
