import { setTimeout as sleepFor } from 'node:timers/promises';

import type {
  Capability,
  Catalog,
  ModelSpec,
  RetrySpec,
  RouteSpec,
  RoutingStrategy,
  Task,
} from '../catalog/catalog.schema';
import { exposureFor } from '../privacy/data-policy';
import type { PhiRedactor, RedactionSession } from '../privacy/redaction';
import type {
  ChatMessage,
  ModelProvider,
  ProviderEvent,
  ProviderRequest,
  ProviderUsage,
} from '../providers/provider';
import { ProviderError, asProviderError } from '../providers/provider';
import {
  detectLanguage,
  estimatePromptTokens,
  estimateTokens,
  lastUserText,
} from '../providers/text';
import { retryDelayMs } from './backoff';
import { CircuitBreaker } from './circuit-breaker';
import type { CircuitState } from './circuit-breaker';
import { exportCircuitStates } from './circuit-metrics';
import { ConcurrencyLimiter } from './concurrency-limiter';
import { LatencyTracker } from './latency-tracker';
import {
  contextLengthExceeded,
  noEligibleModel,
  taskNotRouted,
  unknownModel,
} from './routing.errors';
import { orderCandidates } from './strategies';
import type {
  AttemptRecord,
  BilledUsage,
  CompletionFailure,
  CompletionRequest,
  CompletionResult,
  RouteDecision,
  RouterEvent,
  SkippedCandidate,
} from './routing.types';

/** A catalog model with what routing keeps about it at run time. */
export interface RoutedModel {
  readonly spec: ModelSpec;
  readonly provider: ModelProvider;
  readonly breaker: CircuitBreaker;
  readonly limiter: ConcurrencyLimiter;
}

export interface ModelState {
  readonly spec: ModelSpec;
  readonly tasks: readonly Task[];
  readonly circuit: CircuitState;
  readonly inFlight: number;
  /** Moving estimate of its time to first token, once measured. */
  readonly timeToFirstTokenMs?: number;
}

export interface RoutingEngineOptions {
  /** Present once PHI detection is available; without it, PHI reaches only PHI-permitted models. */
  readonly redactor?: PhiRedactor;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Waits between retries; rejects when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Shared latency estimates (a new tracker by default). */
  readonly latency?: LatencyTracker;
}

/** A request that passed policy: the candidates in routing order, each with its exposure. */
export interface RoutePlan {
  readonly task: Task;
  readonly candidates: readonly { readonly model: RoutedModel; readonly redact: boolean }[];
  readonly excluded: readonly SkippedCandidate[];
  readonly retry: RetrySpec;
  readonly maxOutputTokens: number;
  readonly temperature?: number;
  readonly pinned: boolean;
  /** How the first candidate was chosen: the route's strategy, or `pinned`. */
  readonly strategy: RoutingStrategy | 'pinned';
  /** Why the candidates are in this order (the strategy's account of its choice). */
  readonly selection: string;
  /** Capabilities the answering model must have (request language, JSON, the route's needs). */
  readonly required: readonly Capability[];
  /** Weight of a new time-to-first-token measurement in the model's moving estimate. */
  readonly latencyAlpha: number;
}

/** A started completion: its plan (policy passed) and the stream of what happens next. */
export interface RoutedCompletion {
  readonly plan: RoutePlan;
  readonly events: AsyncGenerator<RouterEvent, void, undefined>;
}

const DEFAULT_RETRY: RetrySpec = { attemptsPerCandidate: 2, baseDelayMs: 200, maxDelayMs: 2_000 };
const DEFAULT_MAX_OUTPUT_TOKENS = 1_024;
const DEFAULT_LATENCY_ALPHA = 0.3;
/** Reasoning kept per attempt for the audit; longer thinking is cut at this many characters. */
export const MAX_AUDIT_REASONING_CHARS = 200_000;
/** Suggested wait when every candidate is unavailable and no provider said how long. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

type AttemptResult =
  | {
      readonly ok: true;
      readonly finish: 'stop' | 'length';
      readonly usage: BilledUsage;
    }
  | {
      readonly ok: false;
      readonly error: ProviderError;
      readonly streamedChars: number;
      readonly cancelled: boolean;
    };

/** Mutable facts of one call, shared by its attempts. */
interface CallState {
  sent: string;
  readonly attempts: AttemptRecord[];
  readonly skipped: SkippedCandidate[];
  readonly startedAt: number;
  firstTokenAt?: number;
  redaction?: RedactionSession;
  redactedAnswer: boolean;
}

