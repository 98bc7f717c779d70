import type { OnApplicationShutdown } from '@nestjs/common';
import type { Admin, Kafka } from 'kafkajs';

import { withTimeout } from '../async/with-timeout';
import { errorMessageOf } from './dead-letter';

/** Result of a readiness probe. */
export interface HealthStatus {
  readonly up: boolean;
  readonly detail?: string;
}

/** Something that can make a service unready besides the broker, e.g. a consumer that stopped for good. */
export type HealthProbe = () => string | undefined;

/** Readiness of Kafka for a service: the cluster answers a metadata request within a short timeout. */
export class KafkaHealth implements OnApplicationShutdown {
  private admin: Admin | undefined;
  private connecting: Promise<Admin> | undefined;
  private readonly probes: HealthProbe[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly timeoutMs = 2_000,
  ) {}

  /** Adds a condition that makes `check()` report down while it returns a reason. */
  addProbe(probe: HealthProbe): void {
    this.probes.push(probe);
  }

  /** Never rejects: a failure or a timeout is reported as `{ up: false, detail }`. */
  async check(): Promise<HealthStatus> {
    for (const probe of this.probes) {
      const problem = probe();
      if (problem !== undefined) return { up: false, detail: problem };
    }
    try {
      const cluster = await withTimeout(
        this.describeCluster(),
        this.timeoutMs,
        'Kafka did not answer',
      );
      return {
        up: true,
        detail: `cluster ${cluster.clusterId}, ${cluster.brokers.length} broker(s)`,
      };
    } catch (error) {
      return { up: false, detail: errorMessageOf(error) };
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    this.connecting = undefined;
    await admin?.disconnect();
  }

  private async describeCluster(): ReturnType<Admin['describeCluster']> {
    const admin = await this.connectedAdmin();
    return admin.describeCluster();
  }

  // Connects lazily and once; a failed connection is retried by the next check.
  private connectedAdmin(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    this.connecting ??= (async () => {
      const admin = this.kafka.admin();
      try {
        await admin.connect();
      } catch (error) {
        this.connecting = undefined;
        await admin.disconnect();
        throw error;
      }
      this.admin = admin;
      return admin;
    })();
    return this.connecting;
  }
}
