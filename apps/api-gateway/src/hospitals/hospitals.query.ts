import { DEPARTMENT_CODE_PATTERN } from '@meridian/clinical';
import { invalidArgument, parseInput } from '@meridian/platform';
import { z } from 'zod';

export const HOSPITALS_QUERY_CODE = 'REQUEST.INVALID_QUERY';

const hospitalsQuery = z.object({
  city: z.string().trim().min(1).max(100).optional(),
  department: z
    .string()
    .regex(DEPARTMENT_CODE_PATTERN, 'must be a department code such as "cardiology"')
    .max(64)
    .optional(),
  limit: z.coerce
    .number({ error: 'must be an integer' })
    .int('must be an integer')
    .min(1)
    .max(100)
    .default(20),
  cursor: z.string().min(1).max(512).optional(),
});

export type HospitalsQuery = z.infer<typeof hospitalsQuery>;

const KNOWN = new Set(Object.keys(hospitalsQuery.shape));

/**
 * Validates `GET /v1/hospitals` parameters. Unknown or repeated parameters are errors, not silently
 * ignored: a misspelt filter must not return an unfiltered list.
 */
export function parseHospitalsQuery(raw: Record<string, unknown>): HospitalsQuery {
  const violations = Object.entries(raw).flatMap(([name, value]) => {
    if (!KNOWN.has(name))
      return [{ field: name, description: `unknown parameter; allowed: ${[...KNOWN].join(', ')}` }];
    if (Array.isArray(value)) return [{ field: name, description: 'must be given once' }];
    return [];
  });
  if (violations.length > 0) throw invalidArgument(HOSPITALS_QUERY_CODE, violations);
  return parseInput(hospitalsQuery, raw, HOSPITALS_QUERY_CODE);
}
