import type { Metadata, ServerUnaryCall } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { decodeCursor, encodeCursor, parseInput } from '@meridian/platform';
import { GRPC_SERVICES, commonV1, modelRouterV1 } from '@meridian/proto';
import { Observable } from 'rxjs';
import { z } from 'zod';

import { TASKS } from '../catalog/catalog.schema';
import type { Residency } from '../catalog/catalog.schema';
import type { ModelState } from '../routing/routing-engine';
import { RouterErrorCode } from '../routing/routing.errors';
import type {
  BilledUsage,
  CompletionFailureCode,
  CompletionRequest,
  RouteDecision,
  RouterEvent,
} from '../routing/routing.types';
import { CompletionsService } from './completions.service';
import type { CallContext } from './completions.service';

const { ChatRole, CircuitState, CompletionErrorCode, DataClass, FinishReason, ResponseFormat } =
  modelRouterV1;

const ROLES = {
  [ChatRole.CHAT_ROLE_SYSTEM]: 'system',
  [ChatRole.CHAT_ROLE_USER]: 'user',
  [ChatRole.CHAT_ROLE_ASSISTANT]: 'assistant',
} as const;

const DATA_CLASSES = {
  // Unspecified is treated as PHI: the safe reading of a caller who did not say.
  [DataClass.DATA_CLASS_UNSPECIFIED]: 'PHI',
  [DataClass.DATA_CLASS_PUBLIC]: 'PUBLIC',
  [DataClass.DATA_CLASS_DEIDENTIFIED]: 'DEIDENTIFIED',
  [DataClass.DATA_CLASS_PHI]: 'PHI',
} as const;

const LANGUAGES = {
  // Unspecified: answer in the language of the question.
  [commonV1.Locale.LOCALE_UNSPECIFIED]: undefined,
  [commonV1.Locale.LOCALE_ZH_CN]: 'zh',
  [commonV1.Locale.LOCALE_EN_US]: 'en',
} as const;

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);

const completionRequest = z.object({
  idempotencyKey: z.union([
    z.literal(''),
    z.string().min(8, 'must be at least 8 characters').max(200, 'must be at most 200 characters'),
  ]),
  task: z.enum(TASKS, { error: `must be one of ${TASKS.join(', ')}` }),
  messages: z
    .array(
      z.object({
        role: z.enum(
          [ChatRole.CHAT_ROLE_SYSTEM, ChatRole.CHAT_ROLE_USER, ChatRole.CHAT_ROLE_ASSISTANT],
          { error: 'must be system, user or assistant' },
        ),
        content: z.string().min(1, 'must not be empty').max(200_000),
      }),
    )
    .min(1, { error: 'must contain at least one message', abort: true })
    .max(500, 'must contain at most 500 messages')
    .refine((messages) => messages.some((m) => m.role === ChatRole.CHAT_ROLE_USER), {
      error: 'must contain a user message',
    }),
  dataClass: z.enum(DataClass, { error: 'must be a data class' }),
  maxOutputTokens: z.number().int().min(0, 'must not be negative').max(1_000_000),
  responseFormat: z.enum(ResponseFormat, { error: 'must be a response format' }),
  locale: z.enum(commonV1.Locale, { error: 'must be a locale' }),
  context: z
    .object({
      service: text(100),
      partnerId: text(100),
      patientId: text(100),
      subjectId: text(200),
    })
    .nullable(),
  model: text(64),
});

const listModelsRequest = z.object({
  task: z.union([
    z.literal(''),
    z.enum(TASKS, { error: `must be empty or one of ${TASKS.join(', ')}` }),
  ]),
  pageSize: z.number().int().min(0, 'must not be negative').max(100, 'must be at most 100'),
  pageToken: z.string().max(512),
});

type ParsedCompletion = z.infer<typeof completionRequest>;

function toCompletion(input: ParsedCompletion, signal?: AbortSignal): CompletionRequest {
  const language = LANGUAGES[input.locale];
  return {
    task: input.task,
    messages: input.messages.map((m) => ({ role: ROLES[m.role], content: m.content })),
    dataClass: DATA_CLASSES[input.dataClass],
    ...(input.maxOutputTokens > 0 ? { maxOutputTokens: input.maxOutputTokens } : {}),
    responseFormat: input.responseFormat === ResponseFormat.RESPONSE_FORMAT_JSON ? 'json' : 'text',
    ...(language === undefined ? {} : { language }),
    ...(input.model === '' ? {} : { model: input.model }),
    ...(signal === undefined ? {} : { signal }),
  };
}

