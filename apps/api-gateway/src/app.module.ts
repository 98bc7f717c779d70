import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import {
  DatabaseModule,
  HealthModule,
  PlatformModule,
  RedisService,
  prismaReadiness,
} from '@meridian/platform';

import { AUTH_OPTIONS } from './auth/auth.options';
import { OAuthController } from './auth/oauth.controller';
import { PartnerAuthGuard } from './auth/partner-auth.guard';
import { PartnerClientsRepository } from './auth/partner-clients.repository';
import { TokenService } from './auth/token.service';
import type { ApiGatewayConfig } from './config';
import { SERVICE_NAME } from './config';
import { PrismaClient } from './generated/prisma/client';
import { HospitalsModule } from './hospitals/hospitals.module';
import { RateLimiter } from './rate-limit/rate-limiter';

@Module({})
export class AppModule {
  static forRoot(config: ApiGatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({
          service: SERVICE_NAME,
          version: config.SERVICE_VERSION,
          logLevel: config.LOG_LEVEL,
          redis: { url: config.REDIS_URL, keyPrefix: 'gateway:' },
        }),
        DatabaseModule.forRoot({
          client: PrismaClient,
          url: config.DATABASE_URL,
          schema: config.DATABASE_SCHEMA,
          poolMax: config.DATABASE_POOL_MAX,
          migrateOnStart: config.MIGRATE_ON_START,
          migrationsDir: join(__dirname, '..', 'prisma', 'migrations'),
        }),
        HealthModule.register({
          inject: [PrismaClient, RedisService],
          useFactory: (prisma: PrismaClient, redis: RedisService) => [
            prismaReadiness(prisma),
            redis.readiness(),
          ],
        }),
        HospitalsModule.forRoot(config),
      ],
      controllers: [OAuthController],
      providers: [
        {
          provide: AUTH_OPTIONS,
          useValue: { accessTokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS },
        },
        PartnerClientsRepository,
        TokenService,
        RateLimiter,
        { provide: APP_GUARD, useClass: PartnerAuthGuard },
      ],
    };
  }
}
