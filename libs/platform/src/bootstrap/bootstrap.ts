import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { ServerCredentials } from '@grpc/grpc-js';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import type { GrpcOptions } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { PROTO_LOADER_OPTIONS, PROTO_ROOT } from '@meridian/proto';

import { ConfigError } from '../config/config';
import { CORRELATION_HEADER, normaliseCorrelationId } from '../context/correlation';
import { CorrelationInterceptor } from '../context/correlation.interceptor';
import { AllExceptionsFilter } from '../errors/all-exceptions.filter';
import { initMetrics } from '../metrics/registry';
import { RequestMetricsInterceptor } from '../metrics/request-metrics.interceptor';
import { MigrationError } from '../prisma/migrator';

/** One gRPC server of a service (a service may expose several, e.g. platform side and hospital side). */
export interface GrpcEndpoint {
  /** `host:port` to bind. */
  readonly url: string;
  /** Proto packages served, e.g. `meridian.hospital.v1`. */
  readonly packages: readonly string[];
  /** Proto files relative to the proto root. */
  readonly protoFiles: readonly string[];
  /** Server credentials (TLS, mTLS); plaintext when absent. */
  readonly credentials?: ServerCredentials;
}

export interface ServiceDefinition {
  readonly name: string;
  readonly version: string;
  readonly module: Type<unknown> | DynamicModule;
  readonly http: { readonly host: string; readonly port: number };
  readonly grpc?: readonly GrpcEndpoint[];
  readonly bodyLimitBytes?: number;
  /** Longest a graceful shutdown may take before the process exits anyway (SHUTDOWN_GRACE_MS). */
  readonly shutdownGraceMs?: number;
  /** Last wiring before the service listens (e.g. OpenAPI docs). */
  readonly configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/** gRPC server options shared by every service: protos loaded at run time with the generated code's shape. */
export function grpcServerOptions(endpoint: GrpcEndpoint): GrpcOptions {
  return {
    transport: Transport.GRPC,
    options: {
      url: endpoint.url,
      package: [...endpoint.packages],
      protoPath: endpoint.protoFiles.map((file) => join(PROTO_ROOT, file)),
      loader: PROTO_LOADER_OPTIONS,
      gracefulShutdown: true,
      ...(endpoint.credentials === undefined ? {} : { credentials: endpoint.credentials }),
      channelOptions: {
        // Clients re-resolve when a connection ages out, so new replicas get traffic.
        'grpc.max_connection_age_ms': 5 * 60_000,
        'grpc.max_connection_age_grace_ms': 30_000,
        'grpc.keepalive_permit_without_calls': 1,
      },
    },
  };
}

/**
 * Creates, wires and starts a service: pino logging, correlation ids, metrics, one exception filter
 * for HTTP and gRPC, graceful shutdown on SIGTERM/SIGINT, then HTTP (health, metrics, REST) and gRPC.
 */
export async function startService(definition: ServiceDefinition): Promise<NestFastifyApplication> {
  initMetrics(definition.name, definition.version);
  const adapter = new FastifyAdapter({
    bodyLimit: definition.bodyLimitBytes ?? 1_048_576,
    trustProxy: true,
    // The request id is the correlation id: the caller's when acceptable, a new one otherwise.
    requestIdHeader: false,
    genReqId: (request: IncomingMessage) =>
      normaliseCorrelationId(request.headers[CORRELATION_HEADER]),
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_HEADER, request.id);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(definition.module, adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.useGlobalInterceptors(new CorrelationInterceptor(), new RequestMetricsInterceptor());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  armShutdownDeadline(definition.name, definition.shutdownGraceMs ?? 10_000);
  for (const endpoint of definition.grpc ?? []) {
    app.connectMicroservice(grpcServerOptions(endpoint), { inheritAppConfig: true });
  }
  await definition.configure?.(app);
  await app.startAllMicroservices();
  await app.listen(definition.http.port, definition.http.host);
  app.get(Logger).log(
    {
      http: `${definition.http.host}:${definition.http.port}`,
      grpc: (definition.grpc ?? []).map((e) => e.url),
    },
    `${definition.name} ${definition.version} ready`,
  );
  return app;
}

/**
 * A stuck dependency must not keep a terminating pod alive past its grace period: once SIGTERM or
 * SIGINT arrives, the process exits with code 1 after `graceMs` unless it has finished by then.
 */
function armShutdownDeadline(service: string, graceMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(
          `${service}: graceful shutdown took longer than ${graceMs} ms; exiting\n`,
        );
        process.exit(1);
      }, graceMs).unref();
    });
  }
}

/**
 * Runs a service's `main`. Bad configuration and failed boots end the process with exit code 1 and a
 * message saying why, instead of a half-started service.
 */
export function runMain(service: string, main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof MigrationError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`${service}: failed to start: ${message}\n`);
    }
    process.exit(1);
  });
}