function toContext(input: ParsedCompletion): CallContext {
  return {
    service: input.context?.service ?? '',
    partnerId: input.context?.partnerId ?? '',
    patientId: input.context?.patientId ?? '',
    subjectId: input.context?.subjectId ?? '',
    idempotencyKey: input.idempotencyKey,
  };
}

function toUsage(usage: BilledUsage): modelRouterV1.Usage {
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costMicroFen: String(usage.costMicroFen),
    reasoningTokens: usage.reasoningTokens,
    cachedInputTokens: usage.cachedInputTokens,
    estimated: usage.estimated,
  };
}

function toRoute(decision: RouteDecision): modelRouterV1.RouteDecision {
  return {
    routeId: decision.task,
    model: decision.model ?? '',
    provider: decision.provider ?? '',
    candidates: [...decision.candidates],
    reason: decision.reason,
    attempts: decision.attempts.length,
    redacted: decision.redacted,
  };
}

const FINISH = {
  stop: FinishReason.FINISH_REASON_STOP,
  length: FinishReason.FINISH_REASON_LENGTH,
} as const;

const ERROR_CODES: Readonly<Record<CompletionFailureCode, modelRouterV1.CompletionErrorCode>> = {
  'first-token-timeout': CompletionErrorCode.COMPLETION_ERROR_CODE_FIRST_TOKEN_TIMEOUT,
  'idle-timeout': CompletionErrorCode.COMPLETION_ERROR_CODE_IDLE_TIMEOUT,
  'all-candidates-failed': CompletionErrorCode.COMPLETION_ERROR_CODE_ALL_CANDIDATES_FAILED,
  'no-candidate-available': CompletionErrorCode.COMPLETION_ERROR_CODE_ALL_CANDIDATES_FAILED,
  'context-length-exceeded': CompletionErrorCode.COMPLETION_ERROR_CODE_ALL_CANDIDATES_FAILED,
  'content-filtered': CompletionErrorCode.COMPLETION_ERROR_CODE_CONTENT_FILTERED,
  'invalid-output': CompletionErrorCode.COMPLETION_ERROR_CODE_INVALID_OUTPUT,
  cancelled: CompletionErrorCode.COMPLETION_ERROR_CODE_CANCELLED,
};

const RESIDENCIES: Readonly<Record<Residency, modelRouterV1.Residency>> = {
  'in-boundary': modelRouterV1.Residency.RESIDENCY_IN_BOUNDARY,
  domestic: modelRouterV1.Residency.RESIDENCY_DOMESTIC_PROVIDER,
  'cross-border': modelRouterV1.Residency.RESIDENCY_CROSS_BORDER_PROVIDER,
};

const CIRCUITS = {
  closed: CircuitState.CIRCUIT_STATE_CLOSED,
  open: CircuitState.CIRCUIT_STATE_OPEN,
  'half-open': CircuitState.CIRCUIT_STATE_HALF_OPEN,
} as const;

/** Catalog prices are per 1 000 tokens in millionths of a fen; the contract shows fen per million. */
function fenPerMillion(microFenPer1k: number): string {
  return String(Math.round(microFenPer1k / 1000));
}

function toModelInfo(state: ModelState): modelRouterV1.ModelInfo {
  const { spec } = state;
  return {
    id: spec.id,
    provider: spec.provider.kind,
    displayName: spec.displayName ?? spec.id,
    tasks: [...state.tasks],
    residency: RESIDENCIES[spec.residency],
    phiAllowed: spec.phiPermitted,
    contextWindowTokens: spec.contextWindowTokens,
    maxOutputTokens: spec.maxOutputTokens,
    streaming: spec.provider.kind === 'offline' || spec.provider.streaming,
    inputFenPerMillionTokens: fenPerMillion(spec.pricing.inputMicroFenPer1kTokens),
    outputFenPerMillionTokens: fenPerMillion(spec.pricing.outputMicroFenPer1kTokens),
    circuitState: CIRCUITS[state.circuit],
  };
}