/** Resolves with the iterator's next step, or rejects with `onTimeout()` after `ms`. */
function nextWithin<T>(
  iterator: AsyncIterator<T>,
  ms: number,
  onTimeout: () => Error,
): Promise<IteratorResult<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(onTimeout());
    }, ms);
    iterator.next().then(
      (step) => {
        clearTimeout(timer);
        resolve(step);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed through as thrown
        reject(error);
      },
    );
  });
}

function cost(usage: ProviderUsage, spec: ModelSpec): number {
  const { inputMicroFenPer1kTokens, outputMicroFenPer1kTokens } = spec.pricing;
  return Math.ceil(
    (usage.inputTokens * inputMicroFenPer1kTokens +
      usage.outputTokens * outputMicroFenPer1kTokens) /
      1000,
  );
}

function canContinue(spec: ModelSpec): boolean {
  return spec.provider.kind === 'offline' || spec.provider.continuation !== 'none';
}

/**
 * The routing core, free of transport and storage: picks candidates for a task from the catalog,
 * filters them by data policy, and runs the completion with retries (only before the first token),
 * per-model circuit breakers and concurrency limits, first-token / idle / total timeouts, failover
 * before the first token and continuation on another model mid-stream. A cut answer always ends
 * with an `error` event, never with `final`.
 */
export class RoutingEngine {
  private readonly models = new Map<string, RoutedModel>();
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly latency: LatencyTracker;

