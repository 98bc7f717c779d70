import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';

import type { ConsumerTuning } from './event-consumer';
import type { TopicSettings } from './kafka-client';
import type { TransactionOptions, TransactionRunner } from './transaction-runner';

/** Configuration of `MessagingModule`; usually built from the `kafkaEnv` and `databaseEnv` config fragments. */
export interface MessagingModuleOptions {
  /** Names the Kafka client and, unless `consumerGroup` is set, the consumer group. */
  readonly serviceName: string;
  readonly kafka: {
    readonly brokers: readonly string[];
    /** `KAFKA_NAMESPACE`: prepended to topics and groups. */
    readonly namespace: string;
    readonly clientId?: string;
  };
  /** Consumer group of the `@HandleEvent` handlers, without namespace; defaults to `serviceName`. */
  readonly consumerGroup?: string;
  /**
   * The service's database holding `outbox_events` and `inbox_messages`. When given, the outbox relay runs
   * in this process; its schema is also where `OutboxWriter` and the inbox write.
   */
  readonly outbox?: {
    readonly databaseUrl: string;
    /** PostgreSQL schema of the messaging tables (`DATABASE_SCHEMA`). */
    readonly schema: string;
    /** `OUTBOX_POLL_INTERVAL_MS`. */
    readonly pollIntervalMs: number;
    /** `OUTBOX_BATCH_SIZE`. */
    readonly batchSize: number;
  };
  /**
   * Runs the inbox transactions of the handlers: pass the service's PrismaClient so that handlers write
   * through Prisma. Without it, handlers get a `PgSqlExecutor` on `outbox.databaseUrl`.
   */
  readonly transactionRunner?: TransactionRunner;
  readonly consumer?: {
    /** `CONSUMER_MAX_ATTEMPTS`. */
    readonly maxAttempts: number;
    /** `CONSUMER_RETRY_BACKOFF_MS`. */
    readonly backoffMs: number;
    readonly maxBackoffMs?: number;
    /** Schema of `inbox_messages` when no `outbox` is configured; defaults to `public`. */
    readonly schema?: string;
    readonly transactionOptions?: TransactionOptions;
    readonly tuning?: ConsumerTuning;
  };
  /** Settings of the topics created at start when missing (partitions, replication). */
  readonly topics?: TopicSettings;
}

/** `MessagingModule.forRootAsync` options, Nest's usual `imports` / `inject` / `useFactory` triple. */
export interface MessagingModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: FactoryProvider['inject'];
  readonly useFactory: (
    ...args: never[]
  ) => MessagingModuleOptions | Promise<MessagingModuleOptions>;
}

/** Injection token of the resolved `MessagingModuleOptions`. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Injection token of the shared kafkajs `Kafka` client. */
export const MESSAGING_KAFKA = Symbol('MESSAGING_KAFKA');

/** Defaults applied when `consumer` is omitted: `kafkaEnv`'s defaults. */
export const DEFAULT_CONSUMER_OPTIONS = { maxAttempts: 5, backoffMs: 200 } as const;

/** The schema of the messaging tables for these options. */
export function messagingSchema(options: MessagingModuleOptions): string {
  return options.outbox?.schema ?? options.consumer?.schema ?? 'public';
}
