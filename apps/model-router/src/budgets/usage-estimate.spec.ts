import type { ModelSpec } from '../catalog/catalog.schema';
import type { RoutePlan } from '../routing/routing-engine';
import { estimateUsage } from './usage-estimate';

function candidate(maxOutputTokens: number, input: number, output: number) {
  const spec = {
    maxOutputTokens,
    pricing: { inputMicroFenPer1kTokens: input, outputMicroFenPer1kTokens: output },
  } as ModelSpec;
  return { model: { spec }, redact: false } as unknown as RoutePlan['candidates'][number];
}

describe(estimateUsage.name, () => {
  it('reserves the prompt plus the most output, at the dearest candidate', () => {
    const messages = [{ role: 'user' as const, content: 'abcdefgh' }];
    // 3 framing + 3 per message + 2 text tokens.
    const input = 8;
    const estimate = estimateUsage(
      {
        maxOutputTokens: 1_000,
        candidates: [candidate(500, 1_000, 2_000), candidate(4_000, 0, 0)],
      },
      messages,
    );
    expect(estimate.tokens).toBe(input + 1_000);
    expect(estimate.costMicroFen).toBe(Math.ceil((input * 1_000 + 500 * 2_000) / 1000));
  });
});
