import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  CircuitBreaker,
  ConcurrencyLimiter,
  counter,
  createGrpcClient,
  decodeStatusDetails,
  gauge,
  histogram,
  isServiceError,
} from '@meridian/platform';
import type { CircuitPermit, GrpcClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName } from '@meridian/proto';
import type { hospitalV1 } from '@meridian/proto';

import { HospitalLinkError } from './hospital-link.errors';
import type { LinkRoute } from './link-routes';
import { routeFor } from './link-routes';

/** gRPC metadata naming the hospital a call is for (see link.proto). */
export const HOSPITAL_CODE_HEADER = 'x-hospital-code';
/** gRPC metadata carrying the idempotency key of a command, besides the request field. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

export interface HospitalLinkOptions {
  readonly routes: readonly LinkRoute[];
  readonly deadlineMs: number;
  readonly scheduleDeadlineMs: number;
  readonly maxConcurrency: number;
  readonly breakerFailures: number;
  readonly breakerOpenMs: number;
}

export const HOSPITAL_LINK_OPTIONS = Symbol('HOSPITAL_LINK_OPTIONS');

/** The hospital a call goes to: its directory code picks the route and travels as metadata. */
export interface HospitalRef {
  readonly code: string;
}

type LinkClient = hospitalV1.HospitalLinkClient;
type Method =
  'getSchedule' | 'holdSlot' | 'confirmAppointment' | 'cancelAppointment' | 'fetchReport';

interface HospitalGuard {
  readonly bulkhead: ConcurrencyLimiter;
  readonly breaker: CircuitBreaker;
}

// Statuses that say something about the hospital's health; business refusals do not.
const UNHEALTHY = new Set<GrpcStatus>([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.INTERNAL,
  GrpcStatus.UNKNOWN,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.UNIMPLEMENTED,
  GrpcStatus.DATA_LOSS,
]);
const RETRY_DELAY_MS = 50;

const calls = counter('hospital_link_calls_total', 'HospitalLink calls by hospital and outcome', [
  'hospital',
  'method',
  'outcome',
]);
const duration = histogram(
  'hospital_link_call_duration_seconds',
  'HospitalLink calls that reached the hospital, by method and outcome',
  ['method', 'outcome'],
);
const inFlight = gauge('hospital_link_in_flight', 'HospitalLink calls in flight per hospital', [
  'hospital',
]);
const circuitOpen = gauge(
  'hospital_link_circuit_open',
  '1 while the circuit to a hospital is open or half-open',
  ['hospital'],
);

/**
 * Calls hospitals over HospitalLink. Every call has a deadline, commands carry their idempotency
 * key (so a retry is safe), and each hospital has its own bulkhead (calls in flight beyond the
 * limit are rejected at once) and circuit breaker (a hospital that keeps failing is not called
 * until a probe succeeds), so a slow or dead hospital cannot tie up the calls to the others.
 */
@Injectable()
export class HospitalLinkClient implements OnModuleDestroy {
  private readonly logger = new Logger(HospitalLinkClient.name);
  private readonly clients = new Map<string, GrpcClient<LinkClient>>();
  private readonly guards = new Map<string, HospitalGuard>();

  constructor(@Inject(HOSPITAL_LINK_OPTIONS) private readonly options: HospitalLinkOptions) {}

  onModuleDestroy(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }

  getSchedule(
    hospital: HospitalRef,
    request: hospitalV1.GetScheduleRequest,
  ): Promise<hospitalV1.GetScheduleResponse> {
    return this.invoke(hospital, 'getSchedule', request, this.options.scheduleDeadlineMs, '');
  }

  holdSlot(
    hospital: HospitalRef,
    request: hospitalV1.HoldSlotRequest,
  ): Promise<hospitalV1.HoldSlotResponse> {
    return this.invoke(
      hospital,
      'holdSlot',
      request,
      this.options.deadlineMs,
      request.idempotencyKey,
    );
  }

  confirmAppointment(
    hospital: HospitalRef,
    request: hospitalV1.ConfirmAppointmentRequest,
  ): Promise<hospitalV1.ConfirmAppointmentResponse> {
    return this.invoke(
      hospital,
      'confirmAppointment',
      request,
      this.options.deadlineMs,
      request.idempotencyKey,
    );
  }

  cancelAppointment(
    hospital: HospitalRef,
    request: hospitalV1.HospitalLinkCancelAppointmentRequest,
  ): Promise<hospitalV1.HospitalLinkCancelAppointmentResponse> {
    return this.invoke(
      hospital,
      'cancelAppointment',
      request,
      this.options.deadlineMs,
      request.idempotencyKey,
    );
  }

  fetchReport(
    hospital: HospitalRef,
    request: hospitalV1.FetchReportRequest,
  ): Promise<hospitalV1.FetchReportResponse> {
    return this.invoke(hospital, 'fetchReport', request, this.options.deadlineMs, '');
  }

  /** Whether a hospital has a HospitalLink route at all. */
  isLinked(hospital: HospitalRef): boolean {
    return routeFor(this.options.routes, hospital.code) !== undefined;
  }

