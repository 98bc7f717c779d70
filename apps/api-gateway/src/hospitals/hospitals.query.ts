import { DEPARTMENT_CODE_PATTERN } from '@meridian/clinical';
import { invalidArgument, parseInput } from '@meridian/platform';
import { z } from 'zod';

export const HOSPITALS_QUERY_CODE = 'REQUEST.INVALID_QUERY';

const department = z
  .string()
  .regex(DEPARTMENT_CODE_PATTERN, 'must be a department code such as "cardiology"')
  .max(64)
  .optional();
const limit = z.coerce
  .number({ error: 'must be an integer' })
  .int('must be an integer')
  .min(1)
  .max(100)
  .default(20);
const cursor = z.string().min(1).max(512).optional();
const specialty = z.string().trim().min(1).max(50).optional();

const hospitalsQuery = z.object({
  region: z
    .string()
    .regex(/^\d{6}$/, 'must be a 6-digit GB/T 2260 code such as "330100"')
    .optional(),
  city: z.string().trim().min(1).max(100).optional(),
  department,
  specialty,
  q: z.string().trim().min(1).max(100).optional(),
  openWithinDays: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1)
    .max(30)
    .optional(),
  limit,
  cursor,
});

const doctorsQuery = z.object({ department, specialty, limit, cursor });

export type HospitalsQuery = z.infer<typeof hospitalsQuery>;
export type DoctorsQuery = z.infer<typeof doctorsQuery>;

/**
 * Validates query parameters against `schema`. Unknown or repeated parameters are errors, not
 * silently ignored: a misspelt filter must not return an unfiltered list.
 */
function parseQuery<S extends z.ZodObject>(schema: S, raw: Record<string, unknown>): z.infer<S> {
  const known = new Set(Object.keys(schema.shape));
  const violations = Object.entries(raw).flatMap(([name, value]) => {
    if (!known.has(name))
      return [{ field: name, description: `unknown parameter; allowed: ${[...known].join(', ')}` }];
    if (Array.isArray(value)) return [{ field: name, description: 'must be given once' }];
    return [];
  });
  if (violations.length > 0) throw invalidArgument(HOSPITALS_QUERY_CODE, violations);
  return parseInput(schema, raw, HOSPITALS_QUERY_CODE);
}

/** `GET /v1/hospitals` parameters. */
export function parseHospitalsQuery(raw: Record<string, unknown>): HospitalsQuery {
  return parseQuery(hospitalsQuery, raw);
}

/** `GET /v1/hospitals/:id/doctors` parameters. */
export function parseDoctorsQuery(raw: Record<string, unknown>): DoctorsQuery {
  return parseQuery(doctorsQuery, raw);
}
