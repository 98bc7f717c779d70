import { Inject, Injectable, Logger } from '@nestjs/common';
import { counter, histogram, uuidv7 } from '@meridian/platform';

import { subjectOf } from '../budgets/budget-limits';
import { BudgetsService } from '../budgets/budgets.service';
import type { Reservation } from '../budgets/budgets.service';
import { estimateUsage } from '../budgets/usage-estimate';
import type { Task } from '../catalog/catalog.schema';
import { RoutingEngine } from '../routing/routing-engine';
import type { ModelState } from '../routing/routing-engine';
import { completionFailed } from '../routing/routing.errors';
import type {
  CompletionFailure,
  CompletionRequest,
  CompletionResult,
  RouteDecision,
  RouterEvent,
} from '../routing/routing.types';
import { withoutReasoning } from '../routing/routing.types';
import { CALL_RECORDER } from './call-recorder';
import type { CallRecorder } from './call-recorder';

/** Who a call is made for: audit, budgets and attribution. Never sent to a model. */
export interface CallContext {
  readonly service: string;
  readonly partnerId: string;
  readonly patientId: string;
  readonly subjectId: string;
  readonly idempotencyKey: string;
}

interface CallIdentity {
  readonly callId: string;
  readonly request: CompletionRequest;
  readonly context: CallContext;
  readonly startedAt: Date;
}

/** A started call: its id and its events (ending with `final` or `error`). */
export interface StartedCall {
  readonly callId: string;
  readonly events: AsyncGenerator<RouterEvent, void, undefined>;
}

const calls = counter('model_router_calls_total', 'Completed model router calls', [
  'task',
  'model',
  'outcome',
]);
const attempts = counter('model_router_attempts_total', 'Attempts on models, by outcome', [
  'model',
  'outcome',
  'code',
]);
const tokens = counter('model_router_tokens_total', 'Billed tokens', ['model', 'direction']);
const costs = counter('model_router_cost_micro_fen_total', 'Billed cost in millionths of a fen', [
  'model',
]);
const firstToken = histogram(
  'model_router_time_to_first_token_seconds',
  'Time from the request to the first answer token',
  ['task'],
  [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30],
);

/**
 * Model calls for every transport: starts routed completions, assigns call ids, and accounts for
 * each call once it ends (metrics, audit record, event).
 */
@Injectable()
export class CompletionsService {
  private readonly logger = new Logger(CompletionsService.name);

  constructor(
    private readonly engine: RoutingEngine,
    @Inject(CALL_RECORDER) private readonly recorder: CallRecorder,
    private readonly budgets: BudgetsService,
  ) {}

  /**
   * Starts a streamed call. Throws a DomainError before anything is sent to a model (no route,
   * unknown model, no model may see the data, budget spent or not checkable).
   */
  async start(request: CompletionRequest, context: CallContext): Promise<StartedCall> {
    const startedAt = new Date();
    const callId = uuidv7(startedAt.getTime());
    // Policy first (nothing to reserve for a call that may not run), then the budget; the
    // engine's events do not start before they are read.
    const { plan, events } = this.engine.start(request);
    const reservation = await this.budgets.reserve(
      subjectOf(context),
      estimateUsage(plan, request.messages),
      startedAt.getTime(),
    );
    return {
      callId,
      events: this.account({ callId, request, context, startedAt }, events, reservation),
    };
  }

  /** Runs a call to its end; a failure becomes the DomainError of its code. */
  async complete(
    request: CompletionRequest,
    context: CallContext,
  ): Promise<{ callId: string; result: CompletionResult }> {
    const { callId, events } = await this.start(request, context);
    for await (const event of events) {
      if (event.type === 'final') return { callId, result: event.result };
      if (event.type === 'error') throw completionFailed(event.failure);
    }
    throw new Error('Completion ended without a result');
  }

  models(task?: Task): ModelState[] {
    const states = this.engine.modelStates();
    return task === undefined ? states : states.filter((m) => m.tasks.includes(task));
  }

  private async *account(
    call: CallIdentity,
    events: AsyncGenerator<RouterEvent, void, undefined>,
    reservation: Reservation,
  ): AsyncGenerator<RouterEvent, void, undefined> {
    let ended = false;
    try {
      for await (const event of events) {
        if (event.type === 'final') {
          ended = true;
          this.budgets.settle(reservation, event.result.usage);
          this.settle(call, event.result.decision, { result: event.result });
        } else if (event.type === 'error') {
          ended = true;
          this.budgets.settle(reservation, undefined);
          this.settle(call, event.decision, { failure: event.failure });
        }
        yield event;
      }
    } finally {
      if (!ended) {
        // The caller went away before the end: like a failed call, nothing is billed.
        this.budgets.settle(reservation, undefined);
        calls.inc({ task: call.request.task, model: 'none', outcome: 'abandoned' });
      }
    }
  }

  private settle(
    call: CallIdentity,
    decision: RouteDecision,
    outcome: { result: CompletionResult } | { failure: CompletionFailure },
  ): void {
    const { callId, request } = call;
    const model = decision.model ?? 'none';
    calls.inc({
      task: request.task,
      model,
      outcome: 'result' in outcome ? 'answered' : outcome.failure.code,
    });
    for (const attempt of decision.attempts) {
      attempts.inc({
        model: attempt.model,
        outcome: attempt.outcome,
        code: attempt.errorCode ?? 'ok',
      });
    }
    if (decision.timeToFirstTokenMs !== undefined) {
      firstToken.observe({ task: request.task }, decision.timeToFirstTokenMs / 1000);
    }
    if ('result' in outcome) {
      const { usage } = outcome.result;
      tokens.inc({ model, direction: 'input' }, usage.inputTokens);
      tokens.inc({ model, direction: 'output' }, usage.outputTokens);
      costs.inc({ model }, usage.costMicroFen);
    }
    // The answer does not wait for its record; a failed record is logged with everything in it
    // but text, so that the account can be repaired.
    const record = { ...call, decision, completedAt: new Date(), ...outcome };
    this.recorder.record(record).catch((error: unknown) => {
      this.logger.error(
        {
          err: error,
          callId,
          decision: withoutReasoning(decision),
          ...('result' in outcome ? { usage: outcome.result.usage } : {}),
        },
        'Failed to record a model call',
      );
    });
  }
}
