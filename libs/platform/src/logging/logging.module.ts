import type { DynamicModule } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';

import {
  CORRELATION_HEADER,
  currentCorrelationId,
  normaliseCorrelationId,
} from '../context/correlation';

export interface LoggingOptions {
  readonly service: string;
  readonly version: string;
  readonly level: string;
}

// Probes and scrapes would drown the request log.
const QUIET_PATHS = /^\/(health|metrics)(\/|$|\?)/;

/** Fields that may hold credentials or PHI; pino replaces them wherever they appear in a log line. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.accessToken',
];

/** pino for every log line of the process, with `{service, version}` and the current correlation id. */
export function loggingModule(options: LoggingOptions): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: options.level,
      base: { service: options.service, version: options.version },
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
      // Fastify already chose the request id (the correlation id, see startService); this is the
      // fallback for HTTP servers that did not.
      genReqId: (req: IncomingMessage) => normaliseCorrelationId(req.headers[CORRELATION_HEADER]),
      quietReqLogger: true,
      customAttributeKeys: { reqId: 'correlationId' },
      autoLogging: {
        ignore: (req: IncomingMessage & { originalUrl?: string }) =>
          QUIET_PATHS.test(req.originalUrl ?? req.url ?? ''),
      },
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      },
    },
  });
}
