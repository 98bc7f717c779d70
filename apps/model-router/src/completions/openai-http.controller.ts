import { Body, Controller, Get, Headers, Logger, Post, Res } from '@nestjs/common';
import {
  DomainError,
  ERROR_KINDS,
  invalidArgument,
  uuidv7,
  violationsOf,
} from '@meridian/platform';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';

import { AccessErrorCode } from '../access/access.errors';
import { ApiKeyAuthenticator } from '../access/api-key-authenticator';
import { BudgetErrorCode } from '../budgets/budget.errors';
import { TASKS, isTask } from '../catalog/catalog.schema';
import type { Task } from '../catalog/catalog.schema';
import { DATA_CLASSES } from '../privacy/data-policy';
import { RouterErrorCode, completionFailed } from '../routing/routing.errors';
import type { BilledUsage, CompletionRequest, RouterEvent } from '../routing/routing.types';
import { CompletionsService } from './completions.service';

/** Chooses the task when `model` pins a catalog model. */
export const TASK_HEADER = 'x-meridian-task';
/** `public`, `deidentified` or `phi` (the default: a caller who does not say gets the safe reading). */
export const DATA_CLASS_HEADER = 'x-meridian-data-class';
export const CALL_ID_HEADER = 'x-meridian-call-id';

// OpenAI's request shape; generation settings (temperature and the like) belong to the route and
// are ignored, as are fields this router does not support.
const contentPart = z.object({ type: z.string(), text: z.string().optional() });
const chatRequest = z.object({
  model: z.string().min(1, 'is required').max(100),
  messages: z
    .array(
      z.object({
        role: z.enum(['system', 'developer', 'user', 'assistant'], {
          error: 'must be system, developer, user or assistant',
        }),
        content: z.union([z.string(), z.array(contentPart)]).nullable(),
      }),
    )
    .min(1, 'must contain at least one message')
    .max(500),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().min(1).max(1_000_000).nullish(),
  max_completion_tokens: z.number().int().min(1).max(1_000_000).nullish(),
  response_format: z.object({ type: z.enum(['text', 'json_object']) }).nullish(),
  user: z.string().max(200).nullish(),
});
type ChatRequest = z.infer<typeof chatRequest>;

interface OpenAiError {
  readonly status: number;
  readonly body: {
    error: { message: string; type: string; param: string | null; code: string | null };
  };
}

// OpenAI's own codes where one exists, so that clients' handling of them just works.
const OPENAI_CODES: Readonly<Record<string, string>> = {
  [RouterErrorCode.unknownModel]: 'model_not_found',
  [RouterErrorCode.contextLengthExceeded]: 'context_length_exceeded',
  [RouterErrorCode.contentFiltered]: 'content_filter',
  [AccessErrorCode.invalidApiKey]: 'invalid_api_key',
  [BudgetErrorCode.rateLimited]: 'rate_limit_exceeded',
  [BudgetErrorCode.budgetExceeded]: 'insufficient_quota',
};

function openAiError(error: DomainError): OpenAiError {
  const status = ERROR_KINDS[error.kind].http;
  const violation = error.violations[0];
  return {
    status,
    body: {
      error: {
        message: error.message,
        type:
          status === 429
            ? 'rate_limit_error'
            : status < 500
              ? 'invalid_request_error'
              : 'server_error',
        param: violation?.field ?? null,
        code: OPENAI_CODES[error.code] ?? error.code,
      },
    },
  };
}

function messageText(content: ChatRequest['messages'][number]['content']): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

