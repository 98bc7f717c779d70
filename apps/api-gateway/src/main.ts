import { runMain, startService } from '@meridian/platform';

import { AppModule } from './app.module';
import { SERVICE_NAME, loadApiGatewayConfig } from './config';
import { setUpOpenApi } from './docs/openapi';

runMain(SERVICE_NAME, async () => {
  const config = loadApiGatewayConfig();
  await startService({
    name: SERVICE_NAME,
    version: config.SERVICE_VERSION,
    module: AppModule.forRoot(config),
    http: { host: config.HTTP_HOST, port: config.HTTP_PORT },
    shutdownGraceMs: config.SHUTDOWN_GRACE_MS,
    configure: (app) => setUpOpenApi(app, config.SERVICE_VERSION, config.PUBLIC_BASE_URL),
  });
});
