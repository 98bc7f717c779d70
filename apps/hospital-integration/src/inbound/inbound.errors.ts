import { DomainError, invalidArgument } from '@meridian/platform';
import type { FieldViolation } from '@meridian/platform';

export const InboundErrorCode = {
  unauthenticated: 'INBOUND.UNAUTHENTICATED',
  credentialRevoked: 'INBOUND.CREDENTIAL_REVOKED',
  unknownHospital: 'INBOUND.UNKNOWN_HOSPITAL',
  invalidMessage: 'INBOUND.INVALID_MESSAGE',
  messageIdReused: 'INBOUND.MESSAGE_ID_REUSED',
  notImplemented: 'INBOUND.NOT_IMPLEMENTED',
} as const;

export function unauthenticated(code: string, message: string): DomainError {
  return new DomainError('UNAUTHENTICATED', code, message);
}

export function messageIdReused(kind: string): DomainError {
  return invalidArgument(InboundErrorCode.messageIdReused, [
    { field: 'message_id', description: `was already used by a ${kind} message of this hospital` },
  ]);
}

export function kindNotImplemented(kind: string): DomainError {
  return new DomainError(
    'UNIMPLEMENTED',
    InboundErrorCode.notImplemented,
    `${kind} is not accepted yet: no module applies it in this release`,
  );
}

function snakeCase(segment: string): string {
  return segment.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Field paths as the proto spells them (report.observations.0.loinc_code), for hospital integrators. */
export function withProtoFieldNames(error: DomainError): DomainError {
  if (error.violations.length === 0) return error;
  const violations: FieldViolation[] = error.violations.map((v) => ({
    field: v.field.split('.').map(snakeCase).join('.'),
    description: v.description,
  }));
  const message = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
  return new DomainError(error.kind, error.code, message, {
    violations,
    metadata: error.metadata,
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  });
}
