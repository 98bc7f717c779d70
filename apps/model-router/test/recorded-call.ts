import type { RecordedCall } from '../src/completions/call-recorder';
import type { RouteDecision } from '../src/routing/routing.types';

const decision: RouteDecision = {
  task: 'consult',
  model: 'secondary',
  provider: 'openai-compatible',
  upstreamModel: 'qwen-plus',
  upstreamVersion: '2026-01-01',
  candidates: ['primary', 'secondary'],
  excluded: [{ model: 'overseas', reason: 'health data may not go to a cross-border model' }],
  skipped: [],
  attempts: [
    {
      model: 'primary',
      outcome: 'failed',
      continuation: false,
      redacted: false,
      errorKind: 'retryable',
      errorCode: 'http-503',
      errorMessage: 'Overloaded',
      durationMs: 12,
      streamedChars: 0,
    },
    {
      model: 'secondary',
      outcome: 'answered',
      continuation: false,
      redacted: true,
      timeToFirstTokenMs: 80,
      durationMs: 900,
      streamedChars: 40,
      reasoning: 'Tension headache is likely; advise rest and watch for red flags.',
    },
  ],
  reason: 'failover to secondary after primary failed (http-503)',
  redacted: true,
  timeToFirstTokenMs: 95,
};

/** A call that failed over once and was answered; override what the test is about. */
export function answeredCall(overrides: Partial<RecordedCall> = {}): RecordedCall {
  return {
    callId: '01a21369-2fab-7347-89db-9573f02d6406',
    request: {
      task: 'consult',
      messages: [{ role: 'user', content: '我叫张三，头痛' }],
      dataClass: 'PHI',
      responseFormat: 'text',
    },
    context: {
      service: 'consultation',
      partnerId: 'partner-1',
      patientId: 'patient-42',
      subjectId: 'consultation-7',
      idempotencyKey: 'idem-key-0001',
    },
    decision,
    startedAt: new Date('2026-11-25T10:00:00.000Z'),
    completedAt: new Date('2026-11-25T10:00:01.250Z'),
    result: {
      content: '您好，张三。',
      finishReason: 'stop',
      usage: {
        inputTokens: 120,
        outputTokens: 40,
        reasoningTokens: 0,
        cachedInputTokens: 16,
        costMicroFen: 560,
        estimated: false,
      },
      decision,
    },
    ...overrides,
  };
}

/** The same call, failed after part of the answer was streamed. */
export function failedCall(): RecordedCall {
  const { result: _result, ...rest } = answeredCall() as RecordedCall & { result: unknown };
  return {
    ...rest,
    decision: { ...rest.decision, model: undefined, reason: 'no answer' },
    failure: {
      code: 'idle-timeout',
      message: 'The answer was cut off',
      partial: true,
      retryable: true,
    },
  };
}