  constructor(
    private readonly catalog: Catalog,
    providers: ReadonlyMap<string, ModelProvider>,
    private readonly options: RoutingEngineOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, { signal }));
    this.latency = options.latency ?? new LatencyTracker();
    for (const spec of catalog.models) {
      const provider = providers.get(spec.id);
      if (provider === undefined) throw new Error(`No provider for model ${spec.id}`);
      this.models.set(spec.id, {
        spec,
        provider,
        breaker: new CircuitBreaker({ ...spec.circuitBreaker, now: this.now }),
        limiter: new ConcurrencyLimiter(spec.concurrencyLimit),
      });
    }
    exportCircuitStates(() =>
      [...this.models.values()].map((m) => ({ model: m.spec.id, state: m.breaker.state })),
    );
  }

  /** Every model with its routing state, in catalog order. */
  modelStates(): ModelState[] {
    return [...this.models.values()].map((model) => ({
      spec: model.spec,
      tasks: (Object.entries(this.catalog.routes) as [Task, RouteSpec | undefined][])
        .filter(([, route]) => route?.candidates.includes(model.spec.id))
        .map(([task]) => task),
      circuit: model.breaker.state,
      inFlight: model.limiter.inFlight,
      ...(this.latency.estimate(model.spec.id) === undefined
        ? {}
        : { timeToFirstTokenMs: this.latency.estimate(model.spec.id) }),
    }));
  }

  /**
   * Checks the request against routes and policy and starts it. Throws a DomainError (nothing has
   * been sent to any model) when the task has no route, the pinned model is unknown, or no model may
   * see the data (fail closed).
   */
  start(request: CompletionRequest): RoutedCompletion {
    const plan = this.plan(request);
    return { plan, events: this.run(plan, request) };
  }

  /** Runs a completion to its end: the whole answer, or a DomainError-free failure description. */
  async complete(
    request: CompletionRequest,
  ): Promise<
    | { ok: true; result: CompletionResult }
    | { ok: false; failure: CompletionFailure; decision: RouteDecision }
  > {
    const { events } = this.start(request);
    for await (const event of events) {
      if (event.type === 'final') return { ok: true, result: event.result };
      if (event.type === 'error')
        return { ok: false, failure: event.failure, decision: event.decision };
    }
    throw new Error('Completion ended without a result');
  }

  plan(request: CompletionRequest): RoutePlan {
    const route = this.catalog.routes[request.task];
    const pinned = request.model !== undefined && request.model !== '';
    let ids: readonly string[];
    if (pinned) {
      if (!this.models.has(request.model)) throw unknownModel(request.model);
      ids = [request.model];
    } else {
      if (route === undefined) throw taskNotRouted(request.task);
      ids = route.candidates;
    }
    const required = requiredCapabilities(request, route);
    const promptTokens = estimatePromptTokens(request.messages);
    const redactionAvailable = this.options.redactor !== undefined;
    const eligible: { model: RoutedModel; redact: boolean }[] = [];
    const excluded: SkippedCandidate[] = [];
    let tooLong = 0;
    for (const id of ids) {
      const model = this.models.get(id);
      if (model === undefined) continue;
      const exposure = exposureFor(request.dataClass, model.spec, redactionAvailable);
      if (!exposure.allowed) {
        excluded.push({ model: id, reason: exposure.reason });
        continue;
      }
      const missing = required.find((r) => !model.spec.capabilities.includes(r.capability));
      if (missing !== undefined) {
        excluded.push({
          model: id,
          reason: `lacks capability ${missing.capability}, required by ${missing.by}`,
        });
        continue;
      }
      if (promptTokens > model.spec.contextWindowTokens) {
        tooLong++;
        excluded.push({
          model: id,
          reason: `prompt of ~${promptTokens} tokens exceeds its context window of ${model.spec.contextWindowTokens}`,
        });
        continue;
      }
      eligible.push({ model, redact: exposure.redact });
    }
    if (eligible.length === 0) {
      if (tooLong > 0 && tooLong === excluded.length) throw contextLengthExceeded(promptTokens);
      throw noEligibleModel(request.dataClass, excluded);
    }
    const routeMax = route?.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
    const asked = request.maxOutputTokens;
    const maxOutputTokens =
      asked === undefined || asked <= 0 ? routeMax : Math.min(asked, routeMax);
    const order =
      pinned || route === undefined
        ? { ordered: eligible, reason: 'pinned' }
        : orderCandidates(
            route,
            eligible.map((c) => ({ ...c, spec: c.model.spec })),
            { random: this.random, latency: this.latency, promptTokens, maxOutputTokens },
          );
    return {
      task: request.task,
      candidates: order.ordered.map(({ model, redact }) => ({ model, redact })),
      excluded,
      retry: route?.retry ?? DEFAULT_RETRY,
      maxOutputTokens,
      ...(route?.temperature === undefined ? {} : { temperature: route.temperature }),
      pinned,
      strategy: pinned || route === undefined ? 'pinned' : route.strategy,
      selection: order.reason,
      required: required.map((r) => r.capability),
      latencyAlpha: route?.strategy === 'lowest-latency' ? route.ewmaAlpha : DEFAULT_LATENCY_ALPHA,
    };
  }

  private async *run(
    plan: RoutePlan,
    request: CompletionRequest,
  ): AsyncGenerator<RouterEvent, void, undefined> {
    const state: CallState = {
      sent: '',
      attempts: [],
      skipped: [],
      startedAt: this.now(),
      redactedAnswer: false,
    };
    let previous: string | undefined;
    let lastError: ProviderError | undefined;
    // The failure that cut a streamed answer, when one did.
    let cutBy: { model: string; error: ProviderError } | undefined;
    let largerWindowThan = 0;
    let retryAfterMs: number | undefined;

    for (const candidate of plan.candidates) {
      const { spec, breaker, limiter } = candidate.model;
      if (spec.contextWindowTokens <= largerWindowThan) {
        state.skipped.push({
          model: spec.id,
          reason: 'context window not larger than one that failed',
        });
        continue;
      }
      if (state.sent.length > 0 && !canContinue(spec)) {
        state.skipped.push({ model: spec.id, reason: "cannot continue another model's answer" });
        continue;
      }
      for (let attempt = 1; attempt <= plan.retry.attemptsPerCandidate; attempt++) {
        if (request.signal?.aborted === true) {
          yield this.failure(plan, state, cancelledFailure(state), undefined);
          return;
        }
        const permit = breaker.tryAcquire();
        if (permit === undefined) {
          state.skipped.push({ model: spec.id, reason: 'circuit open' });
          break;
        }
        const release = limiter.tryAcquire();
        if (release === undefined) {
          permit.release();
          state.skipped.push({ model: spec.id, reason: 'at its concurrency limit' });
          break;
        }
        let result: AttemptResult;
        try {
          if (previous !== undefined && previous !== spec.id) {
            yield {
              type: 'failover',
              from: previous,
              to: spec.id,
              reason: lastError?.code ?? 'unavailable',
              restart: false,
              continuation: state.sent.length > 0,
            };
          }
          previous = spec.id;
          result = yield* this.attempt(candidate, plan, request, state);
          if (result.ok) permit.success();
          else if (result.cancelled) permit.release();
          else if (result.error.healthFailure) permit.failure();
          // The model answered on the merits (filter, length, rejected request): it is healthy.
          else permit.success();
        } finally {
          // No-ops once settled; they matter when the consumer stops listening mid-attempt.
          permit.release();
          release();
        }

        if (result.ok) {
          yield* this.succeed(plan, request, state, candidate.model, result);
          return;
        }
        if (result.cancelled) {
          yield this.failure(plan, state, cancelledFailure(state), undefined);
          return;
        }
        const error = result.error;
        lastError = error;
        if (result.streamedChars > 0) cutBy ??= { model: spec.id, error };
        if (error.kind === 'content-filter') {
          yield this.failure(
            plan,
            state,
            {
              code: 'content-filtered',
              message: `The model provider filtered the content: ${error.message}`,
              partial: state.sent.length > 0,
              retryable: false,
            },
            undefined,
          );
          return;
        }
        if (error.kind === 'context-length') {
          largerWindowThan = Math.max(largerWindowThan, spec.contextWindowTokens);
          break;
        }
        if (error.kind === 'fatal') break;
        // Retryable: the same model again only while nothing of its answer was streamed.
        if (result.streamedChars > 0 || attempt === plan.retry.attemptsPerCandidate) break;
        if (!breaker.admits) break;
        const delay = retryDelayMs(attempt, plan.retry, error.retryAfterMs, this.random);
        if (delay === undefined) {
          retryAfterMs = Math.min(retryAfterMs ?? Infinity, error.retryAfterMs ?? Infinity);
          break;
        }
        try {
          await this.sleep(delay, request.signal);
        } catch {
          yield this.failure(plan, state, cancelledFailure(state), undefined);
          return;
        }
      }
    }
    yield this.failure(
      plan,
      state,
      this.exhausted(state, lastError, cutBy, retryAfterMs),
      undefined,
    );
  }

  /** One attempt on one model: streams its deltas and settles with its outcome. */
  private async *attempt(
    candidate: RoutePlan['candidates'][number],
    plan: RoutePlan,
    request: CompletionRequest,
    state: CallState,
  ): AsyncGenerator<RouterEvent, AttemptResult> {
    const { spec, provider } = candidate.model;
    const started = this.now();
    const continuation = state.sent.length > 0;
    const controller = new AbortController();
    const onCallerAbort = () => {
      controller.abort(new ProviderError('retryable', 'cancelled', 'The caller cancelled'));
    };
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });

    let session: RedactionSession | undefined;
    if (candidate.redact) {
      // Only reached with a redactor: the plan excludes redaction-needing models otherwise.
      state.redaction ??= this.options.redactor?.redact(request.messages);
      session = state.redaction;
    }
    const restorer = session?.restorer();
    const messages: readonly ChatMessage[] = session?.messages ?? request.messages;
    const providerRequest: ProviderRequest = {
      task: request.task,
      messages,
      ...(continuation
        ? { continueFrom: session ? session.redactText(state.sent) : state.sent }
        : {}),
      maxOutputTokens: Math.min(plan.maxOutputTokens, spec.maxOutputTokens),
      ...(plan.temperature === undefined ? {} : { temperature: plan.temperature }),
      responseFormat: request.responseFormat,
      ...(request.language === undefined ? {} : { language: request.language }),
      signal: controller.signal,
    };

    let iterator: AsyncIterator<ProviderEvent> | undefined;
    let settled = false;
    let firstTokenAt: number | undefined;
    let streamedChars = 0;
    let answer = '';
    let reasoning = '';
    let usage: ProviderUsage | undefined;
    let finish: Extract<ProviderEvent, { type: 'finish' }> | undefined;
    const record = (outcome: AttemptRecord['outcome'], error?: ProviderError): void => {
      state.attempts.push({
        model: spec.id,
        outcome,
        continuation,
        redacted: session !== undefined,
        ...(error === undefined
          ? {}
          : { errorKind: error.kind, errorCode: error.code, errorMessage: error.message }),
        ...(firstTokenAt === undefined ? {} : { timeToFirstTokenMs: firstTokenAt - started }),
        durationMs: this.now() - started,
        streamedChars,
        ...(usage === undefined ? {} : { reportedUsage: usage }),
        ...(reasoning === '' ? {} : { reasoning }),
      });
      // Time to first token feeds the model's latency estimate; a first-token timeout counts at
      // its limit, since the model took at least that long.
      if (firstTokenAt !== undefined) {
        this.latency.observe(spec.id, firstTokenAt - started, plan.latencyAlpha);
      } else if (error?.code === 'first-token-timeout') {
        this.latency.observe(spec.id, spec.timeouts.firstTokenMs, plan.latencyAlpha);
      }
    };
    const emit = (text: string): RouterEvent => {
      state.sent += text;
      answer += text;
      streamedChars += text.length;
      state.firstTokenAt ??= this.now();
      return { type: 'delta', text };
    };

    try {
      iterator = provider.stream(providerRequest)[Symbol.asyncIterator]();
      const deadline = started + spec.timeouts.totalMs;
      for (;;) {
        const phase = firstTokenAt === undefined ? 'first-token' : 'idle';
        const phaseMs =
          firstTokenAt === undefined ? spec.timeouts.firstTokenMs : spec.timeouts.idleMs;
        const remaining = Math.max(0, deadline - this.now());
        const timeout =
          remaining < phaseMs
            ? new ProviderError(
                'retryable',
                'total-timeout',
                `No complete answer within ${spec.timeouts.totalMs} ms`,
              )
            : new ProviderError(
                'retryable',
                `${phase}-timeout`,
                phase === 'first-token'
                  ? `No first token within ${phaseMs} ms`
                  : `No progress for ${phaseMs} ms`,
              );
        const step = await nextWithin(iterator, Math.min(remaining, phaseMs), () => {
          controller.abort(timeout);
          return timeout;
        });
        if (step.done === true) break;
        const event = step.value;
        switch (event.type) {
          case 'reasoning':
            firstTokenAt ??= this.now();
            if (reasoning.length < MAX_AUDIT_REASONING_CHARS) {
              reasoning += event.text.slice(0, MAX_AUDIT_REASONING_CHARS - reasoning.length);
            }
            yield { type: 'reasoning', model: spec.id, text: event.text };
            break;
          case 'delta': {
            firstTokenAt ??= this.now();
            const text = restorer ? restorer.push(event.text) : event.text;
            if (text.length > 0) yield emit(text);
            break;
          }
          case 'usage':
            usage = event.usage;
            break;
          case 'finish':
            finish = event;
            break;
        }
      }
      if (restorer) {
        const rest = restorer.flush();
        if (rest.length > 0) yield emit(rest);
      }
      if (finish === undefined) {
        throw new ProviderError(
          'retryable',
          'stream-truncated',
          'The answer ended without a finish',
        );
      }
      if (finish.reason === 'content-filter') {
        throw new ProviderError(
          'content-filter',
          'content-filter',
          finish.detail ?? 'The answer was stopped by the provider',
        );
      }
      settled = true;
      record('answered');
      state.redactedAnswer = session !== undefined;
      const billed = usage ?? {
        inputTokens: estimatePromptTokens([
          ...messages,
          ...(continuation
            ? [
                {
                  role: 'assistant' as const,
                  content: state.sent.slice(0, state.sent.length - answer.length),
                },
              ]
            : []),
        ]),
        outputTokens: estimateTokens(answer),
        reasoningTokens: 0,
        cachedInputTokens: 0,
      };
      return {
        ok: true,
        finish: finish.reason,
        usage: { ...billed, costMicroFen: cost(billed, spec), estimated: usage === undefined },
      };
    } catch (thrown) {
      settled = true;
      const cancelled = request.signal?.aborted === true;
      const error = asProviderError(thrown);
      record(cancelled ? 'abandoned' : 'failed', error);
      return { ok: false, error, streamedChars, cancelled };
    } finally {
      request.signal?.removeEventListener('abort', onCallerAbort);
      if (!settled) {
        // The consumer stopped listening mid-attempt.
        controller.abort(new ProviderError('retryable', 'abandoned', 'Attempt abandoned'));
      }
      if (!controller.signal.aborted && finish === undefined) controller.abort();
      // Lets the provider release its connection; it may still be settling after an abort.
      iterator?.return?.().catch(() => undefined);
    }
  }

  private *succeed(
    plan: RoutePlan,
    request: CompletionRequest,
    state: CallState,
    model: RoutedModel,
    result: Extract<AttemptResult, { ok: true }>,
  ): Generator<RouterEvent> {
    const decision = this.decision(plan, state, model);
    if (request.responseFormat === 'json' && !isJson(state.sent)) {
      yield this.failure(
        plan,
        state,
        {
          code: 'invalid-output',
          message: 'The model did not answer with a JSON object',
          partial: state.sent.length > 0,
          retryable: true,
        },
        model,
      );
      return;
    }
    yield { type: 'usage', usage: result.usage };
    yield {
      type: 'final',
      result: { content: state.sent, finishReason: result.finish, usage: result.usage, decision },
    };
  }

  private exhausted(
    state: CallState,
    lastError: ProviderError | undefined,
    cutBy: { model: string; error: ProviderError } | undefined,
    retryAfterMs: number | undefined,
  ): CompletionFailure {
    // The shortest pause a provider asked for, when one did.
    const hinted = Math.min(retryAfterMs ?? Infinity, lastError?.retryAfterMs ?? Infinity);
    const retryAfter = Number.isFinite(hinted) ? hinted : DEFAULT_RETRY_AFTER_MS;
    if (state.sent.length > 0) {
      return {
        code: cutBy?.error.code === 'idle-timeout' ? 'idle-timeout' : 'all-candidates-failed',
        message: `The answer was cut off (${cutBy?.model ?? 'model'}: ${cutBy?.error.code ?? 'failed'}) and no other model could continue it`,
        partial: true,
        retryable: true,
        retryAfterMs: retryAfter,
      };
    }
    if (state.attempts.length === 0) {
      return {
        code: 'no-candidate-available',
        message: `No candidate model is available (${state.skipped.map((s) => `${s.model}: ${s.reason}`).join('; ')})`,
        partial: false,
        retryable: true,
        retryAfterMs: retryAfter,
      };
    }
    const kinds = new Set(state.attempts.map((a) => a.errorKind));
    if (kinds.size === 1 && kinds.has('context-length')) {
      return {
        code: 'context-length-exceeded',
        message: 'The conversation is longer than any candidate model accepts',
        partial: false,
        retryable: false,
      };
    }
    const retryable = state.attempts.some((a) => a.errorKind === 'retryable');
    return {
      code:
        lastError?.code === 'first-token-timeout' ? 'first-token-timeout' : 'all-candidates-failed',
      message: `Every candidate model failed (last: ${lastError?.code ?? 'unknown'})`,
      partial: false,
      retryable,
      ...(retryable ? { retryAfterMs: retryAfter } : {}),
    };
  }

  private failure(
    plan: RoutePlan,
    state: CallState,
    failure: CompletionFailure,
    model: RoutedModel | undefined,
  ): RouterEvent {
    return {
      type: 'error',
      failure,
      decision: this.decision(plan, state, model),
      partialContent: state.sent,
    };
  }

  private decision(
    plan: RoutePlan,
    state: CallState,
    model: RoutedModel | undefined,
  ): RouteDecision {
    const spec = model?.spec;
    const provider = spec?.provider;
    return {
      task: plan.task,
      ...(spec === undefined
        ? {}
        : {
            model: spec.id,
            provider: provider?.kind,
            upstreamModel:
              provider?.kind === 'openai-compatible' ? provider.upstreamModel : spec.id,
            upstreamVersion:
              provider?.kind === 'openai-compatible' ? provider.upstreamVersion : 'built-in',
          }),
      candidates: plan.candidates.map((c) => c.model.spec.id),
      excluded: plan.excluded,
      skipped: [...state.skipped],
      attempts: [...state.attempts],
      reason: describeRoute(plan, state, spec?.id),
      redacted: spec !== undefined && state.redactedAnswer,
      ...(state.firstTokenAt === undefined
        ? {}
        : { timeToFirstTokenMs: state.firstTokenAt - state.startedAt }),
    };
  }
}

