import type {
  MockBehaviour,
  MockBehaviourInput,
  MockBehaviourScope,
  MockFault,
  MockLlmRequest,
  MockModels,
} from './mock-llm.types';

interface Rule {
  readonly scope: MockBehaviourScope;
  /** The behaviour of a `setBehaviour` rule. */
  readonly behaviour: MockBehaviour | undefined;
  /** The remaining steps of a `script` rule. */
  readonly steps: (MockBehaviour | null)[] | undefined;
  remaining: number;
  readonly from: number;
  readonly until: number;
}

function isFault(input: MockBehaviourInput): input is MockFault {
  return typeof (input as { kind?: unknown }).kind === 'string';
}

/** A fault alone is shorthand for `{ fault }`. */
export function toBehaviour(input: MockBehaviourInput): MockBehaviour {
  return isFault(input) ? { fault: input } : input;
}

function matchesModel(pattern: string | RegExp, model: string): boolean {
  return typeof pattern === 'string' ? pattern === model : pattern.test(model);
}

function matchesIndex(wanted: number | readonly number[], index: number): boolean {
  return typeof wanted === 'number' ? wanted === index : wanted.includes(index);
}

/**
 * Decides the behaviour of each request: the base behaviour (options' defaults, then what
 * `setBehaviour` without scope set, then the model's own), overridden by the newest matching rule.
 */
export class BehaviourBook {
  private rules: Rule[] = [];
  private base: MockBehaviour;
  // The merged base per model, built on first use: resolving stays one map lookup when no rule is set.
  private readonly baseByModel = new Map<string, MockBehaviour>();
  private readonly models: ReadonlyMap<string, MockBehaviour>;

  constructor(
    private readonly defaults: MockBehaviour,
    models: MockModels,
    private readonly clock: () => number,
  ) {
    this.base = defaults;
    this.models = new Map(Object.entries(models));
  }

  setBase(input: MockBehaviourInput): void {
    this.base = { ...this.defaults, ...toBehaviour(input) };
    this.baseByModel.clear();
  }

  addRule(input: MockBehaviourInput, scope: MockBehaviourScope): void {
    this.push(scope, toBehaviour(input), undefined);
  }

  addScript(
    steps: readonly (MockBehaviourInput | null)[],
    scope: Omit<MockBehaviourScope, 'times'>,
  ): void {
    if (steps.length === 0) return;
    const queue = steps.map((step) => (step === null ? null : toBehaviour(step)));
    this.push(scope, undefined, queue);
  }

  reset(): void {
    this.rules = [];
    this.base = this.defaults;
    this.baseByModel.clear();
  }

  /** The behaviour for a request; consumes one use of the rule (or script step) it matches. */
  resolve(request: MockLlmRequest): MockBehaviour {
    const base = this.baseFor(request.model);
    const picked = this.rules.length === 0 ? undefined : this.pick(request);
    if (picked === undefined) return base;
    // A rule shapes the answer over the base, but its fault (or its absence) is its own: a rule
    // `{}` after a persistent outage means "healthy again".
    return { ...base, ...picked, fault: picked.fault };
  }

  private push(
    scope: MockBehaviourScope,
    behaviour: MockBehaviour | undefined,
    steps: (MockBehaviour | null)[] | undefined,
  ): void {
    const from = this.clock() + (scope.afterMs ?? 0);
    const until = scope.forMs === undefined ? Infinity : from + scope.forMs;
    this.rules.push({ scope, behaviour, steps, remaining: scope.times ?? Infinity, from, until });
  }

  private pick(request: MockLlmRequest): MockBehaviour | undefined {
    const now = this.clock();
    // Newest first: a later call overrides an earlier one for the requests they share.
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i];
      if (rule === undefined) continue;
      if (now >= rule.until || rule.remaining <= 0) {
        this.rules.splice(i, 1);
        continue;
      }
      if (!this.matches(rule, request, now)) continue;
      if (rule.steps !== undefined) {
        const step = rule.steps.shift();
        if (rule.steps.length === 0) this.rules.splice(i, 1);
        // A null step means "as if this script were not there": older rules still apply.
        if (step === null || step === undefined) continue;
        return step;
      }
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.rules.splice(i, 1);
      return rule.behaviour;
    }
    return undefined;
  }

  private matches(rule: Rule, request: MockLlmRequest, now: number): boolean {
    const { scope } = rule;
    if (now < rule.from) return false;
    if (scope.model !== undefined && !matchesModel(scope.model, request.model)) return false;
    if (scope.requestIndex !== undefined && !matchesIndex(scope.requestIndex, request.index)) {
      return false;
    }
    return scope.when === undefined || scope.when(request);
  }

  private baseFor(model: string): MockBehaviour {
    const own = this.models.get(model);
    if (own === undefined) return this.base;
    let merged = this.baseByModel.get(model);
    if (merged === undefined) {
      merged = { ...this.base, ...own };
      this.baseByModel.set(model, merged);
    }
    return merged;
  }
}
