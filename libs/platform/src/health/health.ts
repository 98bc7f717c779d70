import {
  Controller,
  Get,
  Inject,
  Injectable,
  Module,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  TerminusModule,
} from '@nestjs/terminus';
import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';

import { withTimeout } from '../async/with-timeout';

/** One dependency readiness depends on, e.g. `postgres`, `redis`, `kafka`. Resolves when healthy. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');
const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: readonly ReadinessCheck[],
  ) {}

  all(): (() => Promise<HealthIndicatorResult>)[] {
    return this.checks.map((c) => async () => {
      const session = this.indicators.check(c.name);
      try {
        await withTimeout(c.check(), CHECK_TIMEOUT_MS);
        return session.up();
      } catch (error) {
        return session.down({ message: error instanceof Error ? error.message : String(error) });
      }
    });
  }
}

/**
 * `/health/live`: the process serves requests (no dependency checks, so a database outage does not
 * make Kubernetes restart every pod). `/health/ready`: every dependency answers.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  async ready(
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<HealthCheckResult> {
    try {
      return await this.health.check(this.readiness.all());
    } catch (error) {
      // Not ready is an answer, not a failure: 503 with what is down, and no error log.
      if (error instanceof ServiceUnavailableException) {
        reply.status(503);
        return error.getResponse() as HealthCheckResult;
      }
      throw error;
    }
  }
}

@Module({})
export class HealthModule {
  /** `checks` is a provider token resolving to `ReadinessCheck[]`, or the checks themselves. */
  static register(options: {
    imports?: DynamicModule['imports'];
    inject?: unknown[];
    useFactory: (...args: never[]) => readonly ReadinessCheck[];
  }): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        ReadinessIndicators,
        {
          provide: READINESS_CHECKS,
          inject: (options.inject ?? []) as never[],
          useFactory: options.useFactory,
        },
      ],
    };
  }
}
