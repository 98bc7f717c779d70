import { createServer } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { BehaviourBook } from './mock-llm.behaviours';
import {
  ChunkWriter,
  completionBody,
  errors,
  SSE_DONE,
  SSE_KEEP_ALIVE,
  usageOf,
} from './mock-llm.protocol';
import type { MockFinishReason, MockUsage, PlainResponse } from './mock-llm.protocol';
import {
  countPromptTokens,
  lastUserText,
  mockAnswerTokens,
  mockReasoningTokens,
  splitChars,
  splitWords,
  transcript,
} from './mock-llm.text';
import type {
  MockBehaviour,
  MockBehaviourInput,
  MockBehaviourScope,
  MockChatMessage,
  MockChatRequestBody,
  MockFault,
  MockLlm,
  MockLlmOptions,
  MockLlmRequest,
  MockModels,
} from './mock-llm.types';

const MAX_BODY_CHARS = 16 * 1024 * 1024;
const DEFAULT_TOKENS = 12;
const DEFAULT_MAX_RECORDED = 10_000;
// Between the last bytes of a stream and a TCP reset, so the client reads them before the RST.
const RESET_GRACE_MS = 5;

type Writable<T> = { -readonly [K in keyof T]: T[K] };
type RequestRecord = Writable<MockLlmRequest>;

/** One request/response in flight. At most one timer runs at a time (plus a keep-alive interval). */
interface Exchange {
  readonly record: RequestRecord;
  readonly res: ServerResponse;
  /** The mock has decided how this exchange ends (set before ending or destroying it). */
  ended: boolean;
  /** SSE text not yet written: the whole stream goes out in one write when nothing is delayed. */
  buffer: string;
  headers: OutgoingHttpHeaders;
  timer: NodeJS.Timeout | undefined;
  keepAlive: NodeJS.Timeout | undefined;
  wake: ((alive: boolean) => void) | undefined;
}

/** What the answer will be, decided once the request is accepted. */
interface AnswerPlan {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly reasoning: readonly string[];
  readonly content: readonly string[];
  readonly finishReason: 'stop' | 'length';
  readonly promptTokens: number;
  readonly behaviour: MockBehaviour;
  readonly fault: MockFault | undefined;
  readonly includeUsage: boolean;
}

