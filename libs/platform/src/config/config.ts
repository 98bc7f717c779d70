import { z } from 'zod';

/** Thrown when the environment does not satisfy a service's config schema. Names every bad variable. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly issues: readonly string[],
  ) {
    super(`${service}: invalid configuration\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Marks a schema as a secret: its value never appears in logs or in `describeConfig`. */
export function secret<T extends z.ZodType>(schema: T): T {
  return schema.meta({ secret: true });
}

function isSecret(schema: z.ZodType): boolean {
  return schema.meta()?.['secret'] === true;
}

const port = z.coerce.number().int().min(1).max(65535);
const durationMs = z.coerce.number().int().min(1);

/** Environment variables every service reads. */
export const baseEnv = {
  SERVICE_VERSION: z.string().min(1).default('0.1.0'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HTTP_HOST: z.string().default('0.0.0.0'),
  HTTP_PORT: port,
  SHUTDOWN_GRACE_MS: durationMs.default(10_000),
};

export const grpcServerEnv = {
  GRPC_HOST: z.string().default('0.0.0.0'),
  GRPC_PORT: port,
};

const postgresUrl = z
  .string()
  .regex(
    /^postgres(ql)?:\/\/.+\/[A-Za-z0-9_]+(\?.*)?$/,
    'must be postgresql://user:password@host:port/database',
  );

export const databaseEnv = {
  DATABASE_URL: secret(postgresUrl),
  DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('public'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  MIGRATE_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
};

export const redisEnv = {
  REDIS_URL: secret(z.string().regex(/^rediss?:\/\/.+/, 'must be redis://host:port')),
};

const brokerList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b.length > 0),
  )
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d{1,5}$/, 'each broker must be host:port')).min(1));

export const kafkaEnv = {
  KAFKA_BROKERS: brokerList,
  /** Prepended to every topic and group name; lets tests and tenants share a cluster safely. */
  KAFKA_NAMESPACE: z
    .string()
    .regex(/^([a-z0-9-]+\.)*$/, 'empty, or dot-terminated segments like "test."')
    .default(''),
  // A fallback: services nudge the relay right after a commit (OutboxWriter.notifyCommitted).
  OUTBOX_POLL_INTERVAL_MS: durationMs.default(250),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  CONSUMER_RETRY_BACKOFF_MS: durationMs.default(200),
  /** How long the broker waits for a silent consumer before giving its partitions to another. */
  CONSUMER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).default(30_000),
};

/**
 * Everything a stateful service reads: HTTP, gRPC, its PostgreSQL database, Redis and Kafka.
 * Services spread it and add their own variables.
 */
export const statefulServiceEnv = {
  ...baseEnv,
  ...grpcServerEnv,
  ...databaseEnv,
  ...redisEnv,
  ...kafkaEnv,
};

/** `true` or `false`, spelled out: a typo must not silently mean false. */
export const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A gRPC target such as `127.0.0.1:50103` or `dns:///hospital-integration:50103`. */
export const grpcTarget = z
  .string()
  .regex(/^([a-z]+:\/\/\/)?[^\s:]+:\d{1,5}$/, 'must be host:port');

/**
 * Parses `env` against `shape`; on failure throws a ConfigError naming every variable that is missing
 * or wrong, so a service with bad config refuses to start and says why.
 */
export function loadConfig<TShape extends z.ZodRawShape>(
  service: string,
  shape: TShape,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<z.ZodObject<TShape>> {
  const schema = z.object(shape);
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(root)';
    const received = env[String(issue.path[0])];
    const what = received === undefined ? 'is missing' : issue.message;
    return `${name} ${what}`;
  });
  throw new ConfigError(service, issues);
}

/** The configuration with secrets replaced, fit for a start-up log line. */
export function describeConfig(
  shape: z.ZodRawShape,
  config: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const field = shape[key] as z.ZodType | undefined;
    out[key] = field && isSecret(field) ? '[redacted]' : value;
  }
  return out;
}