function usageJson(usage: BilledUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

/** Task and pinned model from `model` and the task header; see the README of this endpoint. */
function resolveTarget(
  model: string,
  headerTask: string | undefined,
  isModel: (id: string) => boolean,
): { task: Task; model?: string } {
  const header = headerTask?.trim();
  if (header !== undefined && header !== '' && !isTask(header)) {
    throw invalidArgument(RouterErrorCode.invalidRequest, [
      { field: TASK_HEADER, description: `must be one of ${TASKS.join(', ')}` },
    ]);
  }
  if (isTask(model)) {
    if (header !== undefined && header !== '' && header !== model) {
      throw invalidArgument(RouterErrorCode.invalidRequest, [
        {
          field: 'model',
          description: `names route "${model}" but ${TASK_HEADER} says "${header}"`,
        },
      ]);
    }
    return { task: model };
  }
  if (isModel(model)) {
    if (header === undefined || header === '' || !isTask(header)) {
      throw invalidArgument(RouterErrorCode.invalidRequest, [
        { field: TASK_HEADER, description: 'is required when model names a catalog model' },
      ]);
    }
    return { task: header, model };
  }
  throw invalidArgument(RouterErrorCode.unknownModel, [
    {
      field: 'model',
      description: `must be a route (${TASKS.join(', ')}) or a catalog model id`,
    },
  ]);
}

function idempotencyKeyOf(header: string | undefined): string {
  if (header === undefined) return '';
  if (header.length > 200) {
    throw invalidArgument(RouterErrorCode.invalidRequest, [
      { field: 'idempotency-key', description: 'must be at most 200 characters' },
    ]);
  }
  return header;
}

function dataClassOf(header: string | undefined) {
  if (header === undefined || header.trim() === '') return 'PHI' as const;
  const value = header.trim().toUpperCase();
  const known = DATA_CLASSES.find((c) => c === value);
  if (known === undefined) {
    throw invalidArgument(RouterErrorCode.invalidRequest, [
      { field: DATA_CLASS_HEADER, description: 'must be public, deidentified or phi' },
    ]);
  }
  return known;
}

/**
 * OpenAI-compatible chat completions, so standard OpenAI clients can use the router: JSON, or SSE
 * with `data: [DONE]`. Headers are sent with the first answer token, so a call that fails before
 * any text gets a plain HTTP error; a stream that fails later ends with an `error` event and no
 * `[DONE]`, which OpenAI clients report as an error rather than a complete answer.
 */
@Controller('v1')
export class OpenAiHttpController {
  private readonly logger = new Logger(OpenAiHttpController.name);

  constructor(
    private readonly completions: CompletionsService,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  /** The routes (by task) and catalog models a client may name as `model`. */
  @Get('models')
  async listModels(
    @Headers('authorization') authorization: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      await this.authenticator.authenticate(authorization);
      const states = this.completions.models();
      const routed = new Set(states.flatMap((m) => m.tasks));
      const ids = [...TASKS.filter((task) => routed.has(task)), ...states.map((m) => m.spec.id)];
      await reply
        .status(200)
        .header('content-type', 'application/json')
        .send(
          JSON.stringify({
            object: 'list',
            data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'meridian' })),
          }),
        );
    } catch (error) {
      this.fail(reply, error);
    }
  }

  @Post('chat/completions')
  async chatCompletions(
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const controller = new AbortController();
    // The client hung up: stop the model call.
    const onClose = () => {
      if (!reply.raw.writableFinished) controller.abort();
    };
    reply.raw.on('close', onClose);
    try {
      // Before anything else: an unauthenticated caller learns nothing about the request.
      const caller = await this.authenticator.authenticate(headers['authorization']);
      const parsed = chatRequest.safeParse(body);
      if (!parsed.success) {
        throw invalidArgument(RouterErrorCode.invalidRequest, violationsOf(parsed.error));
      }
      const input = parsed.data;
      const knownModels = new Set(this.completions.models().map((m) => m.spec.id));
      const target = resolveTarget(input.model, headers[TASK_HEADER], (id) => knownModels.has(id));
      const maxTokens = input.max_completion_tokens ?? input.max_tokens;
      const request: CompletionRequest = {
        task: target.task,
        messages: input.messages.map((m) => ({
          role: m.role === 'developer' ? 'system' : m.role,
          content: messageText(m.content),
        })),
        dataClass: dataClassOf(headers[DATA_CLASS_HEADER]),
        ...(maxTokens === undefined || maxTokens === null ? {} : { maxOutputTokens: maxTokens }),
        responseFormat: input.response_format?.type === 'json_object' ? 'json' : 'text',
        ...(target.model === undefined ? {} : { model: target.model }),
        signal: controller.signal,
      };
      const context = {
        service: 'openai-http',
        partnerId: caller.partnerId,
        patientId: '',
        subjectId: input.user ?? '',
        idempotencyKey: idempotencyKeyOf(headers['idempotency-key']),
      };
      const { callId, events } = await this.completions.start(request, context);
      if (input.stream === true) {
        await this.stream(reply, callId, events, {
          model: input.model,
          includeUsage: input.stream_options?.include_usage === true,
        });
      } else {
        await this.whole(reply, callId, events);
      }
    } catch (error) {
      this.fail(reply, error);
    } finally {
      reply.raw.off('close', onClose);
    }
  }

  private async whole(
    reply: FastifyReply,
    callId: string,
    events: AsyncGenerator<RouterEvent, void, undefined>,
  ): Promise<void> {
    for await (const event of events) {
      if (event.type === 'error') throw completionFailed(event.failure);
      if (event.type !== 'final') continue;
      const { result } = event;
      await reply
        .status(200)
        .header('content-type', 'application/json')
        .header(CALL_ID_HEADER, callId)
        .send(
          JSON.stringify({
            id: `chatcmpl-${callId}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: result.decision.model,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: result.content },
                finish_reason: result.finishReason,
              },
            ],
            usage: usageJson(result.usage),
          }),
        );
      return;
    }
  }

  private async stream(
    reply: FastifyReply,
    callId: string,
    events: AsyncGenerator<RouterEvent, void, undefined>,
    options: { readonly model: string; readonly includeUsage: boolean },
  ): Promise<void> {
    const raw = reply.raw;
    const id = `chatcmpl-${callId}`;
    const created = Math.floor(Date.now() / 1000);
    // What the caller asked for until the router knows which model answered.
    let model = options.model;
    const chunk = (delta: object, finishReason: string | null) =>
      `data: ${JSON.stringify({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      })}\n\n`;
    const begin = () => {
      reply.hijack();
      raw.writeHead(200, {
        // Headers set by hooks (the correlation id) would be lost by writing the head directly.
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        [CALL_ID_HEADER]: callId,
      });
      raw.write(chunk({ role: 'assistant', content: '' }, null));
    };
    for await (const event of events) {
      if (raw.destroyed) break;
      switch (event.type) {
        case 'delta':
          if (!raw.headersSent) begin();
          raw.write(chunk({ content: event.text }, null));
          break;
        case 'reasoning':
          break;
        case 'failover':
          model = event.to;
          // A comment: invisible to OpenAI clients, visible to anyone debugging the stream.
          if (raw.headersSent)
            raw.write(`: failover from ${event.from} to ${event.to} (${event.reason})\n\n`);
          break;
        case 'usage':
          break;
        case 'final': {
          const { result } = event;
          model = result.decision.model ?? model;
          if (!raw.headersSent) begin();
          raw.write(chunk({}, result.finishReason));
          if (options.includeUsage) {
            raw.write(
              `data: ${JSON.stringify({
                id,
                object: 'chat.completion.chunk',
                created,
                model,
                choices: [],
                usage: usageJson(result.usage),
              })}\n\n`,
            );
          }
          raw.end('data: [DONE]\n\n');
          return;
        }
        case 'error': {
          const error = completionFailed(event.failure);
          if (!raw.headersSent) throw error;
          const { body } = openAiError(error);
          // No finish_reason and no [DONE]: the text so far is not a complete answer.
          raw.end(
            `data: ${JSON.stringify({ ...body, error: { ...body.error, partial: event.failure.partial } })}\n\n`,
          );
          return;
        }
      }
    }
    if (raw.headersSent && !raw.writableEnded) raw.end();
  }

  private fail(reply: FastifyReply, error: unknown): void {
    if (reply.sent || reply.raw.headersSent) {
      this.logger.error({ err: error }, 'Chat completion failed after the response started');
      if (!reply.raw.writableEnded) reply.raw.end();
      return;
    }
    let domain: DomainError;
    if (error instanceof DomainError) {
      domain = error;
    } else {
      const errorId = uuidv7();
      this.logger.error({ err: error, errorId }, 'Chat completion failed unexpectedly');
      domain = new DomainError(
        'INTERNAL',
        'PLATFORM.INTERNAL',
        `Internal error (error id ${errorId})`,
      );
    }
    const { status, body } = openAiError(domain);
    void reply.status(status).header('content-type', 'application/json');
    if (status === 401) void reply.header('www-authenticate', 'Bearer');
    if (domain.retryAfterMs !== undefined) {
      void reply.header('retry-after', String(Math.ceil(domain.retryAfterMs / 1000)));
    }
    void reply.send(JSON.stringify(body));
  }
}
