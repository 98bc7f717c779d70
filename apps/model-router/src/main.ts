import { runMain, startService } from '@meridian/platform';
import { PROTO_FILES, PROTO_PACKAGES } from '@meridian/proto';

import { AppModule } from './app.module';
import { SERVICE_NAME, loadModelRouterConfig } from './config';

runMain(SERVICE_NAME, async () => {
  const config = loadModelRouterConfig();
  await startService({
    name: SERVICE_NAME,
    version: config.SERVICE_VERSION,
    module: AppModule.forRoot(config),
    http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    // Conversations can be long; OpenAI clients send them whole.
    bodyLimitBytes: 8 * 1_048_576,
    grpc: [
      {
        url: `${config.GRPC_HOST}:${config.GRPC_PORT}`,
        packages: [PROTO_PACKAGES.modelRouter],
        protoFiles: [...PROTO_FILES.modelRouter],
      },
    ],
  });
});
