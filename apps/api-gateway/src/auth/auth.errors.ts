import { DomainError, invalidArgument } from '@meridian/platform';

export const AuthErrorCode = {
  invalidClient: 'AUTH.INVALID_CLIENT',
  invalidToken: 'AUTH.INVALID_TOKEN',
  unsupportedGrantType: 'AUTH.UNSUPPORTED_GRANT_TYPE',
  invalidRequest: 'AUTH.INVALID_REQUEST',
  insufficientScope: 'AUTH.INSUFFICIENT_SCOPE',
  rateLimited: 'AUTH.RATE_LIMITED',
} as const;

/** Wrong id or secret, or a suspended client: one answer for all, so ids cannot be probed. */
export function invalidClient(): DomainError {
  return new DomainError(
    'UNAUTHENTICATED',
    AuthErrorCode.invalidClient,
    'Client authentication failed',
    {
      metadata: { error: 'invalid_client' },
    },
  );
}

export function invalidToken(reason: string): DomainError {
  return new DomainError('UNAUTHENTICATED', AuthErrorCode.invalidToken, reason, {
    metadata: { error: 'invalid_token' },
  });
}

export function unsupportedGrantType(): DomainError {
  return invalidArgument(AuthErrorCode.unsupportedGrantType, [
    { field: 'grant_type', description: 'only client_credentials is supported' },
  ]);
}

export function insufficientScope(scope: string): DomainError {
  return new DomainError(
    'PERMISSION_DENIED',
    AuthErrorCode.insufficientScope,
    `This call needs scope ${scope}`,
    {
      metadata: { error: 'insufficient_scope', scope },
    },
  );
}

export function rateLimited(retryAfterMs: number): DomainError {
  return new DomainError(
    'RESOURCE_EXHAUSTED',
    AuthErrorCode.rateLimited,
    'Rate limit exceeded for this client',
    {
      retryAfterMs,
    },
  );
}
