import { createHash, randomUUID } from 'node:crypto';
import type { ServiceError } from '@grpc/grpc-js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createGrpcClient, decodeStatusDetails } from '@meridian/platform';
import type { GrpcClient, ReadinessCheck } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName, hospitalV1 } from '@meridian/proto';

import type { HospitalSimulatorConfig } from '../config';
import { simulatedHospitals } from './simulated-hospitals';
import type { SimulatedHospital } from './simulated-hospitals';

export const SIMULATOR_CONFIG = Symbol('SIMULATOR_CONFIG');

const MAX_BACKOFF_MS = 5_000;
const KEY_REUSED = 'IDEMPOTENCY.KEY_REUSED';

function reasonOf(error: unknown): string | undefined {
  const metadata = (error as Partial<ServiceError> | null)?.metadata;
  return metadata ? decodeStatusDetails(metadata).reason : undefined;
}

/**
 * Registers the simulated hospitals with hospital-integration, as a hospital onboarding would.
 * Runs in the background and retries until hospital-integration answers; the simulator is ready
 * once every hospital is registered.
 */
@Injectable()
export class RegistrationService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegistrationService.name);
  private readonly hospitals: SimulatedHospital[];
  private readonly client: GrpcClient<hospitalV1.HospitalDirectoryClient>;
  private readonly registered = new Map<string, string>();
  private readonly bootId = randomUUID();
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(@Inject(SIMULATOR_CONFIG) config: HospitalSimulatorConfig) {
    this.hospitals = simulatedHospitals(config.SIMULATOR_ID, config.SIMULATOR_HOSPITALS);
    this.client = createGrpcClient<hospitalV1.HospitalDirectoryClient>({
      target: config.HOSPITAL_INTEGRATION_GRPC_URL,
      protoFiles: PROTO_FILES.hospitalDirectory,
      service: grpcServiceName('hospitalDirectory'),
      deadlineMs: config.REGISTRATION_DEADLINE_MS,
    });
  }

  onApplicationBootstrap(): void {
    this.running = this.registerAll();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
    this.client.close();
  }

  /** Hospital ids assigned by the directory, by hospital code. */
  registeredHospitals(): ReadonlyMap<string, string> {
    return this.registered;
  }

  readiness(): ReadinessCheck {
    return {
      name: 'registration',
      check: () => {
        const missing = this.hospitals.length - this.registered.size;
        return missing === 0
          ? Promise.resolve()
          : Promise.reject(
              new Error(`${missing} of ${this.hospitals.length} hospitals not registered yet`),
            );
      },
    };
  }

  private async registerAll(): Promise<void> {
    for (const hospital of this.hospitals) {
      const request: Omit<hospitalV1.RegisterHospitalRequest, 'idempotencyKey'> = {
        code: hospital.code,
        name: hospital.name,
        nameEn: hospital.nameEn,
        regionCode: hospital.regionCode,
        city: hospital.city,
        address: hospital.address,
        latitude: hospital.latitude,
        longitude: hospital.longitude,
        level: hospitalV1.HospitalLevel[`HOSPITAL_LEVEL_${hospital.level}`],
        departments: hospital.departments.map((d) => ({ ...d })),
      };
      // Stable per hospital and content: a restart repeats the same command, a changed
      // description is a new one.
      const fingerprint = createHash('sha256')
        .update(JSON.stringify(request))
        .digest('hex')
        .slice(0, 16);
      let idempotencyKey = `simulator:${hospital.code}:${fingerprint}`;
      let backoff = 200;
      while (!this.stopped && !this.registered.has(hospital.code)) {
        try {
          const result = await this.client.call.registerHospital({ idempotencyKey, ...request });
          this.registered.set(hospital.code, result.id);
        } catch (error) {
          if (reasonOf(error) === KEY_REUSED && !idempotencyKey.endsWith(this.bootId)) {
            // The directory remembers this key for a request it saw differently (it was stored by
            // an older version). Registration is an upsert by code, so a key of this boot is safe.
            this.logger.warn(
              `registration key of ${hospital.code} was stored for another request; registering again under a new key`,
            );
            idempotencyKey = `${idempotencyKey}:${this.bootId}`;
            continue;
          }
          this.logger.warn(
            `registering ${hospital.code} failed (${error instanceof Error ? error.message : String(error)}); retrying in ${String(backoff)} ms`,
          );
          await new Promise((resolve) => setTimeout(resolve, backoff));
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
      }
    }
    if (!this.stopped) this.logger.log(`registered ${this.registered.size} simulated hospitals`);
  }
}
