import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropSchema, testDatabaseUrl, testInfra } from '@meridian/testing';

const ROOT = join(__dirname, '..', '..');
const LOG_DIR = join(ROOT, '.infra', 'logs', 'e2e');

export type ServiceName =
  | 'hospital-integration'
  | 'consultation'
  | 'model-router'
  | 'insurance-certificates'
  | 'payments'
  | 'hospital-simulator'
  | 'api-gateway';

interface ServiceSpec {
  readonly http: number;
  readonly grpc?: number;
  readonly database: boolean;
}

// Ports away from the ones tools/up.sh uses, so tests run beside a local platform.
const SPECS: Readonly<Record<ServiceName, ServiceSpec>> = {
  'hospital-integration': { http: 4103, grpc: 51103, database: true },
  consultation: { http: 4101, grpc: 51101, database: true },
  'model-router': { http: 4102, grpc: 51102, database: true },
  'insurance-certificates': { http: 4104, grpc: 51104, database: true },
  payments: { http: 4105, grpc: 51105, database: true },
  'hospital-simulator': { http: 4106, grpc: 51106, database: false },
  'api-gateway': { http: 4100, database: true },
};

/** Health-profile key-encryption keys for tests (two, so rotation can be exercised). */
export const TEST_PROFILE_KEYS = [
  `e2e-a:${Buffer.alloc(32, 1).toString('base64')}`,
  `e2e-b:${Buffer.alloc(32, 2).toString('base64')}`,
].join(',');

/** Shifts every port, so that several checkouts can run their end-to-end suites side by side. */
const PORT_OFFSET = portOffset(process.env['E2E_PORT_OFFSET']);

function portOffset(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 900) {
    throw new Error(`E2E_PORT_OFFSET must be an integer from 0 to 900, got '${raw}'`);
  }
  return value;
}

function httpPort(service: ServiceName): number {
  return SPECS[service].http + PORT_OFFSET;
}

function grpcPort(service: ServiceName): number | undefined {
  const port = SPECS[service].grpc;
  return port === undefined ? undefined : port + PORT_OFFSET;
}

export interface StopResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly ms: number;
}

export const ALL_SERVICES = Object.keys(SPECS) as ServiceName[];

/**
 * A whole platform for one test file: real processes built from `dist/`, each in its own fresh
 * PostgreSQL schema of its `_test` database, on a Kafka topic namespace nobody else uses.
 */
export class TestPlatform {
  /** `test.<hex>.`: prefix of every topic and consumer group of this platform. */
  readonly namespace = `test.e2e${randomBytes(3).toString('hex')}.`;
  /** PostgreSQL schema used in every service's test database. */
  readonly schema = `e2e_${randomBytes(4).toString('hex')}`;
  readonly simulatorId = `E${randomBytes(2).toString('hex').toUpperCase()}`;
  private readonly processes = new Map<ServiceName, ChildProcess>();

  constructor(
    private readonly extraEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
  ) {
    mkdirSync(LOG_DIR, { recursive: true });
  }

  httpUrl(service: ServiceName): string {
    return `http://127.0.0.1:${String(httpPort(service))}`;
  }

  grpcTarget(service: ServiceName): string {
    const port = grpcPort(service);
    if (port === undefined) throw new Error(`${service} has no gRPC port`);
    return `127.0.0.1:${String(port)}`;
  }

  databaseUrl(service: ServiceName): string {
    return testDatabaseUrl(service);
  }

  logFile(service: ServiceName): string {
    return join(LOG_DIR, `${this.schema}-${service}.log`);
  }

  env(service: ServiceName): Record<string, string> {
    const spec = SPECS[service];
    const grpc = grpcPort(service);
    return {
      PATH: process.env['PATH'] ?? '',
      NODE_ENV: 'test',
      TZ: 'UTC',
      LOG_LEVEL: process.env['E2E_LOG_LEVEL'] ?? 'info',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(httpPort(service)),
      ...(grpc === undefined ? {} : { GRPC_HOST: '127.0.0.1', GRPC_PORT: String(grpc) }),
      ...(spec.database
        ? {
            DATABASE_URL: testDatabaseUrl(service),
            DATABASE_SCHEMA: this.schema,
            DATABASE_POOL_MAX: '5',
          }
        : {}),
      REDIS_URL: testInfra.redisUrl,
      KAFKA_BROKERS: testInfra.kafkaBrokers.join(','),
      KAFKA_NAMESPACE: this.namespace,
      OUTBOX_POLL_INTERVAL_MS: '50',
      CONSUMER_MAX_ATTEMPTS: '3',
      CONSUMER_RETRY_BACKOFF_MS: '50',
      CONSUMER_SESSION_TIMEOUT_MS: '6000',
      HOSPITAL_INTEGRATION_GRPC_URL: this.grpcTarget('hospital-integration'),
      PAYMENTS_GRPC_URL: this.grpcTarget('payments'),
      SETTLEMENT_GRPC_URL: this.grpcTarget('insurance-certificates'),
      SIMULATOR_ID: this.simulatorId,
      SIMULATOR_HOSPITALS: '3',
      PUBLIC_BASE_URL: this.httpUrl('api-gateway'),
      PROFILE_ENCRYPTION_KEYS: TEST_PROFILE_KEYS,
      PROFILE_ENCRYPTION_ACTIVE_KEY: 'e2e-a',
      ...(this.extraEnv[service] ?? {}),
    };
  }

  /** Starts the services (in parallel) and waits until each reports ready. */
  async start(services: readonly ServiceName[] = ALL_SERVICES, timeoutMs = 60_000): Promise<void> {
    for (const service of services) this.spawn(service);
    await Promise.all(services.map((service) => this.waitReady(service, timeoutMs)));
  }

  /** Stops a service (SIGTERM for a graceful stop, SIGKILL for a crash); resolves to how it ended. */
  async stop(service: ServiceName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<StopResult> {
    const child = this.processes.get(service);
    const started = Date.now();
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.processes.delete(service);
      return { code: child?.exitCode ?? null, signal: child?.signalCode ?? null, ms: 0 };
    }
    const exited = new Promise<Omit<StopResult, 'ms'>>((resolve) => {
      child.once('exit', (code, exitSignal) => {
        resolve({ code, signal: exitSignal });
      });
    });
    child.kill(signal);
    const result = await exited;
    this.processes.delete(service);
    return { ...result, ms: Date.now() - started };
  }

  async restart(service: ServiceName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    await this.stop(service, signal);
    this.spawn(service);
    await this.waitReady(service, 60_000);
  }

  /** Stops everything and drops the schemas it used. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.processes.keys()].map((service) => this.stop(service)));
    await Promise.all(
      ALL_SERVICES.filter((s) => SPECS[s].database).map((s) =>
        dropSchema(testDatabaseUrl(s), this.schema),
      ),
    );
  }

  private spawn(service: ServiceName): void {
    const log = createWriteStream(this.logFile(service), { flags: 'a' });
    const child = spawn(process.execPath, [join(ROOT, 'apps', service, 'dist', 'main.js')], {
      env: this.env(service),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    this.processes.set(service, child);
  }

  private async waitReady(service: ServiceName, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const child = this.processes.get(service);
    while (Date.now() < deadline) {
      if (child && child.exitCode !== null) {
        throw new Error(`${service} exited with ${child.exitCode}:\n${this.tail(service)}`);
      }
      try {
        const response = await fetch(`${this.httpUrl(service)}/health/ready`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${service} not ready within ${timeoutMs} ms:\n${this.tail(service)}`);
  }

  tail(service: ServiceName, lines = 40): string {
    try {
      return readFileSync(this.logFile(service), 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
