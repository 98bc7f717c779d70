import { DomainError } from '@meridian/platform';

export const AccessErrorCode = {
  invalidApiKey: 'MODEL_ROUTER.INVALID_API_KEY',
} as const;

export function missingApiKey(): DomainError {
  return new DomainError(
    'UNAUTHENTICATED',
    AccessErrorCode.invalidApiKey,
    'No API key: send it as "Authorization: Bearer <key>"',
  );
}

export function invalidApiKey(): DomainError {
  return new DomainError(
    'UNAUTHENTICATED',
    AccessErrorCode.invalidApiKey,
    'The API key is not valid (unknown or revoked)',
  );
}
