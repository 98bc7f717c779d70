import type { ContinuationMode } from '../catalog/catalog.schema';
import type { FinishReason, ProviderEvent, ProviderRequest, ProviderUsage } from './provider';
import { ProviderError } from './provider';

// The wire format of OpenAI-compatible chat completions (OpenAI, DeepSeek, Qwen/DashScope
// compatible mode, vLLM, Ollama): request bodies, chunk interpretation and error classification.
// Pure functions, so every rule is tested without a network.

/** Appended to the system prompt when a model continues an answer another model started. */
export const CONTINUE_INSTRUCTION =
  'Your previous reply was interrupted. The final assistant message is what has already been ' +
  'shown to the user: continue it from exactly where it stops, in the same language and style. ' +
  'Do not repeat any of it and do not start over.';

export interface WireMessage {
  role: string;
  content: string;
  /** DeepSeek chat prefix completion: the model continues this assistant message. */
  prefix?: boolean;
}

export interface ChatCompletionBody {
  model: string;
  messages: WireMessage[];
  stream: boolean;
  stream_options?: { include_usage: boolean };
  max_tokens: number;
  temperature?: number;
  response_format?: { type: 'json_object' };
}

export function buildChatCompletionBody(
  upstreamModel: string,
  request: ProviderRequest,
  options: { readonly stream: boolean; readonly continuation: ContinuationMode },
): ChatCompletionBody {
  const messages: WireMessage[] = request.messages.map((m) => ({
    role: m.role,
    content: m.content,
  }));
  if (request.continueFrom !== undefined) {
    if (options.continuation === 'none') {
      throw new ProviderError('fatal', 'continuation-unsupported', 'Model cannot continue answers');
    }
    // One leading system message is what every chat template accepts; a second one mid-way is not.
    const first = messages[0];
    if (first?.role === 'system') first.content = `${first.content}\n\n${CONTINUE_INSTRUCTION}`;
    else messages.unshift({ role: 'system', content: CONTINUE_INSTRUCTION });
    messages.push({
      role: 'assistant',
      content: request.continueFrom,
      ...(options.continuation === 'prefix-flag' ? { prefix: true } : {}),
    });
  }
  return {
    model: upstreamModel,
    messages,
    stream: options.stream,
    ...(options.stream ? { stream_options: { include_usage: true } } : {}),
    max_tokens: request.maxOutputTokens,
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.responseFormat === 'json' ? { response_format: { type: 'json_object' } } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 0;
}

/** `usage` as OpenAI, DeepSeek and vLLM report it, or undefined when absent. */
export function parseUsage(value: unknown): ProviderUsage | undefined {
  if (!isRecord(value)) return undefined;
  const promptDetails = isRecord(value['prompt_tokens_details'])
    ? value['prompt_tokens_details']
    : {};
  const completionDetails = isRecord(value['completion_tokens_details'])
    ? value['completion_tokens_details']
    : {};
  return {
    inputTokens: count(value['prompt_tokens']),
    outputTokens: count(value['completion_tokens']),
    reasoningTokens: count(completionDetails['reasoning_tokens']),
    // DeepSeek reports cache hits at the top level.
    cachedInputTokens:
      count(promptDetails['cached_tokens']) || count(value['prompt_cache_hit_tokens']),
  };
}

export function mapFinishReason(value: unknown): FinishReason | undefined {
  if (value === null || value === undefined) return undefined;
  if (value === 'length') return 'length';
  if (value === 'content_filter') return 'content-filter';
  // stop, tool_calls, function_call, eos and whatever else a server invents all mean "done".
  return 'stop';
}

/** What one streamed chunk (`data:` JSON) says. */
export interface ChunkContent {
  readonly events: ProviderEvent[];
  readonly finish?: FinishReason;
  readonly usage?: ProviderUsage;
}

/**
 * Interprets one `data:` payload other than `[DONE]`. Text and reasoning become events at once;
 * finish reason and usage are returned for the caller to emit last. Malformed chunks and in-stream
 * error objects throw ProviderErrors.
 */
export function interpretChunk(data: string): ChunkContent {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new ProviderError('retryable', 'malformed-chunk', 'Stream chunk is not valid JSON');
  }
  if (!isRecord(json)) {
    throw new ProviderError('retryable', 'malformed-chunk', 'Stream chunk is not a JSON object');
  }
  if (isRecord(json['error'])) throw classifyErrorBody(undefined, json, undefined);
  const choices = json['choices'];
  if (choices !== undefined && choices !== null && !Array.isArray(choices)) {
    throw new ProviderError('retryable', 'malformed-chunk', 'Stream chunk has invalid choices');
  }
  const events: ProviderEvent[] = [];
  let finish: FinishReason | undefined;
  // Only the first choice is read: the router never asks for n > 1.
  const choice: unknown = Array.isArray(choices) ? choices[0] : undefined;
  if (isRecord(choice)) {
    const delta = isRecord(choice['delta']) ? choice['delta'] : {};
    // DeepSeek says `reasoning_content`; vLLM and Ollama say `reasoning`.
    const reasoning = delta['reasoning_content'] ?? delta['reasoning'];
    if (typeof reasoning === 'string' && reasoning.length > 0) {
      events.push({ type: 'reasoning', text: reasoning });
    }
    const content = delta['content'];
    if (typeof content === 'string' && content.length > 0) {
      events.push({ type: 'delta', text: content });
    }
    finish = mapFinishReason(choice['finish_reason']);
  }
  const usage = parseUsage(json['usage']);
  return {
    events,
    ...(finish === undefined ? {} : { finish }),
    ...(usage === undefined ? {} : { usage }),
  };
}