interface Waiter {
  readonly count: number;
  readonly resolve: (requests: readonly MockLlmRequest[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

type ParsedBody =
  { ok: true; body: MockChatRequestBody } | { ok: false; message: string; param: string | null };

function parseBody(raw: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    // The client sent something that is not JSON: that is the answer, not an error of the mock.
    return { ok: false, message: 'We could not parse the JSON body of your request.', param: null };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, message: 'The request body must be a JSON object.', param: null };
  }
  const body = json as Record<string, unknown>;
  if (typeof body['model'] !== 'string' || body['model'] === '') {
    return { ok: false, message: 'You must provide a model parameter.', param: 'model' };
  }
  const messages = body['messages'];
  if (!Array.isArray(messages) || messages.length === 0) {
    return {
      ok: false,
      message: "'messages' must contain at least one message.",
      param: 'messages',
    };
  }
  for (const message of messages as unknown[]) {
    if (
      typeof message !== 'object' ||
      message === null ||
      typeof (message as { role?: unknown }).role !== 'string'
    ) {
      return { ok: false, message: "Every message needs a 'role'.", param: 'messages' };
    }
  }
  return { ok: true, body: body as MockChatRequestBody };
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function tokenDelayOf(behaviour: MockBehaviour): number {
  if (behaviour.tokenDelayMs !== undefined) return behaviour.tokenDelayMs;
  if (behaviour.tokensPerSecond !== undefined && behaviour.tokensPerSecond > 0) {
    return 1000 / behaviour.tokensPerSecond;
  }
  return 0;
}

class MockLlmServer implements MockLlm {
  readonly url: string;
  readonly port: number;

  // Recorded requests live in log[dropped..]: dropping the oldest is a counter bump, and the dead
  // head is sliced off in batches (a per-request shift() costs O(n) on long logs).
  private log: RequestRecord[] = [];
  private dropped = 0;
  private count = 0;
  private readonly countByModel = new Map<string, number>();
  private readonly open = new Set<Exchange>();
  private waiters: Waiter[] = [];
  private readonly book: BehaviourBook;
  private readonly models: MockModels;
  private readonly modelsBody: string;
  private readonly clock: () => number;
  private readonly maxRecorded: number;
  private closed = false;

  constructor(
    private readonly server: Server,
    private readonly options: MockLlmOptions,
    host: string,
  ) {
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}/v1`;
    this.clock = options.clock ?? Date.now;
    this.models = options.models ?? { 'mock-model': {} };
    this.maxRecorded = options.maxRecorded ?? DEFAULT_MAX_RECORDED;
    this.book = new BehaviourBook(options.defaults ?? {}, this.models, this.clock);
    this.modelsBody = JSON.stringify({
      object: 'list',
      data: Object.keys(this.models).map((id) => this.modelObject(id)),
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.route(req, res);
    });
  }

  get requests(): readonly MockLlmRequest[] {
    if (this.dropped > 0) {
      this.log = this.log.slice(this.dropped);
      this.dropped = 0;
    }
    return this.log;
  }

  get requestCount(): number {
    return this.count;
  }

  get openResponses(): number {
    return this.open.size;
  }

  script(
    steps: readonly (MockBehaviourInput | null)[],
    scope: Omit<MockBehaviourScope, 'times'> = {},
  ): void {
    this.book.addScript(steps, scope);
  }

  setBehaviour(behaviour: MockBehaviourInput, scope?: MockBehaviourScope): void {
    if (scope === undefined) this.book.setBase(behaviour);
    else this.book.addRule(behaviour, scope);
  }

  reset(): void {
    this.log = [];
    this.dropped = 0;
    this.count = 0;
    this.countByModel.clear();
    this.book.reset();
  }

  waitForRequests(count: number, timeoutMs = 2000): Promise<readonly MockLlmRequest[]> {
    if (this.count >= count) return Promise.resolve(this.requests);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        count,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((other) => other !== waiter);
          reject(
            new Error(`mock LLM: waited ${timeoutMs} ms for ${count} requests, got ${this.count}`),
          );
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('mock LLM closed'));
    }
    this.waiters = [];
    const now = this.clock();
    for (const exchange of this.open) {
      if (!exchange.ended) {
        exchange.ended = true;
        exchange.record.endedAt = now;
        if (exchange.record.outcome === 'pending') exchange.record.outcome = 'server-closed';
      }
      this.stopTimers(exchange);
    }
    await new Promise<void>((resolve, reject) => {
      this.server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
      this.server.closeAllConnections();
    });
  }

  // --- routing -------------------------------------------------------------------------------

  private route(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      this.readBody(req, res, path);
      return;
    }
    req.resume();
    if (req.method === 'GET' && path === '/v1/models') {
      this.sendPlain(res, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: this.modelsBody,
      });
      return;
    }
    if (req.method === 'GET' && path.startsWith('/v1/models/')) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      this.sendPlain(
        res,
        Object.hasOwn(this.models, id)
          ? {
              status: 200,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(this.modelObject(id)),
            }
          : errors.modelNotFound(id),
      );
      return;
    }
    this.sendPlain(res, errors.notFound(req.method ?? 'GET', path));
  }

  private readBody(req: IncomingMessage, res: ServerResponse, path: string): void {
    let raw = '';
    let tooLarge = false;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (tooLarge) return;
      raw += chunk;
      if (raw.length > MAX_BODY_CHARS) {
        tooLarge = true;
        raw = '';
      }
    });
    req.on('end', () => {
      if (tooLarge) {
        this.sendPlain(res, errors.tooLarge());
        return;
      }
      const parsed = parseBody(raw);
      const exchange = this.accept(req, res, path, raw, parsed);
      this.chat(exchange, parsed).catch((error: unknown) => {
        this.crash(exchange, error);
      });
    });
  }

  private modelObject(id: string): Record<string, string | number> {
    return { id, object: 'model', created: 1_700_000_000, owned_by: 'meridian-mock' };
  }

  // --- the chat completion exchange -----------------------------------------------------------

  private accept(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    raw: string,
    parsed: ParsedBody,
  ): Exchange {
    const body = parsed.ok ? parsed.body : undefined;
    const model = body?.model ?? '';
    const modelIndex = this.countByModel.get(model) ?? 0;
    this.countByModel.set(model, modelIndex + 1);
    const record: RequestRecord = {
      index: this.count++,
      modelIndex,
      method: req.method ?? 'POST',
      path,
      headers: req.headers,
      rawBody: raw,
      body,
      model,
      stream: body?.stream === true,
      receivedAt: this.clock(),
      fault: undefined,
      status: undefined,
      respondedAt: undefined,
      firstTokenAt: undefined,
      tokensSent: 0,
      endedAt: undefined,
      outcome: 'pending',
      clientClosed: false,
    };
    if (this.maxRecorded > 0) {
      this.log.push(record);
      if (this.log.length - this.dropped > this.maxRecorded) this.dropped += 1;
      if (this.dropped >= this.maxRecorded) {
        this.log = this.log.slice(this.dropped);
        this.dropped = 0;
      }
    }
    const exchange: Exchange = {
      record,
      res,
      ended: false,
      buffer: '',
      headers: {},
      timer: undefined,
      keepAlive: undefined,
      wake: undefined,
    };
    this.open.add(exchange);
    res.on('close', () => {
      this.onClose(exchange);
    });
    this.notifyWaiters();
    return exchange;
  }

  private async chat(exchange: Exchange, parsed: ParsedBody): Promise<void> {
    const { record } = exchange;
    const behaviour = this.book.resolve(record);
    const fault = behaviour.fault;
    record.fault = fault?.kind;
    if (behaviour.latencyMs !== undefined && behaviour.latencyMs > 0) {
      if (!(await this.sleep(exchange, behaviour.latencyMs))) return;
    }
    const { apiKey } = this.options;
    if (apiKey !== undefined && exchange.res.req.headers.authorization !== `Bearer ${apiKey}`) {
      this.respond(exchange, errors.invalidApiKey());
      return;
    }
    if (!parsed.ok) {
      this.respond(exchange, errors.invalidRequest(parsed.message, parsed.param));
      return;
    }
    const { body } = parsed;
    if (fault !== undefined && this.refuse(exchange, fault, body, behaviour)) return;
    if (this.options.strictModels === true && !Object.hasOwn(this.models, body.model)) {
      this.respond(exchange, errors.modelNotFound(body.model));
      return;
    }
    if (
      behaviour.rejectPrefill === true &&
      body.messages[body.messages.length - 1]?.role === 'assistant'
    ) {
      this.respond(exchange, errors.prefillRejected(body.model));
      return;
    }
    const promptTokens = countPromptTokens(body.messages);
    const maxTokens = positiveNumber(body.max_completion_tokens) ?? positiveNumber(body.max_tokens);
    if (
      behaviour.contextWindow !== undefined &&
      promptTokens + (maxTokens ?? 0) > behaviour.contextWindow
    ) {
      this.respond(
        exchange,
        errors.contextLengthExceeded(behaviour.contextWindow, promptTokens, maxTokens),
      );
      return;
    }
    const plan = this.plan(record, body, behaviour, promptTokens, maxTokens);
    if (record.stream) await this.stream(exchange, plan);
    else await this.complete(exchange, plan);
  }

  /** Faults that replace the whole response. Returns false for faults that act mid-answer. */
  private refuse(
    exchange: Exchange,
    fault: MockFault,
    body: MockChatRequestBody,
    behaviour: MockBehaviour,
  ): boolean {
    const { record } = exchange;
    switch (fault.kind) {
      case 'rate-limit':
        this.respond(exchange, errors.rateLimited(record.model, fault.retryAfterSeconds));
        return true;
      case 'server-error':
        this.respond(exchange, errors.serverError());
        return true;
      case 'unavailable':
        this.respond(exchange, errors.unavailable(fault.retryAfterSeconds));
        return true;
      case 'http-error':
        this.respond(exchange, {
          status: fault.status,
          headers: { 'content-type': 'application/json', ...fault.headers },
          body: JSON.stringify({ error: fault.error }),
        });
        return true;
      case 'context-length-exceeded':
        this.respond(
          exchange,
          errors.contextLengthExceeded(
            behaviour.contextWindow ?? 8192,
            Math.max(countPromptTokens(body.messages), (behaviour.contextWindow ?? 8192) + 1),
            undefined,
          ),
        );
        return true;
      case 'content-filter':
        this.respond(exchange, errors.contentFilter());
        return true;
      case 'reset':
        this.resetConnection(exchange);
        return true;
      case 'hang':
        record.outcome = 'hung';
        return true;
      case 'cut':
      case 'reset-mid-stream':
      case 'stall':
      case 'malformed-chunk':
      case 'no-done':
      case 'content-filter-in-stream':
        return false;
    }
  }

  private plan(
    record: RequestRecord,
    body: MockChatRequestBody,
    behaviour: MockBehaviour,
    promptTokens: number,
    maxTokens: number | undefined,
  ): AnswerPlan {
    const messages: readonly MockChatMessage[] = body.messages;
    const split = (text: string): string[] =>
      behaviour.chunkChars !== undefined && behaviour.chunkChars > 0
        ? splitChars(text, behaviour.chunkChars)
        : splitWords(text);
    let content: string[];
    if (behaviour.echo === 'all') content = split(transcript(messages));
    else if (behaviour.echo === true || behaviour.echo === 'last-user')
      content = split(lastUserText(messages));
    else if (behaviour.answer !== undefined) {
      content = split(
        typeof behaviour.answer === 'string' ? behaviour.answer : behaviour.answer(record),
      );
    } else {
      const tokens = mockAnswerTokens(lastUserText(messages), behaviour.tokens ?? DEFAULT_TOKENS);
      content = behaviour.chunkChars === undefined ? tokens : split(tokens.join(''));
    }
    let reasoning: string[] = [];
    if (behaviour.reasoning !== undefined) reasoning = split(behaviour.reasoning);
    else if (behaviour.reasoningTokens !== undefined && behaviour.reasoningTokens > 0) {
      reasoning = mockReasoningTokens(lastUserText(messages), behaviour.reasoningTokens);
    }
    let finishReason = behaviour.finishReason ?? 'stop';
    if (maxTokens !== undefined && content.length > maxTokens) {
      content = content.slice(0, maxTokens);
      finishReason = 'length';
    }
    return {
      id: `chatcmpl-mock-${record.index}`,
      created: Math.floor(record.receivedAt / 1000),
      model: body.model,
      reasoning,
      content,
      finishReason,
      promptTokens,
      behaviour,
      fault: behaviour.fault,
      includeUsage: body.stream_options?.include_usage === true,
    };
  }

  // --- non-streamed ---------------------------------------------------------------------------

  private async complete(exchange: Exchange, plan: AnswerPlan): Promise<void> {
    const { behaviour, fault } = plan;
    const firstTokenDelay = behaviour.firstTokenDelayMs ?? 0;
    if (firstTokenDelay > 0 && !(await this.sleep(exchange, firstTokenDelay))) return;
    let reasoning = plan.reasoning;
    let content = plan.content;
    let finishReason: MockFinishReason = plan.finishReason;
    if (fault?.kind === 'content-filter-in-stream') {
      reasoning = reasoning.slice(0, fault.afterTokens);
      content = content.slice(0, Math.max(0, fault.afterTokens - plan.reasoning.length));
      finishReason = 'content_filter';
    }
    const body = completionBody({
      id: plan.id,
      created: plan.created,
      model: plan.model,
      content: content.join(''),
      reasoning: plan.reasoning.length > 0 ? reasoning.join('') : undefined,
      finishReason,
      usage: this.usage(plan, reasoning.length, content.length),
    });
    const headers = { 'content-type': 'application/json', ...behaviour.headers };
    exchange.record.tokensSent = reasoning.length + content.length;
    exchange.record.firstTokenAt = this.clock();
    switch (fault?.kind) {
      case 'cut':
      case 'reset-mid-stream':
      case 'stall': {
        // Headers and half of the JSON, then the fault: what a dying upstream looks like unstreamed.
        this.writeHead(exchange, 200, headers);
        exchange.buffer = body.slice(0, Math.floor(body.length / 2));
        await this.afterPartial(exchange, fault, body.slice(Math.floor(body.length / 2)));
        return;
      }
      case 'malformed-chunk':
        this.respond(exchange, { status: 200, headers, body: body.slice(0, -1) });
        return;
      case undefined:
      case 'no-done':
      case 'content-filter-in-stream':
      case 'rate-limit':
      case 'server-error':
      case 'unavailable':
      case 'http-error':
      case 'reset':
      case 'hang':
      case 'context-length-exceeded':
      case 'content-filter':
        this.respond(exchange, { status: 200, headers, body });
        return;
    }
  }

  /** The fault after a partial non-streamed body (`rest` is what a resumed stall still sends). */
  private async afterPartial(
    exchange: Exchange,
    fault: Extract<MockFault, { kind: 'cut' | 'reset-mid-stream' | 'stall' }>,
    rest: string,
  ): Promise<void> {
    this.flush(exchange);
    switch (fault.kind) {
      case 'cut':
        await this.cut(exchange, fault.closeConnection);
        return;
      case 'reset-mid-stream':
        await this.resetAfterFlush(exchange);
        return;
      case 'stall':
        exchange.record.outcome = 'stalled';
        if (fault.resumeAfterMs === undefined) return;
        if (!(await this.sleep(exchange, fault.resumeAfterMs))) return;
        exchange.record.outcome = 'pending';
        this.end(exchange, rest);
        return;
    }
  }

  // --- streamed -------------------------------------------------------------------------------

  private async stream(exchange: Exchange, plan: AnswerPlan): Promise<void> {
    const { behaviour, fault } = plan;
    const writer = new ChunkWriter(plan.id, plan.created, plan.model, plan.includeUsage);
    const total = plan.reasoning.length + plan.content.length;
    const stopAt =
      fault !== undefined && 'afterTokens' in fault ? Math.min(fault.afterTokens, total) : total;
    const line = (i: number): string => {
      const reasoning = plan.reasoning[i];
      if (reasoning !== undefined) return writer.reasoning(reasoning);
      return writer.content(plan.content[i - plan.reasoning.length] ?? '');
    };
    exchange.headers = {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      ...behaviour.headers,
    };
    const firstTokenDelay = behaviour.firstTokenDelayMs ?? 0;
    if (firstTokenDelay > 0 && !(await this.pause(exchange, firstTokenDelay))) return;
    exchange.buffer += writer.role();
    if (!(await this.emit(exchange, line, 0, stopAt, tokenDelayOf(behaviour)))) return;

    const finish = (reason: MockFinishReason, sent: number, done: boolean): void => {
      const reasoningSent = Math.min(sent, plan.reasoning.length);
      const usage = this.usage(plan, reasoningSent, sent - reasoningSent);
      const tail =
        writer.finish(reason) +
        (plan.includeUsage ? writer.usage(usage) : '') +
        (done ? SSE_DONE : '');
      this.end(exchange, tail);
    };
    switch (fault?.kind) {
      case 'cut':
        await this.cut(exchange, fault.closeConnection);
        return;
      case 'reset-mid-stream':
        await this.resetAfterFlush(exchange);
        return;
      case 'stall': {
        exchange.record.outcome = 'stalled';
        if (fault.keepAliveMs !== undefined && fault.keepAliveMs > 0) {
          this.flush(exchange);
          exchange.keepAlive = setInterval(() => {
            exchange.res.write(SSE_KEEP_ALIVE);
          }, fault.keepAliveMs);
        }
        if (fault.resumeAfterMs === undefined) {
          this.flush(exchange);
          return;
        }
        if (!(await this.pause(exchange, fault.resumeAfterMs))) return;
        clearInterval(exchange.keepAlive);
        exchange.keepAlive = undefined;
        exchange.record.outcome = 'pending';
        if (!(await this.emit(exchange, line, stopAt, total, tokenDelayOf(behaviour)))) return;
        finish(plan.finishReason, total, true);
        return;
      }
      case 'malformed-chunk':
        exchange.buffer += writer.malformed();
        if (!(await this.emit(exchange, line, stopAt, total, tokenDelayOf(behaviour)))) return;
        finish(plan.finishReason, total, true);
        return;
      case 'content-filter-in-stream':
        finish('content_filter', stopAt, true);
        return;
      case 'no-done':
        finish(plan.finishReason, total, false);
        return;
      case undefined:
      case 'rate-limit':
      case 'server-error':
      case 'unavailable':
      case 'http-error':
      case 'reset':
      case 'hang':
      case 'context-length-exceeded':
      case 'content-filter':
        finish(plan.finishReason, total, true);
        return;
    }
  }

  /**
   * Appends deltas [from, to) on the schedule of `delayMs` per token (several per write when the
   * timer runs late, so a high tokens-per-second rate holds). Resolves false if the exchange ended.
   */
  private async emit(
    exchange: Exchange,
    line: (i: number) => string,
    from: number,
    to: number,
    delayMs: number,
  ): Promise<boolean> {
    const { record } = exchange;
    if (from >= to) return !exchange.ended;
    if (record.firstTokenAt === undefined) record.firstTokenAt = this.clock();
    if (delayMs <= 0) {
      for (let i = from; i < to; i++) exchange.buffer += line(i);
      record.tokensSent += to - from;
      return !exchange.ended;
    }
    const start = performance.now();
    let sent = from;
    for (;;) {
      const due = Math.min(to, from + Math.floor((performance.now() - start) / delayMs) + 1);
      const before = sent;
      for (; sent < due; sent++) exchange.buffer += line(sent);
      record.tokensSent += sent - before;
      if (sent >= to) return !exchange.ended;
      const nextAt = start + (sent - from) * delayMs;
      if (!(await this.pause(exchange, nextAt - performance.now()))) return false;
    }
  }

  // --- low-level response handling -----------------------------------------------------------

  private usage(plan: AnswerPlan, reasoningTokens: number, contentTokens: number): MockUsage {
    return usageOf(
      plan.promptTokens,
      reasoningTokens + contentTokens,
      reasoningTokens,
      plan.behaviour.cachedPromptTokens,
    );
  }

  private writeHead(exchange: Exchange, status: number, headers: OutgoingHttpHeaders): void {
    const { record } = exchange;
    record.status = status;
    record.respondedAt = this.clock();
    exchange.res.writeHead(status, {
      'x-request-id': `req_mock_${record.index}`,
      ...headers,
    });
  }

  /** Writes the headers (if not yet) and the buffered text now. */
  private flush(exchange: Exchange): void {
    if (exchange.ended) return;
    if (!exchange.res.headersSent) {
      this.writeHead(exchange, 200, exchange.headers);
      if (exchange.buffer === '') exchange.res.flushHeaders();
    }
    if (exchange.buffer !== '') {
      exchange.res.write(exchange.buffer);
      exchange.buffer = '';
    }
  }

  /** Flushes, then waits. Resolves false if the exchange ended meanwhile. */
  private pause(exchange: Exchange, ms: number): Promise<boolean> {
    this.flush(exchange);
    return this.sleep(exchange, ms);
  }

  private sleep(exchange: Exchange, ms: number): Promise<boolean> {
    if (exchange.ended) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      exchange.wake = resolve;
      exchange.timer = setTimeout(() => {
        exchange.timer = undefined;
        exchange.wake = undefined;
        resolve(!exchange.ended);
      }, ms);
    });
  }

  /** Ends the response with the buffered text plus `tail`; one write when nothing went out before. */
  private end(exchange: Exchange, tail: string): void {
    if (exchange.ended) return;
    const text = exchange.buffer + tail;
    exchange.buffer = '';
    if (!exchange.res.headersSent) {
      this.writeHead(exchange, 200, {
        ...exchange.headers,
        'content-length': Buffer.byteLength(text),
      });
    }
    this.finishRecord(exchange, 'completed');
    exchange.res.end(text);
  }

  private respond(exchange: Exchange, response: PlainResponse): void {
    if (exchange.ended) return;
    this.writeHead(exchange, response.status, {
      ...response.headers,
      'content-length': Buffer.byteLength(response.body),
    });
    this.finishRecord(exchange, response.status < 400 ? 'completed' : 'error-response');
    exchange.res.end(response.body);
  }

  private sendPlain(res: ServerResponse, response: PlainResponse): void {
    res.writeHead(response.status, {
      ...response.headers,
      'content-length': Buffer.byteLength(response.body),
    });
    res.end(response.body);
  }

  /** Ends the stream early: a clean end of the HTTP body, or a closed connection mid-body. */
  private async cut(exchange: Exchange, closeConnection: boolean): Promise<void> {
    if (!closeConnection) {
      this.flush(exchange);
      this.finishRecord(exchange, 'cut');
      exchange.res.end();
      return;
    }
    if (!(await this.flushed(exchange))) return;
    this.finishRecord(exchange, 'cut');
    exchange.res.socket?.destroy();
  }

  /**
   * Flushes and resolves once the bytes are handed to the socket: Node corks a response's first
   * write until the next tick, so destroying the socket right away would lose them.
   */
  private flushed(exchange: Exchange): Promise<boolean> {
    if (exchange.ended) return Promise.resolve(false);
    const pending = exchange.buffer;
    exchange.buffer = '';
    if (!exchange.res.headersSent) this.writeHead(exchange, 200, exchange.headers);
    return new Promise((resolve) => {
      const done = (): void => {
        setImmediate(() => {
          resolve(!exchange.ended);
        });
      };
      if (pending === '') {
        exchange.res.flushHeaders();
        done();
      } else {
        exchange.res.write(pending, done);
      }
    });
  }

  private resetConnection(exchange: Exchange): void {
    this.finishRecord(exchange, 'reset');
    const socket = exchange.res.socket;
    if (socket === null) return;
    socket.resetAndDestroy();
  }

  private async resetAfterFlush(exchange: Exchange): Promise<void> {
    if (!(await this.flushed(exchange))) return;
    if (!(await this.sleep(exchange, RESET_GRACE_MS))) return;
    this.resetConnection(exchange);
  }

  private finishRecord(exchange: Exchange, outcome: RequestRecord['outcome']): void {
    exchange.ended = true;
    exchange.record.outcome = outcome;
    exchange.record.endedAt = this.clock();
    this.stopTimers(exchange);
  }

  private stopTimers(exchange: Exchange): void {
    if (exchange.timer !== undefined) clearTimeout(exchange.timer);
    if (exchange.keepAlive !== undefined) clearInterval(exchange.keepAlive);
    exchange.timer = undefined;
    exchange.keepAlive = undefined;
    const wake = exchange.wake;
    exchange.wake = undefined;
    wake?.(false);
  }

  private onClose(exchange: Exchange): void {
    this.open.delete(exchange);
    const { record } = exchange;
    if (!exchange.ended) {
      exchange.ended = true;
      record.clientClosed = true;
      record.endedAt = this.clock();
      if (record.outcome === 'pending') record.outcome = 'client-closed';
    }
    this.stopTimers(exchange);
    if (this.options.log === true) {
      process.stderr.write(
        `mock-llm #${record.index} ${record.model} ${record.stream ? 'stream' : 'json'} ${record.status ?? '-'} ${record.outcome}${record.fault === undefined ? '' : ` fault=${record.fault}`}\n`,
      );
    }
  }

  private crash(exchange: Exchange, error: unknown): void {
    // A bug in the mock must be loud: tests would otherwise blame the code under test.
    process.stderr.write(
      `mock-llm: internal error on request #${exchange.record.index}: ${String(error)}\n`,
    );
    if (!exchange.res.headersSent && !exchange.ended) {
      this.respond(exchange, errors.serverError());
    } else {
      this.finishRecord(exchange, 'reset');
      exchange.res.destroy();
    }
  }

  private notifyWaiters(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters.filter((waiter) => this.count >= waiter.count);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => this.count < waiter.count);
    for (const waiter of ready) {
      clearTimeout(waiter.timer);
      waiter.resolve(this.requests);
    }
  }
}

/**
 * Starts an OpenAI-compatible mock LLM provider on a real HTTP port, with fault injection.
 * `POST /v1/chat/completions` (JSON and SSE) and `GET /v1/models`; see the README beside this file.
 */
export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer({ keepAlive: true, noDelay: true });
  // Benchmarks reuse connections; clients usually time idle sockets out first.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return new MockLlmServer(server, options, host);
}
