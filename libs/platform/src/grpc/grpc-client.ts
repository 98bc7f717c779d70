import { Metadata, credentials as grpcCredentials, loadPackageDefinition } from '@grpc/grpc-js';
import type {
  CallOptions,
  ChannelCredentials,
  Client,
  ServiceClientConstructor,
  ServiceError,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import type { Observable } from 'rxjs';
import { PROTO_LOADER_OPTIONS } from '@meridian/proto';

import { CORRELATION_HEADER, currentCorrelationId } from '../context/correlation';
import { histogram } from '../metrics/registry';

export interface GrpcClientOptions {
  /** `host:port` of the service. */
  readonly target: string;
  /** Proto files (relative to the proto root) that define the service. */
  readonly protoFiles: readonly string[];
  /** Fully-qualified service name, e.g. `meridian.hospital.v1.HospitalDirectory`. */
  readonly service: string;
  /** Deadline applied to every call unless the call sets its own. */
  readonly deadlineMs: number;
  readonly credentials?: ChannelCredentials;
}

export interface CallSettings {
  readonly deadlineMs?: number;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** Turns a ts-proto NestJS client interface (Observable-returning) into a Promise-returning client. */
export type PromiseClient<T> = {
  [K in keyof T]: T[K] extends (request: infer Req, ...rest: never[]) => Observable<infer Res>
    ? (request: Req, settings?: CallSettings) => Promise<Res>
    : never;
};

export interface GrpcClient<T> {
  readonly call: PromiseClient<T>;
  close(): void;
}

const callDuration = histogram('grpc_client_call_duration_seconds', 'Outgoing gRPC calls', [
  'service',
  'method',
  'code',
]);

type UnaryMethod = (
  request: unknown,
  metadata: Metadata,
  options: CallOptions,
  callback: (error: ServiceError | null, response: unknown) => void,
) => void;

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function resolveConstructor(
  root: Record<string, unknown>,
  service: string,
): ServiceClientConstructor {
  let node: unknown = root;
  for (const part of service.split('.'))
    node = (node as Record<string, unknown> | undefined)?.[part];
  if (typeof node !== 'function')
    throw new Error(`gRPC service ${service} not found in its proto files`);
  return node as ServiceClientConstructor;
}

/**
 * A client for one gRPC service: every call has a deadline and carries the current correlation id,
 * connections are kept alive and reused. Unary methods only; streaming ones are added where needed.
 */
export function createGrpcClient<T>(options: GrpcClientOptions): GrpcClient<T> {
  const definition = loadSync([...options.protoFiles], PROTO_LOADER_OPTIONS);
  const Ctor = resolveConstructor(loadPackageDefinition(definition), options.service);
  const client: Client = new Ctor(
    options.target,
    options.credentials ?? grpcCredentials.createInsecure(),
    {
      'grpc.keepalive_time_ms': 30_000,
      'grpc.keepalive_timeout_ms': 10_000,
      'grpc.keepalive_permit_without_calls': 1,
      // With a `dns:///` target resolving to several pods (a headless Service), spread calls over all.
      'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
    },
  );
  const call: Record<string, (request: unknown, settings?: CallSettings) => Promise<unknown>> = {};
  const shortService = options.service.slice(options.service.lastIndexOf('.') + 1);
  for (const [name, method] of Object.entries(Ctor.service)) {
    if (method.requestStream || method.responseStream) continue;
    const fn = (client as unknown as Record<string, UnaryMethod>)[name];
    if (!fn) continue;
    call[lowerFirst(name)] = (request, settings = {}) => {
      const metadata = new Metadata();
      const correlationId = currentCorrelationId();
      if (correlationId) metadata.set(CORRELATION_HEADER, correlationId);
      for (const [key, value] of Object.entries(settings.metadata ?? {})) metadata.set(key, value);
      const deadline = new Date(Date.now() + (settings.deadlineMs ?? options.deadlineMs));
      const stop = callDuration.startTimer({ service: shortService, method: name });
      return new Promise((resolve, reject) => {
        fn.call(client, request, metadata, { deadline }, (error, response) => {
          stop({ code: error ? String(error.code) : '0' });
          if (error) reject(error);
          else resolve(response);
        });
      });
    };
  }
  return { call: call as PromiseClient<T>, close: () => client.close() };
}