/** A whole non-streamed response body as events. */
export function interpretCompletion(json: unknown): ProviderEvent[] {
  if (!isRecord(json)) {
    throw new ProviderError('retryable', 'malformed-response', 'Response is not a JSON object');
  }
  if (isRecord(json['error'])) throw classifyErrorBody(undefined, json, undefined);
  const choices = json['choices'];
  const choice: unknown = Array.isArray(choices) ? choices[0] : undefined;
  if (!isRecord(choice) || !isRecord(choice['message'])) {
    throw new ProviderError('retryable', 'malformed-response', 'Response has no message');
  }
  const message = choice['message'];
  const events: ProviderEvent[] = [];
  const reasoning = message['reasoning_content'] ?? message['reasoning'];
  if (typeof reasoning === 'string' && reasoning.length > 0) {
    events.push({ type: 'reasoning', text: reasoning });
  }
  const content = message['content'];
  if (typeof content === 'string' && content.length > 0) {
    events.push({ type: 'delta', text: content });
  }
  const usage = parseUsage(json['usage']);
  if (usage) events.push({ type: 'usage', usage });
  events.push({ type: 'finish', reason: mapFinishReason(choice['finish_reason']) ?? 'stop' });
  return events;
}

/** Retry-After (delta-seconds or an HTTP date) or OpenAI's `retry-after-ms`, in ms. */
export function parseRetryAfter(
  headers: { get(name: string): string | null },
  now: number = Date.now(),
): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const CONTEXT_LENGTH =
  /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|input is too long/i;
const CONTENT_FILTER_CODES = new Set([
  'content_filter',
  'content_policy_violation',
  // DashScope (Qwen) in compatible mode.
  'data_inspection_failed',
]);

/**
 * Classifies an error response (or an in-stream error object) by status and OpenAI-style body
 * `{ error: { message, type, code } }`. The message is truncated: bodies can be long.
 */
export function classifyErrorBody(
  status: number | undefined,
  body: unknown,
  retryAfterMs: number | undefined,
): ProviderError {
  const error = isRecord(body) && isRecord(body['error']) ? body['error'] : {};
  const code = typeof error['code'] === 'string' ? error['code'] : undefined;
  const type = typeof error['type'] === 'string' ? error['type'] : undefined;
  const rawMessage =
    typeof error['message'] === 'string'
      ? error['message']
      : typeof body === 'string'
        ? body
        : `HTTP ${status ?? 'error'}`;
  const message = rawMessage.slice(0, 300);
  const options = {
    ...(status === undefined ? {} : { httpStatus: status }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
  if (
    (code !== undefined && CONTENT_FILTER_CODES.has(code)) ||
    (type !== undefined && CONTENT_FILTER_CODES.has(type))
  ) {
    return new ProviderError('content-filter', code ?? type ?? 'content_filter', message, options);
  }
  if (
    code === 'context_length_exceeded' ||
    status === 413 ||
    ((status === undefined || status === 400) && CONTEXT_LENGTH.test(message))
  ) {
    return new ProviderError('context-length', 'context-length-exceeded', message, options);
  }
  if (status === undefined) {
    // An error object inside a 200 stream: the server broke down mid-answer.
    return new ProviderError('retryable', code ?? 'stream-error', message, options);
  }
  if (status === 429) return new ProviderError('retryable', 'rate-limited', message, options);
  if (status === 408 || status === 409 || status >= 500) {
    return new ProviderError('retryable', `http-${status}`, message, options);
  }
  return new ProviderError('fatal', `http-${status}`, message, options);
}
