import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI 3 description of the public API at `/docs` (UI) and `/docs/openapi.json`. */
export function setUpOpenApi(
  app: NestFastifyApplication,
  version: string,
  publicBaseUrl: string,
): void {
  const config = new DocumentBuilder()
    .setTitle('Meridian API')
    .setDescription(
      'REST API for partner apps. Authenticate with the OAuth 2.0 client credentials grant at `/oauth/token`, ' +
        'then send `Authorization: Bearer <token>`. Errors are RFC 9457 `application/problem+json` with a stable `code`.',
    )
    .setVersion(version)
    .addServer(publicBaseUrl)
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
  });
}
