import { createGrpcClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName, hospitalV1 } from '@meridian/proto';

import { DEMO_HOSPITALS } from './demo-directory';

/**
 * Registers the demo hospitals through hospital-integration's public gRPC API — the same path a
 * real onboarding takes, so the demo data also flows through the outbox and Kafka. Safe to re-run:
 * registration is idempotent per hospital code and idempotency key.
 */
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
      const hospital = await client.call.registerHospital({
        idempotencyKey: `demo-seed:${demo.code}:v1`,
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
