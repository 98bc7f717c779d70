import type { z } from 'zod';

import type { FieldViolation } from './domain-error';
import { invalidArgument } from './domain-error';

/** zod issues as field violations, with dotted field paths as the caller spelled them. */
export function violationsOf(error: z.ZodError): FieldViolation[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join('.') : '(request)',
    description: issue.message,
  }));
}

/**
 * Parses input at a public edge (gRPC request, HTTP query, Kafka payload). Bad input becomes an
 * INVALID_ARGUMENT domain error naming every offending field, before anything changes.
 */
export function parseInput<TSchema extends z.ZodType>(
  schema: TSchema,
  input: unknown,
  code: string,
): z.infer<TSchema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw invalidArgument(code, violationsOf(result.error));
}