/** A router event as a stream chunk; reasoning stays inside (audit only). */
function toChunk(
  event: RouterEvent,
  callId: string,
): modelRouterV1.StreamCompleteResponse | undefined {
  switch (event.type) {
    case 'delta':
      return { delta: { text: event.text } };
    case 'reasoning':
      return undefined;
    case 'failover':
      return {
        failover: {
          fromModel: event.from,
          toModel: event.to,
          reason: event.reason,
          restart: event.restart,
        },
      };
    case 'usage':
      return { usage: toUsage(event.usage) };
    case 'final':
      return {
        final: {
          callId,
          finishReason: FINISH[event.result.finishReason],
          route: toRoute(event.result.decision),
        },
      };
    case 'error':
      return {
        error: {
          code: ERROR_CODES[event.failure.code],
          message: event.failure.message,
          partial: event.failure.partial,
          retryable: event.failure.retryable,
        },
      };
  }
}

const SERVICE = GRPC_SERVICES.modelRouter.name;
const DEFAULT_PAGE_SIZE = 50;

/** gRPC face of the router: validates, calls the service, translates. No rules live here. */
@Controller()
export class CompletionsGrpcController implements modelRouterV1.ModelRouterController {
  constructor(private readonly completions: CompletionsService) {}

  @GrpcMethod(SERVICE, 'Complete')
  async complete(
    request: modelRouterV1.CompleteRequest,
    _metadata?: Metadata,
    call?: Pick<ServerUnaryCall<unknown, unknown>, 'once' | 'off'>,
  ): Promise<modelRouterV1.CompleteResponse> {
    const input = parseInput(completionRequest, request, RouterErrorCode.invalidRequest);
    // A cancelled call or a passed deadline stops the model call too.
    const controller = new AbortController();
    const onCancelled = () => {
      controller.abort();
    };
    call?.once('cancelled', onCancelled);
    let completed: Awaited<ReturnType<CompletionsService['complete']>>;
    try {
      completed = await this.completions.complete(
        toCompletion(input, controller.signal),
        toContext(input),
      );
    } finally {
      call?.off('cancelled', onCancelled);
    }
    const { callId, result } = completed;
    return {
      callId,
      content: result.content,
      finishReason: FINISH[result.finishReason],
      usage: toUsage(result.usage),
      route: toRoute(result.decision),
    };
  }

  /**
   * Problems found before any model is called are gRPC statuses; after that, every outcome is a
   * chunk, and a stream without `final` is not a complete answer.
   */
  @GrpcMethod(SERVICE, 'StreamComplete')
  streamComplete(
    request: modelRouterV1.StreamCompleteRequest,
  ): Observable<modelRouterV1.StreamCompleteResponse> {
    const input = parseInput(completionRequest, request, RouterErrorCode.invalidRequest);
    const controller = new AbortController();
    return new Observable((subscriber) => {
      const pump = async () => {
        const { callId, events } = await this.completions.start(
          toCompletion(input, controller.signal),
          toContext(input),
        );
        // Read even when the client already left, so that the call settles its account.
        for await (const event of events) {
          if (subscriber.closed) break;
          const chunk = toChunk(event, callId);
          if (chunk !== undefined) subscriber.next(chunk);
        }
        subscriber.complete();
      };
      pump().catch((error: unknown) => {
        subscriber.error(error);
      });
      // The client cancelled or went away: stop the model call.
      return () => {
        controller.abort();
      };
    });
  }

  @GrpcMethod(SERVICE, 'ListModels')
  listModels(request: modelRouterV1.ListModelsRequest): modelRouterV1.ListModelsResponse {
    const input = parseInput(listModelsRequest, request, RouterErrorCode.invalidRequest);
    const filters = { task: input.task };
    const after = decodeCursor(input.pageToken, filters, 'page_token');
    const all = this.completions.models(input.task === '' ? undefined : input.task);
    const start = after === undefined ? 0 : all.findIndex((m) => m.spec.id === after) + 1;
    const size = input.pageSize === 0 ? DEFAULT_PAGE_SIZE : input.pageSize;
    const page = all.slice(start, start + size);
    const last = page[page.length - 1];
    return {
      models: page.map(toModelInfo),
      nextPageToken:
        start + size < all.length && last !== undefined ? encodeCursor(last.spec.id, filters) : '',
    };
  }
}
