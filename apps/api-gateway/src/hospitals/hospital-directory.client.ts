import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { createGrpcClient } from '@meridian/platform';
import type { GrpcClient, PromiseClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName } from '@meridian/proto';
import type { hospitalV1 } from '@meridian/proto';

export const HOSPITAL_DIRECTORY_TARGET = Symbol('HOSPITAL_DIRECTORY_TARGET');

export interface UpstreamTarget {
  readonly url: string;
  readonly deadlineMs: number;
}

/** hospital-integration's `HospitalDirectory`, called with a deadline and the caller's correlation id. */
@Injectable()
export class HospitalDirectoryClient implements OnModuleDestroy {
  private readonly client: GrpcClient<hospitalV1.HospitalDirectoryClient>;

  constructor(@Inject(HOSPITAL_DIRECTORY_TARGET) target: UpstreamTarget) {
    this.client = createGrpcClient<hospitalV1.HospitalDirectoryClient>({
      target: target.url,
      protoFiles: PROTO_FILES.hospitalDirectory,
      service: grpcServiceName('hospitalDirectory'),
      deadlineMs: target.deadlineMs,
    });
  }

  get call(): PromiseClient<hospitalV1.HospitalDirectoryClient> {
    return this.client.call;
  }

  onModuleDestroy(): void {
    this.client.close();
  }
}
