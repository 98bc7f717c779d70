import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createGrpcClient } from '@meridian/platform';
import type { GrpcClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName } from '@meridian/proto';
import type { hospitalV1 } from '@meridian/proto';

import type { HospitalSimulatorConfig } from '../config';
import { RegistrationService, SIMULATOR_CONFIG } from '../registration/registration.service';
import { hospitalChannelCredentials } from './inbound-credentials';
import { simulatedLabReport } from './simulated-lab-reports';

const MAX_BACKOFF_MS = 5_000;

/**
 * Pushes what a hospital's LIS sends to Meridian through HospitalInbound, with each simulated
 * hospital's own client certificate: a first batch of lab reports once the hospitals are
 * registered, then one per hospital every LAB_REPORT_INTERVAL_MS. A failed push is retried with the
 * same message id, so a timeout never publishes a report twice.
 */
@Injectable()
export class InboundPusherService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InboundPusherService.name);
  private readonly clients = new Map<string, GrpcClient<hospitalV1.HospitalInboundClient>>();
  private readonly sequences = new Map<string, number>();
  private stopped = false;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private published = 0;
  private duplicates = 0;

  constructor(
    @Inject(SIMULATOR_CONFIG) private readonly config: HospitalSimulatorConfig,
    private readonly registration: RegistrationService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.HOSPITAL_INBOUND_GRPC_URL || !this.config.HOSPITAL_INBOUND_CERT_DIR) {
      this.logger.log(
        'HOSPITAL_INBOUND_GRPC_URL or HOSPITAL_INBOUND_CERT_DIR unset: no pushes to HospitalInbound',
      );
      return;
    }
    this.running = this.start(
      this.config.HOSPITAL_INBOUND_GRPC_URL,
      this.config.HOSPITAL_INBOUND_CERT_DIR,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    for (const client of this.clients.values()) client.close();
  }

  /** Lab reports accepted so far, and how many of them were answered as duplicates. */
  counts(): { readonly published: number; readonly duplicates: number } {
    return { published: this.published, duplicates: this.duplicates };
  }

  private async start(target: string, certDir: string): Promise<void> {
    const codes = await this.registeredCodes();
    for (const code of codes) {
      const channel = hospitalChannelCredentials(certDir, code);
      if (!channel) {
        this.logger.warn(`no client certificate for ${code} in ${certDir}; it pushes nothing`);
        continue;
      }
      this.clients.set(
        code,
        createGrpcClient<hospitalV1.HospitalInboundClient>({
          target,
          protoFiles: PROTO_FILES.hospitalInbound,
          service: grpcServiceName('hospitalInbound'),
          deadlineMs: this.config.INBOUND_PUSH_DEADLINE_MS,
          credentials: channel,
        }),
      );
    }
    for (let round = 0; round < this.config.LAB_REPORTS_AT_START && !this.stopped; round += 1) {
      await this.pushRound();
    }
    if (!this.stopped) {
      this.logger.log(`pushed ${this.published} lab reports (${this.duplicates} already known)`);
    }
    if (this.config.LAB_REPORT_INTERVAL_MS > 0 && !this.stopped) {
      this.timer = setInterval(() => {
        if (!this.running || this.stopped) return;
        this.running = this.running.then(() => this.pushRound());
      }, this.config.LAB_REPORT_INTERVAL_MS);
    }
  }

  private async registeredCodes(): Promise<string[]> {
    while (!this.stopped) {
      const registered = this.registration.registeredHospitals();
      if (registered.size === this.config.SIMULATOR_HOSPITALS) return [...registered.keys()];
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return [];
  }

  private async pushRound(): Promise<void> {
    for (const [code, client] of this.clients) {
      if (this.stopped) return;
      const sequence = (this.sequences.get(code) ?? 0) + 1;
      this.sequences.set(code, sequence);
      await this.pushWithRetry(code, client, simulatedLabReport(code, sequence, new Date()));
    }
  }

  private async pushWithRetry(
    code: string,
    client: GrpcClient<hospitalV1.HospitalInboundClient>,
    request: hospitalV1.PublishLabReportRequest,
  ): Promise<void> {
    let backoff = 200;
    while (!this.stopped) {
      try {
        const response = await client.call.publishLabReport(request);
        this.published += 1;
        if (response.duplicate) this.duplicates += 1;
        return;
      } catch (error) {
        this.logger.warn(
          `${code}: publishing ${request.messageId} failed (${error instanceof Error ? error.message : String(error)}); retrying in ${backoff} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }
}
