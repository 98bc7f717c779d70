import { DomainError, invalidArgument, notFound } from '@meridian/platform';

/** Stable codes of the directory's errors; clients switch on them. */
export const DirectoryErrorCode = {
  invalidRequest: 'HOSPITAL.INVALID_REQUEST',
  notFound: 'HOSPITAL.NOT_FOUND',
  idempotencyKeyReused: 'IDEMPOTENCY.KEY_REUSED',
  concurrentRegistration: 'HOSPITAL.CONCURRENT_REGISTRATION',
  versionMismatch: 'HOSPITAL.VERSION_MISMATCH',
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

export const DoctorErrorCode = {
  notFound: 'DOCTOR.NOT_FOUND',
} as const;

export function doctorNotFound(id: string): DomainError {
  return notFound(DoctorErrorCode.notFound, `No doctor with id ${id}`, { doctorId: id });
}

export function staleHospitalVersion(id: string, expected: number, actual: number): DomainError {
  return new DomainError(
    'CONFLICT',
    DirectoryErrorCode.versionMismatch,
    `Hospital ${id} is at version ${actual}, not ${expected}; read it again and retry`,
    { metadata: { hospitalId: id, currentVersion: String(actual) } },
  );
}