  private async invoke<Res>(
    hospital: HospitalRef,
    method: Method,
    request: object,
    deadlineMs: number,
    idempotencyKey: string,
  ): Promise<Res> {
    const code = hospital.code;
    const target = routeFor(this.options.routes, code);
    if (target === undefined) {
      calls.inc({ hospital: code, method, outcome: 'not-configured' });
      throw new HospitalLinkError('not-configured', code, `No HospitalLink route for ${code}`);
    }
    const guard = this.guard(code);
    const permit = guard.breaker.tryAcquire();
    if (!permit) {
      calls.inc({ hospital: code, method, outcome: 'circuit-open' });
      throw new HospitalLinkError(
        'circuit-open',
        code,
        `Circuit to ${code} is open`,
        undefined,
        undefined,
        this.options.breakerOpenMs,
      );
    }
    const release = guard.bulkhead.tryAcquire();
    if (!release) {
      permit.release();
      calls.inc({ hospital: code, method, outcome: 'busy' });
      throw new HospitalLinkError(
        'busy',
        code,
        `${guard.bulkhead.limit} calls to ${code} already in flight`,
        undefined,
        undefined,
        200,
      );
    }
    inFlight.set({ hospital: code }, guard.bulkhead.inFlight);
    try {
      return await this.callWithRetry<Res>(
        code,
        target,
        method,
        request,
        deadlineMs,
        idempotencyKey,
        permit,
      );
    } finally {
      release();
      inFlight.set({ hospital: code }, guard.bulkhead.inFlight);
      circuitOpen.set({ hospital: code }, guard.breaker.state === 'closed' ? 0 : 1);
    }
  }

  private async callWithRetry<Res>(
    code: string,
    target: string,
    method: Method,
    request: object,
    deadlineMs: number,
    idempotencyKey: string,
    permit: CircuitPermit,
  ): Promise<Res> {
    const client = this.client(target);
    const fn = client.call[method] as unknown as (
      req: object,
      settings: { deadlineMs: number; metadata: Record<string, string> },
    ) => Promise<Res>;
    const metadata: Record<string, string> = { [HOSPITAL_CODE_HEADER]: code };
    if (idempotencyKey !== '') metadata[IDEMPOTENCY_KEY_HEADER] = idempotencyKey;
    const started = Date.now();
    // One retry on UNAVAILABLE (nothing happened at the hospital), within the same deadline budget.
    for (let attempt = 1; ; attempt++) {
      const remaining = deadlineMs - (Date.now() - started);
      const stop = duration.startTimer({ method });
      try {
        const response = await fn(request, { deadlineMs: Math.max(remaining, 1), metadata });
        stop({ outcome: 'ok' });
        permit.success();
        calls.inc({ hospital: code, method, outcome: 'ok' });
        return response;
      } catch (error) {
        const failure = this.classify(code, error);
        stop({ outcome: failure.kind });
        const retry =
          attempt === 1 &&
          failure.kind === 'unavailable' &&
          deadlineMs - (Date.now() - started) > RETRY_DELAY_MS * 4;
        if (retry) {
          await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
          continue;
        }
        if (failure.grpcCode !== undefined && UNHEALTHY.has(failure.grpcCode)) permit.failure();
        else permit.success();
        calls.inc({
          hospital: code,
          method,
          outcome:
            failure.kind === 'refused' ? `refused:${failure.reason ?? 'unknown'}` : failure.kind,
        });
        throw failure;
      }
    }
  }

  private classify(code: string, error: unknown): HospitalLinkError {
    if (!isServiceError(error)) {
      this.logger.error(
        { err: error, hospitalCode: code },
        'HospitalLink call failed unexpectedly',
      );
      return new HospitalLinkError(
        'unavailable',
        code,
        error instanceof Error ? error.message : String(error),
        GrpcStatus.UNKNOWN,
      );
    }
    const details = decodeStatusDetails(error.metadata);
    const message = error.details || error.message;
    if (error.code === GrpcStatus.DEADLINE_EXCEEDED || error.code === GrpcStatus.CANCELLED) {
      return new HospitalLinkError('timeout', code, message, error.code, details.reason);
    }
    if (UNHEALTHY.has(error.code)) {
      return new HospitalLinkError('unavailable', code, message, error.code, details.reason);
    }
    return new HospitalLinkError('refused', code, message, error.code, details.reason);
  }

  private guard(code: string): HospitalGuard {
    let guard = this.guards.get(code);
    if (!guard) {
      guard = {
        bulkhead: new ConcurrencyLimiter(this.options.maxConcurrency),
        breaker: new CircuitBreaker({
          failureThreshold: this.options.breakerFailures,
          openMs: this.options.breakerOpenMs,
        }),
      };
      this.guards.set(code, guard);
    }
    return guard;
  }

  private client(target: string): GrpcClient<LinkClient> {
    let client = this.clients.get(target);
    if (!client) {
      client = createGrpcClient<LinkClient>({
        target,
        protoFiles: PROTO_FILES.hospitalLink,
        service: grpcServiceName('hospitalLink'),
        deadlineMs: this.options.deadlineMs,
      });
      this.clients.set(target, client);
    }
    return client;
  }
}
