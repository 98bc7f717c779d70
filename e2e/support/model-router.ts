import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentials, loadPackageDefinition, Metadata } from '@grpc/grpc-js';
import type { Client, ServiceClientConstructor, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import {
  PROTO_FILES,
  PROTO_LOADER_OPTIONS,
  commonV1,
  grpcServiceName,
  modelRouterV1,
} from '@meridian/proto';

import type { TestPlatform } from './platform';

const ROOT = join(__dirname, '..', '..');

/** An OpenAI-compatible catalog model served by the mock at `baseUrl`. */
export function mockModel(id: string, baseUrl: string, apiKeyEnv: string) {
  return {
    id,
    provider: {
      kind: 'openai-compatible',
      baseUrl,
      apiKeyEnv,
      upstreamModel: id,
      upstreamVersion: '2026-11-01',
    },
    capabilities: ['chat', 'zh', 'en'],
    contextWindowTokens: 32_000,
    maxOutputTokens: 2_000,
    pricing: { inputMicroFenPer1kTokens: 2_000_000, outputMicroFenPer1kTokens: 8_000_000 },
    residency: 'domestic',
    phiPermitted: false,
    concurrencyLimit: 16,
    timeouts: { totalMs: 5_000, firstTokenMs: 1_000, idleMs: 500 },
    circuitBreaker: { failureThreshold: 50, openMs: 1_000 },
  };
}

export function writeCatalog(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mr-e2e-')), 'catalog.json');
  writeFileSync(path, JSON.stringify(content));
  return path;
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs an operator command of model-router (`dist/cli/<name>.js`) against the platform's database. */
export function routerCli(
  platform: TestPlatform,
  name: string,
  args: readonly string[],
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'apps', 'model-router', 'dist', 'cli', `${name}.js`), ...args],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          TZ: 'UTC',
          DATABASE_URL: platform.databaseUrl('model-router'),
          DATABASE_SCHEMA: platform.schema,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

export type StreamChunk = modelRouterV1.StreamCompleteResponse;
export type StreamClient = Client & {
  streamComplete(
    request: modelRouterV1.StreamCompleteRequest,
    metadata: Metadata,
    options: { deadline: number },
  ): NodeJS.ReadableStream & { on(event: 'data', listener: (chunk: StreamChunk) => void): unknown };
};

export function streamingClient(target: string): StreamClient {
  const definition = loadSync([...PROTO_FILES.modelRouter], PROTO_LOADER_OPTIONS);
  let node: unknown = loadPackageDefinition(definition);
  for (const part of grpcServiceName('modelRouter').split('.')) {
    node = (node as Record<string, unknown>)[part];
  }
  const Ctor = node as ServiceClientConstructor;
  return new Ctor(target, credentials.createInsecure()) as unknown as StreamClient;
}

/** Every chunk of a stream, or the gRPC error that ended it. */
export function collectStream(
  client: StreamClient,
  request: modelRouterV1.StreamCompleteRequest,
): Promise<{ chunks: StreamChunk[]; error?: ServiceError }> {
  return new Promise((resolve) => {
    const chunks: StreamChunk[] = [];
    const call = client.streamComplete(request, new Metadata(), { deadline: Date.now() + 10_000 });
    call.on('data', (chunk: StreamChunk) => chunks.push(chunk));
    call.on('error', (error: ServiceError) => {
      resolve({ chunks, error });
    });
    call.on('end', () => {
      resolve({ chunks });
    });
  });
}

export const QUESTION = 'I have had a headache since yesterday.';

/** A Complete request for `partnerId` (or, when empty, for the `service` alone). */
export function completion(
  partnerId: string,
  overrides: Partial<modelRouterV1.CompleteRequest> = {},
  service = 'consultation',
): modelRouterV1.CompleteRequest {
  return {
    idempotencyKey: '',
    task: 'consult',
    messages: [{ role: modelRouterV1.ChatRole.CHAT_ROLE_USER, content: QUESTION }],
    dataClass: modelRouterV1.DataClass.DATA_CLASS_DEIDENTIFIED,
    maxOutputTokens: 0,
    responseFormat: modelRouterV1.ResponseFormat.RESPONSE_FORMAT_UNSPECIFIED,
    locale: commonV1.Locale.LOCALE_UNSPECIFIED,
    context: { service, partnerId, patientId: 'patient-e2e', subjectId: 'consultation-1' },
    model: '',
    ...overrides,
  };
}

/** Waits until at least `ms` remain in the current UTC minute, so a per-minute test stays in one window. */
export async function awayFromMinuteEnd(ms = 8_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < ms) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
