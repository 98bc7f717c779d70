import { z } from 'zod';

/** A coded entry as entered by the patient or coded by a clinician (ICD-10, local codes, …). */
export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

export type Sex = 'UNSPECIFIED' | 'MALE' | 'FEMALE' | 'OTHER';
export type PregnancyStatus = 'UNSPECIFIED' | 'NOT_PREGNANT' | 'PREGNANT' | 'BREASTFEEDING';

/** What the patient tells the assistant about themselves. Every field is PHI. */
export interface HealthProfileFields {
  readonly sex: Sex;
  /** ISO calendar date (YYYY-MM-DD), or null when unknown. */
  readonly birthDate: string | null;
  /** Null when unknown. */
  readonly heightCm: number | null;
  /** Null when unknown. */
  readonly weightKg: number | null;
  readonly pregnancyStatus: PregnancyStatus;
  readonly allergies: readonly Coding[];
  readonly chronicConditions: readonly Coding[];
  readonly currentMedications: readonly Coding[];
  readonly pastSurgeries: readonly Coding[];
}

export interface PatientKey {
  readonly partnerId: string;
  readonly patientId: string;
}

export interface HealthProfile extends HealthProfileFields {
  readonly patient: PatientKey;
  /** 0 when nothing was saved yet. */
  readonly version: number;
  readonly updatedAt: Date | null;
}

/** The fields, each sealed on its own. Order is the storage order; names are the storage names. */
export const PROFILE_FIELDS = [
  'sex',
  'birthDate',
  'heightCm',
  'weightKg',
  'pregnancyStatus',
  'allergies',
  'chronicConditions',
  'currentMedications',
  'pastSurgeries',
] as const satisfies readonly (keyof HealthProfileFields)[];

export const EMPTY_PROFILE: HealthProfileFields = {
  sex: 'UNSPECIFIED',
  birthDate: null,
  heightCm: null,
  weightKg: null,
  pregnancyStatus: 'UNSPECIFIED',
  allergies: [],
  chronicConditions: [],
  currentMedications: [],
  pastSurgeries: [],
};

const MAX_CODINGS = 50;

const coding = z.object({
  system: z.string().trim().min(1, 'is required').max(64),
  code: z.string().trim().max(64),
  display: z.string().trim().max(200),
});

const codings = z
  .array(
    coding.refine((c) => c.code !== '' || c.display !== '', {
      message: 'needs a code or a display text',
    }),
  )
  .max(MAX_CODINGS, `at most ${String(MAX_CODINGS)} entries`);

/** The identifier of a partner or of a patient within a partner, as the gateway issues them. */
export const externalId = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(128)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'may hold letters, digits, and _ . : -');

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Field checks that need more than one field or today's date. */
export function profileViolations(
  fields: HealthProfileFields,
  today: Date,
): { field: string; description: string }[] {
  const violations: { field: string; description: string }[] = [];
  if (fields.birthDate !== null) {
    const birth = new Date(`${fields.birthDate}T00:00:00Z`);
    if (birth.getTime() > today.getTime()) {
      violations.push({ field: 'profile.birthDate', description: 'is in the future' });
    }
    if (birth.getUTCFullYear() < 1900) {
      violations.push({ field: 'profile.birthDate', description: 'is before 1900' });
    }
  }
  const pregnancyApplies =
    fields.pregnancyStatus === 'PREGNANT' || fields.pregnancyStatus === 'BREASTFEEDING';
  if (pregnancyApplies && fields.sex === 'MALE') {
    violations.push({
      field: 'profile.pregnancyStatus',
      description: 'cannot be pregnant or breastfeeding when sex is male',
    });
  }
  return violations;
}

export const calendarDate = z
  .object({ year: z.number().int(), month: z.number().int(), day: z.number().int() })
  .nullish()
  .transform((value, context) => {
    if (
      value === null ||
      value === undefined ||
      (value.year === 0 && value.month === 0 && value.day === 0)
    )
      return null;
    if (!isRealDate(value.year, value.month, value.day)) {
      context.addIssue({ code: 'custom', message: 'is not a calendar date' });
      return z.NEVER;
    }
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    return `${pad(value.year, 4)}-${pad(value.month, 2)}-${pad(value.day, 2)}`;
  });

export const profileFieldsSchema = z.object({
  sex: z.enum(['UNSPECIFIED', 'MALE', 'FEMALE', 'OTHER']),
  birthDate: calendarDate,
  heightCm: z
    .number()
    .int('must be whole centimetres')
    .refine((v) => v === 0 || (v >= 30 && v <= 272), 'must be 0 (unknown) or 30–272')
    .transform((v) => (v === 0 ? null : v)),
  weightKg: z
    .number()
    .refine((v) => Number.isFinite(v) && (v === 0 || (v >= 0.3 && v <= 650)), {
      message: 'must be 0 (unknown) or 0.3–650',
    })
    .transform((v) => (v === 0 ? null : Math.round(v * 10) / 10)),
  pregnancyStatus: z.enum(['UNSPECIFIED', 'NOT_PREGNANT', 'PREGNANT', 'BREASTFEEDING']),
  allergies: codings,
  chronicConditions: codings,
  currentMedications: codings,
  pastSurgeries: codings,
});
