import { normalizeSearchText } from './search-text';

export const DOCTOR_TITLES = ['RESIDENT', 'ATTENDING', 'ASSOCIATE_CHIEF', 'CHIEF'] as const;
export type DoctorTitle = (typeof DOCTOR_TITLES)[number];

/** A doctor's profile as the hospital publishes it, keyed by the hospital's own code. */
export interface DoctorProfile {
  readonly code: string;
  readonly name: string;
  readonly title?: DoctorTitle;
  /** Standard taxonomy codes. */
  readonly departmentCodes: readonly string[];
  readonly specialties: readonly string[];
  /** Clinical interests in the hospital's words (擅长). */
  readonly specialty: string;
  readonly introduction: string;
  /** BCP 47 tags. */
  readonly languages: readonly string[];
  readonly active: boolean;
}

export interface Doctor extends DoctorProfile {
  readonly id: string;
  readonly hospitalId: string;
  /** Patients' average, 1–5; undefined until rated. */
  readonly rating?: number;
  readonly ratingCount: number;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What a doctor's specialty filter is matched against. */
export function specialtyTextOf(profile: DoctorProfile): string {
  return normalizeSearchText([...profile.specialties, profile.specialty].join(' '));
}

export interface DoctorListing {
  readonly hospitalId: string;
  readonly departmentCode?: string;
  /** Normalised text the doctor's specialties must contain. */
  readonly specialty?: string;
  readonly limit: number;
  readonly after?: string;
}

/** Outcome of applying a batch of profiles: how many rows changed, and which profiles were refused. */
export interface DoctorUpsertResult {
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Of the unchanged: profiles older than the stored ones (published before them). */
  readonly stale: number;
  readonly changedDoctorIds: readonly string[];
}
