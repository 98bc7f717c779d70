import { DomainError, invalidArgument, notFound } from '@meridian/platform';

/** Stable codes of the directory's errors; clients switch on them. */
export const DirectoryErrorCode = {
  invalidRequest: 'HOSPITAL.INVALID_REQUEST',
  notFound: 'HOSPITAL.NOT_FOUND',
  idempotencyKeyReused: 'IDEMPOTENCY.KEY_REUSED',
  concurrentRegistration: 'HOSPITAL.CONCURRENT_REGISTRATION',
} as const;

export function hospitalNotFound(id: string): DomainError {
  return notFound(DirectoryErrorCode.notFound, `No hospital with id ${id}`, { hospitalId: id });
}

export function idempotencyKeyReused(): DomainError {
  return invalidArgument(DirectoryErrorCode.idempotencyKeyReused, [
    { field: 'idempotency_key', description: 'was already used for a different request' },
  ]);
}

export function concurrentRegistration(code: string): DomainError {
  return new DomainError(
    'CONFLICT',
    DirectoryErrorCode.concurrentRegistration,
    `Hospital ${code} is being registered concurrently; retry`,
    { retryAfterMs: 100 },
  );
}
