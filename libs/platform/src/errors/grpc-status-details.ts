import { Metadata } from '@grpc/grpc-js';
import type { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { PROTO_FILES, PROTO_ROOT } from '@meridian/proto';

import type { FieldViolation } from './domain-error';

/** Metadata key of the binary google.rpc.Status carried by rich gRPC errors. */
export const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
/** google.rpc.ErrorInfo.domain for every error Meridian raises. */
export const ERROR_DOMAIN = 'meridian.health';

// google.rpc.Status and its detail messages from the repository's proto/google/rpc, parsed once
// with their proto field names (protobufjs supplies google/protobuf/any and duration itself).
const root = new protobuf.Root();
root.resolvePath = (_origin, target) =>
  target.startsWith('google/protobuf/') ? target : join(PROTO_ROOT, target);
root.loadSync([...PROTO_FILES.errorDetails], { keepCase: true });

const StatusType = root.lookupType('google.rpc.Status');
const ErrorInfoType = root.lookupType('google.rpc.ErrorInfo');
const BadRequestType = root.lookupType('google.rpc.BadRequest');
const RetryInfoType = root.lookupType('google.rpc.RetryInfo');
const TYPE_PREFIX = 'type.googleapis.com/';

/** What a rich gRPC error says beyond its status code. */
export interface GrpcErrorDetails {
  readonly reason?: string;
  readonly domain?: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly violations: readonly FieldViolation[];
  readonly retryAfterMs?: number;
}

function pack(
  type: protobuf.Type,
  value: Record<string, unknown>,
): { type_url: string; value: Uint8Array } {
  return {
    type_url: TYPE_PREFIX + type.fullName.slice(1),
    value: type.encode(type.fromObject(value)).finish(),
  };
}

/** Encodes a google.rpc.Status with ErrorInfo, BadRequest and RetryInfo details. */
export function encodeStatusDetails(
  code: GrpcStatus,
  message: string,
  details: GrpcErrorDetails,
): Buffer {
  const any: { type_url: string; value: Uint8Array }[] = [];
  if (details.reason) {
    any.push(
      pack(ErrorInfoType, {
        reason: details.reason,
        domain: details.domain ?? ERROR_DOMAIN,
        metadata: details.metadata,
      }),
    );
  }
  if (details.violations.length > 0) {
    any.push(pack(BadRequestType, { field_violations: details.violations.map((v) => ({ ...v })) }));
  }
  if (details.retryAfterMs !== undefined) {
    const seconds = Math.floor(details.retryAfterMs / 1000);
    const nanos = (details.retryAfterMs % 1000) * 1_000_000;
    any.push(pack(RetryInfoType, { retry_delay: { seconds, nanos } }));
  }
  return Buffer.from(
    StatusType.encode(StatusType.fromObject({ code, message, details: any })).finish(),
  );
}

interface DecodedAny {
  type_url: string;
  value: Uint8Array;
}

/** Reads the details of a rich gRPC error; tolerates their absence or corruption. */
export function decodeStatusDetails(metadata: Metadata | undefined): GrpcErrorDetails {
  const raw = metadata?.get(STATUS_DETAILS_KEY)[0];
  const empty: GrpcErrorDetails = { metadata: {}, violations: [] };
  if (!raw || typeof raw === 'string') return empty;
  let decoded: { details?: DecodedAny[] };
  try {
    decoded = StatusType.toObject(StatusType.decode(raw), { defaults: true });
  } catch {
    // A peer sent undecodable details: the status code and message still stand on their own.
    return empty;
  }
  let result: GrpcErrorDetails = empty;
  for (const item of decoded.details ?? []) {
    const typeName = item.type_url.slice(item.type_url.lastIndexOf('/') + 1);
    if (typeName === 'google.rpc.ErrorInfo') {
      const info = ErrorInfoType.toObject(ErrorInfoType.decode(item.value), { defaults: true }) as {
        reason: string;
        domain: string;
        metadata: Record<string, string>;
      };
      result = { ...result, reason: info.reason, domain: info.domain, metadata: info.metadata };
    } else if (typeName === 'google.rpc.BadRequest') {
      const bad = BadRequestType.toObject(BadRequestType.decode(item.value), {
        defaults: true,
      }) as {
        field_violations: FieldViolation[];
      };
      result = {
        ...result,
        violations: bad.field_violations.map(({ field, description }) => ({ field, description })),
      };
    } else if (typeName === 'google.rpc.RetryInfo') {
      const retry = RetryInfoType.toObject(RetryInfoType.decode(item.value), {
        longs: Number,
        defaults: true,
      }) as {
        retry_delay?: { seconds: number; nanos: number };
      };
      if (retry.retry_delay) {
        result = {
          ...result,
          retryAfterMs:
            retry.retry_delay.seconds * 1000 + Math.round(retry.retry_delay.nanos / 1e6),
        };
      }
    }
  }
  return result;
}

/** True for errors raised by a grpc-js call. */
export function isServiceError(error: unknown): error is ServiceError {
  return (
    error instanceof Error &&
    typeof (error as Partial<ServiceError>).code === 'number' &&
    (error as Partial<ServiceError>).metadata instanceof Metadata
  );
}
