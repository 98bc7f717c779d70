import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';

import { HealthModule } from '../health/health';
import type { ReadinessCheck } from '../health/health';
import { KafkaHealth } from '../messaging/kafka-health';
import { MessagingModule } from '../messaging/messaging.module';
import type { TransactionRunner } from '../messaging/transaction-runner';
import { DatabaseModule } from '../prisma/database.module';
import type { PrismaClientClass, PrismaClientLike } from '../prisma/database.module';
import { prismaReadiness } from '../prisma/prisma';
import { RedisService } from '../redis/redis';
import { PlatformModule } from './platform.module';

/** The configuration every stateful service reads (`baseEnv`, `databaseEnv`, `redisEnv`, `kafkaEnv`). */
export interface CoreConfig {
  readonly SERVICE_VERSION: string;
  readonly LOG_LEVEL: string;
  readonly DATABASE_URL: string;
  readonly DATABASE_SCHEMA: string;
  readonly DATABASE_POOL_MAX: number;
  readonly MIGRATE_ON_START: boolean;
  readonly REDIS_URL: string;
  readonly KAFKA_BROKERS: readonly string[];
  readonly KAFKA_NAMESPACE: string;
  readonly OUTBOX_POLL_INTERVAL_MS: number;
  readonly OUTBOX_BATCH_SIZE: number;
  readonly CONSUMER_MAX_ATTEMPTS: number;
  readonly CONSUMER_RETRY_BACKOFF_MS: number;
  readonly CONSUMER_SESSION_TIMEOUT_MS: number;
}

export interface ServiceCoreOptions<T extends PrismaClientLike & TransactionRunner> {
  readonly service: string;
  readonly config: CoreConfig;
  /** The service's generated PrismaClient class and its migrations folder. */
  readonly prisma: { readonly client: PrismaClientClass<T>; readonly migrationsDir: string };
}

/**
 * Everything a stateful service stands on, wired the same way everywhere: logging and metrics, its
 * migrated PostgreSQL database, Redis, Kafka with the transactional outbox relay and the inbox
 * consumers of its `@HandleEvent` handlers, and readiness checking all three.
 */
@Module({})
export class ServiceCoreModule {
  static forRoot<T extends PrismaClientLike & TransactionRunner>(
    options: ServiceCoreOptions<T>,
  ): DynamicModule {
    const { config, service } = options;
    return {
      module: ServiceCoreModule,
      imports: [
        PlatformModule.forRoot({
          service,
          version: config.SERVICE_VERSION,
          logLevel: config.LOG_LEVEL,
          redis: { url: config.REDIS_URL, keyPrefix: `${service}:` },
        }),
        DatabaseModule.forRoot({
          client: options.prisma.client,
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          poolMax: config.DATABASE_POOL_MAX,
          migrateOnStart: config.MIGRATE_ON_START,
          migrationsDir: options.prisma.migrationsDir,
        }),
        MessagingModule.forRootAsync({
          inject: [options.prisma.client],
          useFactory: (prisma: T) => ({
            serviceName: service,
            kafka: {
              brokers: config.KAFKA_BROKERS,
              namespace: config.KAFKA_NAMESPACE,
              clientId: service,
            },
            outbox: {
              databaseUrl: config.DATABASE_URL,
              schema: config.DATABASE_SCHEMA,
              pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
              batchSize: config.OUTBOX_BATCH_SIZE,
            },
            consumer: {
              maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
              backoffMs: config.CONSUMER_RETRY_BACKOFF_MS,
              tuning: {
                sessionTimeout: config.CONSUMER_SESSION_TIMEOUT_MS,
                heartbeatInterval: Math.floor(config.CONSUMER_SESSION_TIMEOUT_MS / 10),
              },
            },
            transactionRunner: prisma,
          }),
        }),
        HealthModule.register({
          inject: [options.prisma.client, RedisService, KafkaHealth],
          useFactory: (prisma: T, redis: RedisService, kafka: KafkaHealth): ReadinessCheck[] => [
            prismaReadiness(prisma),
            redis.readiness(),
            {
              name: 'kafka',
              check: async () => {
                const status = await kafka.check();
                if (!status.up) throw new Error(status.detail ?? 'Kafka is down');
              },
            },
          ],
        }),
      ],
    };
  }
}
