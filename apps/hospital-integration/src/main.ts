import { runMain, startService } from '@meridian/platform';
import { PROTO_FILES, PROTO_PACKAGES } from '@meridian/proto';

import { AppModule } from './app.module';
import { SERVICE_NAME, loadHospitalIntegrationConfig } from './config';
import { inboundServerCredentials } from './inbound/inbound-tls';

runMain(SERVICE_NAME, async () => {
  const config = loadHospitalIntegrationConfig();
  await startService({
    name: SERVICE_NAME,
    version: config.SERVICE_VERSION,
    module: AppModule.forRoot(config),
    http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    grpc: [
      {
        url: `${config.GRPC_HOST}:${config.GRPC_PORT}`,
        packages: [PROTO_PACKAGES.hospital],
        protoFiles: [
          ...PROTO_FILES.hospitalDirectory,
          ...PROTO_FILES.appointments,
          ...PROTO_FILES.bookings,
        ],
      },
      // The hospital side: its own port, mutual TLS, HospitalInbound only.
      ...(config.inbound
        ? [
            {
              url: `${config.inbound.host}:${config.inbound.port}`,
              packages: [PROTO_PACKAGES.hospital],
              protoFiles: PROTO_FILES.hospitalInbound,
              credentials: inboundServerCredentials(config.inbound),
            },
          ]
        : []),
    ],
  });
});
