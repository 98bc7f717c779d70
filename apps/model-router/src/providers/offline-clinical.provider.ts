import { setTimeout as sleep } from 'node:timers/promises';

import type { OfflineProviderSpec } from '../catalog/catalog.schema';
import type { ModelProvider, ProviderEvent, ProviderRequest } from './provider';
import { ProviderError } from './provider';
import { detectLanguage, estimatePromptTokens, lastUserText, tokenize } from './text';

import { consultAnswer } from './offline/consult.answer';
import { recordDraftAnswer } from './offline/record-draft.answer';
import { reportExplainAnswer } from './offline/report-explain.answer';
import { gradeRubricItem } from './offline/rubric-grader';
import { triageAssistAnswer } from './offline/triage-assist.answer';

export { OFFLINE_NOTICE } from './offline/consult.answer';

// The built-in model: deterministic, no keys, inside the trust boundary, so the platform answers
// out of the box. Every task is answered from `@meridian/clinical`: red-flag triage and the
// department taxonomy (consult, triage-assist, record-draft), lab flags from `interpretReport`
// (report-explain), and a lexical rubric grader (eval-grade) so that evaluations run offline.

/** The whole answer for a request; deterministic. */
export function composeAnswer(
  request: Pick<ProviderRequest, 'task' | 'messages' | 'language' | 'responseFormat'>,
): string {
  const question = lastUserText(request.messages);
  const language = request.language ?? detectLanguage(question);
  let text: string;
  switch (request.task) {
    case 'eval-grade':
      return gradeRubricItem(question);
    case 'triage-assist':
      return triageAssistAnswer(question, language, request.responseFormat);
    case 'consult':
      text = consultAnswer(question, language);
      break;
    case 'report-explain':
      text = reportExplainAnswer(question, language);
      break;
    case 'record-draft':
      text = recordDraftAnswer(request.messages, language);
      break;
  }
  return request.responseFormat === 'json' ? JSON.stringify({ answer: text }) : text;
}

export interface OfflineClinicalOptions {
  readonly spec: OfflineProviderSpec;
}

/** Streams `composeAnswer` token by token, like a real model. */
export class OfflineClinicalProvider implements ModelProvider {
  constructor(private readonly options: OfflineClinicalOptions) {}

  async *stream(request: ProviderRequest): AsyncGenerator<ProviderEvent> {
    const answer = composeAnswer(request);
    let text = answer;
    if (request.continueFrom !== undefined) {
      // It can finish its own answer, not someone else's: refusing beats a patched-up text.
      if (!answer.startsWith(request.continueFrom)) {
        throw new ProviderError(
          'fatal',
          'continuation-unsupported',
          'The offline model can only continue its own answers',
          { httpStatus: 400 },
        );
      }
      text = answer.slice(request.continueFrom.length);
    }
    const tokens = tokenize(text);
    const delay = this.options.spec.tokenDelayMs;
    let outputTokens = 0;
    for (const token of tokens) {
      if (delay > 0 && outputTokens > 0) await this.pause(delay, request.signal);
      if (request.signal.aborted) throw this.aborted(request.signal);
      outputTokens++;
      yield { type: 'delta', text: token };
    }
    const prompt = [
      ...request.messages,
      ...(request.continueFrom === undefined
        ? []
        : [{ role: 'assistant' as const, content: request.continueFrom }]),
    ];
    yield {
      type: 'usage',
      usage: {
        inputTokens: estimatePromptTokens(prompt),
        outputTokens,
        reasoningTokens: 0,
        cachedInputTokens: 0,
      },
    };
    yield { type: 'finish', reason: 'stop' };
  }

  private async pause(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw this.aborted(signal);
    }
  }

  private aborted(signal: AbortSignal): ProviderError {
    const reason: unknown = signal.reason;
    return reason instanceof ProviderError
      ? reason
      : new ProviderError('retryable', 'aborted', 'Request aborted');
  }
}
