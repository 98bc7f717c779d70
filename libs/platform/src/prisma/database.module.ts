import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationShutdown } from '@nestjs/common';
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';

import { applyMigrations } from './migrator';
import { prismaAdapter } from './prisma';

/** What the platform needs of a service's generated PrismaClient. */
export interface PrismaClientLike {
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export type PrismaClientClass<T extends PrismaClientLike> = new (options: {
  adapter: SqlDriverAdapterFactory;
}) => T;

export interface DatabaseOptions<T extends PrismaClientLike> {
  /** The service's generated PrismaClient class; it is also the injection token. */
  readonly client: PrismaClientClass<T>;
  readonly url: string;
  readonly schema: string;
  readonly poolMax: number;
  readonly migrateOnStart: boolean;
  readonly migrationsDir: string;
}

const DATABASE_CLIENT = Symbol('DATABASE_CLIENT');

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE_CLIENT) private readonly client: PrismaClientLike) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.$disconnect();
  }
}

/**
 * Provides the service's PrismaClient, injectable by its class. The database is migrated and
 * connected before any provider receives the client, so a service never serves an old schema, and a
 * database that cannot be reached stops the boot.
 */
@Module({})
export class DatabaseModule {
  static forRoot<T extends PrismaClientLike>(options: DatabaseOptions<T>): DynamicModule {
    const logger = new Logger(DatabaseModule.name);
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        {
          provide: options.client,
          useFactory: async (): Promise<T> => {
            if (options.migrateOnStart) {
              const result = await applyMigrations({
                connectionString: options.url,
                schema: options.schema,
                migrationsDir: options.migrationsDir,
                log: (message) => logger.log(message),
              });
              logger.log(
                `schema ${options.schema}: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`,
              );
            }
            const client = new options.client({ adapter: prismaAdapter(options) });
            await client.$connect();
            return client;
          },
        },
        { provide: DATABASE_CLIENT, useExisting: options.client },
        DatabaseLifecycle,
      ],
      exports: [options.client],
    };
  }
}
