import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

import type { TestPlatform } from './platform';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

export interface PartnerCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Registers a partner client with the operator command, exactly as an operator would. */
export async function createPartnerClient(
  platform: TestPlatform,
  options: { scopes?: string; rateLimit?: number } = {},
): Promise<PartnerCredentials> {
  const clientId = `e2e-${randomBytes(4).toString('hex')}`;
  const env = platform.env('api-gateway');
  const { stdout } = await run(
    process.execPath,
    [
      join(ROOT, 'apps/api-gateway/dist/cli/create-partner-client.js'),
      '--client-id',
      clientId,
      '--name',
      'End-to-end tests',
      '--scopes',
      options.scopes ?? 'directory:read',
      '--rate-limit',
      String(options.rateLimit ?? 10_000),
    ],
    {
      env: {
        PATH: env['PATH'] ?? '',
        DATABASE_URL: env['DATABASE_URL'] ?? '',
        DATABASE_SCHEMA: env['DATABASE_SCHEMA'] ?? '',
      },
    },
  );
  const created = JSON.parse(stdout) as { clientId: string; clientSecret: string };
  return { clientId: created.clientId, clientSecret: created.clientSecret };
}

/** Client credentials grant, form-encoded as RFC 6749 prescribes. */
export async function accessToken(
  platform: TestPlatform,
  credentials: PartnerCredentials,
): Promise<string> {
  const response = await fetch(`${platform.httpUrl('api-gateway')}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
    }).toString(),
  });
  if (!response.ok)
    throw new Error(`token request failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export interface JsonResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export async function getJson<T>(
  url: string,
  token?: string,
  headers: Record<string, string> = {},
): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : undefined) as T,
  };
}
