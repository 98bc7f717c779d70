import { runMain, startService } from '@meridian/platform';
import { PROTO_FILES, PROTO_PACKAGES } from '@meridian/proto';

import { AppModule } from './app.module';
import { SERVICE_NAME, loadHospitalSimulatorConfig } from './config';

runMain(SERVICE_NAME, async () => {
  const config = loadHospitalSimulatorConfig();
  await startService({
    name: SERVICE_NAME,
    version: config.SERVICE_VERSION,
    module: AppModule.forRoot(config),
    http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    // HospitalLink for every simulated hospital; the x-hospital-code metadata says which one.
    grpc: [
      {
        url: `${config.GRPC_HOST}:${config.GRPC_PORT}`,
        packages: [PROTO_PACKAGES.hospital],
        protoFiles: PROTO_FILES.hospitalLink,
      },
    ],
  });
});
