import { answeredCall, failedCall } from '../../test/recorded-call';
import { withoutReasoning } from '../routing/routing.types';
import { toEvent, toRecord } from './model-call';
import { modelCallCompletedV1 } from '@meridian/contracts';

describe(toEvent.name, () => {
  it('describes an answered call: route, model version, attempts and billed usage', () => {
    const event = toEvent(toRecord(answeredCall()));
    expect(modelCallCompletedV1.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      outcome: 'answered',
      partial: false,
      route: { chosen: 'secondary', candidates: ['primary', 'secondary'], redacted: true },
      model: { id: 'secondary', upstreamModel: 'qwen-plus', upstreamVersion: '2026-01-01' },
      usage: { inputTokens: 120, outputTokens: 40, costMicroFen: 560 },
      timeToFirstTokenMs: 95,
    });
    expect(event.attempts.map((a) => [a.model, a.outcome, a.errorCode])).toEqual([
      ['primary', 'failed', 'http-503'],
      ['secondary', 'answered', null],
    ]);
  });

  it('bills nothing for a failed call and says it was partial', () => {
    const event = toEvent(toRecord(failedCall()));
    expect(modelCallCompletedV1.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      outcome: 'idle-timeout',
      partial: true,
      usage: null,
      model: null,
    });
  });

  it('carries neither text nor the patient reference', () => {
    const json = JSON.stringify(toEvent(toRecord(answeredCall())));
    expect(json).not.toContain('张三');
    expect(json).not.toContain('patient-42');
  });

  it('leaves the model reasoning out: it stays in the audit record', () => {
    const json = JSON.stringify(toEvent(toRecord(answeredCall())));
    expect(json).not.toContain('Tension headache');
  });
});

describe(toRecord.name, () => {
  it('keeps the patient reference and the timing for the audit', () => {
    expect(toRecord(answeredCall())).toMatchObject({
      patientId: 'patient-42',
      idempotencyKey: 'idem-key-0001',
      durationMs: 1_250,
      routeReason: 'failover to secondary after primary failed (http-503)',
    });
  });

  it('keeps the reasoning of each attempt that had any, by attempt index', () => {
    expect(toRecord(answeredCall()).reasoning).toEqual([
      {
        attempt: 1,
        model: 'secondary',
        text: 'Tension headache is likely; advise rest and watch for red flags.',
      },
    ]);
    const silent = answeredCall();
    expect(
      toRecord({ ...silent, decision: withoutReasoning(silent.decision) }).reasoning,
    ).toBeNull();
  });
});