function cancelledFailure(state: CallState): CompletionFailure {
  return {
    code: 'cancelled',
    message: 'The caller cancelled the completion',
    partial: state.sent.length > 0,
    retryable: true,
  };
}

/** A capability the answering model must have, and what asks for it. */
interface Requirement {
  readonly capability: Capability;
  readonly by: string;
}

function requiredCapabilities(
  request: CompletionRequest,
  route: RouteSpec | undefined,
): Requirement[] {
  const language = request.language ?? detectLanguage(lastUserText(request.messages));
  const required: Requirement[] = [
    {
      capability: language,
      by: request.language === undefined ? 'the language of the question' : 'the requested locale',
    },
  ];
  if (request.responseFormat === 'json') {
    required.push({ capability: 'json', by: 'the JSON response format' });
  }
  for (const capability of route?.requires ?? []) {
    if (!required.some((r) => r.capability === capability)) {
      required.push({ capability, by: `the ${request.task} route` });
    }
  }
  return required;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A short account of how the answering model was reached. */
function describeRoute(plan: RoutePlan, state: CallState, answeredBy: string | undefined): string {
  const failed = state.attempts.filter((a) => a.outcome !== 'answered');
  const first = failed[0];
  const firstSkip = state.skipped[0];
  if (answeredBy === undefined) {
    return first
      ? `no answer; last failure ${failed[failed.length - 1]?.errorCode ?? ''}`.trim()
      : 'no answer';
  }
  const base = plan.pinned ? 'pinned' : plan.strategy === 'priority' ? 'primary' : plan.selection;
  if (first === undefined && firstSkip === undefined) return base;
  const how = describeFailover(plan, state, answeredBy, failed);
  return plan.strategy === 'priority' || plan.pinned ? how : `${how}; ${plan.selection}`;
}

function describeFailover(
  plan: RoutePlan,
  state: CallState,
  answeredBy: string,
  failed: readonly AttemptRecord[],
): string {
  const first = failed[0];
  const firstSkip = state.skipped[0];
  const base = plan.pinned ? 'pinned' : plan.strategy === 'priority' ? 'primary' : answeredBy;
  const continuation = state.attempts.find((a) => a.continuation);
  if (continuation !== undefined) {
    const cut = failed.find((a) => a.streamedChars > 0);
    return `continued mid-stream on ${answeredBy} after ${cut?.model ?? 'a model'} failed (${cut?.errorCode ?? 'error'})`;
  }
  if (failed.every((a) => a.model === answeredBy) && firstSkip === undefined) {
    const retries = failed.length;
    return `${base} after ${retries} ${retries === 1 ? 'retry' : 'retries'} (${failed.map((a) => a.errorCode).join(', ')})`;
  }
  const cause = first
    ? `${first.model} failed (${first.errorCode ?? 'error'})`
    : `${firstSkip?.model ?? 'primary'} skipped (${firstSkip?.reason ?? ''})`;
  return `failover to ${answeredBy} after ${cause}`;
}
