import { createHash, randomUUID } from 'node:crypto';
import type { ServiceError } from '@grpc/grpc-js';
import { createGrpcClient, decodeStatusDetails } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName, hospitalV1 } from '@meridian/proto';

import { DEMO_HOSPITALS } from './demo-directory';

/**
 * Registers the demo hospitals through hospital-integration's public gRPC API — the same path a
 * real onboarding takes, so the demo data also flows through the outbox and Kafka. Safe to re-run:
 * registration is idempotent per hospital code and idempotency key.
 */

const KEY_REUSED = 'IDEMPOTENCY.KEY_REUSED';
const runId = randomUUID();

function keyWasReused(error: unknown): boolean {
  const metadata = (error as Partial<ServiceError> | null)?.metadata;
  return metadata !== undefined && decodeStatusDetails(metadata).reason === KEY_REUSED;
}

async function main(): Promise<void> {
  const target = process.env['HOSPITAL_INTEGRATION_GRPC_URL'] ?? '127.0.0.1:50103';
  const client = createGrpcClient<hospitalV1.HospitalDirectoryClient>({
    target,
    protoFiles: PROTO_FILES.hospitalDirectory,
    service: grpcServiceName('hospitalDirectory'),
    deadlineMs: 5_000,
  });
  try {
    for (const [index, demo] of DEMO_HOSPITALS.entries()) {
      const request: Omit<hospitalV1.RegisterHospitalRequest, 'idempotencyKey'> = {
        code: demo.code,
        name: demo.name,
        nameEn: demo.nameEn,
        regionCode: demo.regionCode,
        city: demo.city,
        level: hospitalV1.HospitalLevel[`HOSPITAL_LEVEL_${demo.level}`],
        address: demo.address,
        latitude: demo.latitude,
        longitude: demo.longitude,
        departments: demo.departments.map(([code, localName]) => ({ code, localName })),
      };
      // Stable per hospital and content, so a re-run repeats the same command.
      const fingerprint = createHash('sha256').update(JSON.stringify(request)).digest('hex');
      const idempotencyKey = `demo-seed:${demo.code}:${fingerprint.slice(0, 16)}`;
      const hospital = await client.call
        .registerHospital({ idempotencyKey, ...request })
        .catch((error: unknown) => {
          // A key stored by an older version for a request it saw differently: registration is
          // an upsert by code, so registering under a key of this run is safe.
          if (!keyWasReused(error)) throw error;
          return client.call.registerHospital({
            idempotencyKey: `${idempotencyKey}:${runId}`,
            ...request,
          });
        });
      process.stdout.write(
        `[seed] ${index + 1}/${DEMO_HOSPITALS.length} ${hospital.code} ${hospital.name} (${hospital.id})\n`,
      );
    }
  } finally {
    client.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `seed-demo-directory failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
