import { z } from 'zod';

import { defineEvent } from '../event-definition';
import { Topics } from '../topics';

const SOURCE = '/meridian/hospital-integration';

export const HOSPITAL_LEVELS = [
  'HOSPITAL_LEVEL_TERTIARY_A',
  'HOSPITAL_LEVEL_TERTIARY',
  'HOSPITAL_LEVEL_SECONDARY_A',
  'HOSPITAL_LEVEL_SECONDARY',
  'HOSPITAL_LEVEL_PRIMARY',
  'HOSPITAL_LEVEL_COMMUNITY',
] as const;

export const hospitalDepartmentV1 = z.object({
  code: z.string().min(1).max(64),
  localName: z.string().min(1).max(200),
  nameZh: z.string(),
  nameEn: z.string(),
});

/** The full state of a hospital in the directory (state-carried transfer: consumers need no call back). */
export const hospitalSnapshotV1 = z.object({
  hospitalId: z.uuid(),
  code: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  nameEn: z.string().max(200),
  regionCode: z.string().regex(/^\d{6}$/),
  city: z.string().min(1).max(100),
  level: z.enum(HOSPITAL_LEVELS),
  address: z.string().max(500),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  departments: z.array(hospitalDepartmentV1),
  /** Increases with every change of the hospital; consumers keep only the highest. */
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime(),
});

export type HospitalSnapshotV1 = z.infer<typeof hospitalSnapshotV1>;

export const HospitalRegistered = defineEvent({
  type: 'meridian.hospital.registered.v1',
  topic: Topics.hospitalDirectory,
  source: SOURCE,
  schema: hospitalSnapshotV1,
});

export const HospitalUpdated = defineEvent({
  type: 'meridian.hospital.updated.v1',
  topic: Topics.hospitalDirectory,
  source: SOURCE,
  schema: hospitalSnapshotV1,
});
