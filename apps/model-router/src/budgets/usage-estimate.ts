import { estimatePromptTokens } from '../providers/text';
import type { ChatMessage } from '../providers/provider';
import type { RoutePlan } from '../routing/routing-engine';
import type { UsageEstimate } from './budget-limits';

/**
 * The most a call can cost before it runs: the estimated prompt plus the most output it may
 * produce, priced at the dearest candidate that could answer it (any of them may, after failover).
 */
export function estimateUsage(
  plan: Pick<RoutePlan, 'candidates' | 'maxOutputTokens'>,
  messages: readonly ChatMessage[],
): UsageEstimate {
  const input = estimatePromptTokens(messages);
  let tokens = 0;
  let costMicroFen = 0;
  for (const { model } of plan.candidates) {
    const { spec } = model;
    const output = Math.min(plan.maxOutputTokens, spec.maxOutputTokens);
    const cost = Math.ceil(
      (input * spec.pricing.inputMicroFenPer1kTokens +
        output * spec.pricing.outputMicroFenPer1kTokens) /
        1000,
    );
    tokens = Math.max(tokens, input + output);
    costMicroFen = Math.max(costMicroFen, cost);
  }
  return { tokens, costMicroFen };
}
