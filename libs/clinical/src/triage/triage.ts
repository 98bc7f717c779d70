import { findDepartment } from '../departments/departments';
import type { ExtractedFacts, FactReading } from './facts';
import { extractFacts } from './facts';
import type { NormalizedText } from './normalize';
import { isCjk, normalizeForTriage, originalSlice, squeezePattern } from './normalize';
import { TRIAGE_RULESET_V1 } from './rules.v1';
import type {
  EmergencyCategory,
  EscalationAction,
  MentionStatus,
  TriageConcept,
  TriageCondition,
  TriageContext,
  TriageEscalation,
  TriageFactName,
  TriageFacts,
  TriageMatch,
  TriageResult,
  TriageRule,
  TriageRuleset,
  Urgency,
} from './triage.types';
import { URGENCY_ORDER } from './triage.types';

/** A ruleset that cannot be used: bad pattern, unknown department, duplicate id. */
export class TriageRulesetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriageRulesetError';
  }
}

/** Triage one patient message. Deterministic and free of I/O. */
export type TriageFunction = (text: string, context?: TriageContext) => TriageResult;

// Cue windows: how far a negation reaches towards the mention it negates.
const EN_NEGATION_WORDS = 4;
const ZH_NEGATION_CHARS = 6;
const ZH_ADJACENT_CHARS = 2;
const EN_RESOLVED_WORDS = 3;
const ZH_RESOLVED_CHARS = 4;

const CLAUSE_PUNCTUATION = /[,;:!?。\n]|\.(?!\d)/g;
const SENTENCE_PUNCTUATION = /[;!?。\n]|\.(?!\d)/g;
const RULE_ID = /^(RF|UR|RT|SC)-[A-Z0-9]+(?:-[A-Z0-9]+)*$/;
const ID_PREFIX: Readonly<Record<Urgency, string>> = {
  emergency: 'RF',
  urgent: 'UR',
  routine: 'RT',
  'self-care': 'SC',
};

interface CueRegexes {
  readonly zh?: RegExp;
  readonly en?: RegExp;
}

interface CompiledCues {
  readonly negationBefore: CueRegexes;
  readonly negationAdjacent: CueRegexes;
  readonly pseudoNegation: CueRegexes;
  readonly resolvedAfter: CueRegexes;
  readonly historical: CueRegexes;
  readonly recurrence: CueRegexes;
  readonly hypothetical: CueRegexes;
  readonly informationalFrame: CueRegexes;
  readonly presentReport: CueRegexes;
  readonly clauseBreak: CueRegexes;
}

interface CompiledRuleset {
  readonly ruleset: TriageRuleset;
  readonly concepts: ReadonlyMap<string, RegExp>;
  readonly cues: CompiledCues;
}

interface Span {
  readonly start: number;
  readonly end: number;
}

interface Mention extends Span {
  readonly status: MentionStatus;
}

const enSource = (source: string): string => `(?<![a-z])(?:${source})(?![a-z])`;

function compileSources(zh: readonly string[], en: readonly string[], label: string): RegExp {
  const sources = [
    ...zh.map((s) => `(?:${squeezePattern(s)})`),
    ...en.map((s) => enSource(squeezePattern(s))),
  ];
  if (sources.length === 0) throw new TriageRulesetError(`${label} has no patterns`);
  try {
    return new RegExp(sources.join('|'), 'g');
  } catch (error) {
    throw new TriageRulesetError(`${label}: ${(error as Error).message}`);
  }
}

function compileCue(
  lists: { readonly zh: readonly string[]; readonly en: readonly string[] },
  label: string,
): CueRegexes {
  return {
    ...(lists.zh.length > 0 && { zh: compileSources(lists.zh, [], `cue ${label} (zh)`) }),
    ...(lists.en.length > 0 && { en: compileSources([], lists.en, `cue ${label} (en)`) }),
  };
}

function collectConcepts(condition: TriageCondition, into: Map<string, TriageConcept>): void {
  switch (condition.kind) {
    case 'concept': {
      const known = into.get(condition.concept.id);
      if (known !== undefined && known !== condition.concept) {
        throw new TriageRulesetError(`two different concepts share the id ${condition.concept.id}`);
      }
      into.set(condition.concept.id, condition.concept);
      return;
    }
    case 'any':
    case 'all':
      for (const child of condition.of) collectConcepts(child, into);
      return;
    case 'fact':
    case 'context':
      return;
  }
}

/** Checks a ruleset and compiles its patterns; throws `TriageRulesetError` when it is unusable. */
function compileRuleset(ruleset: TriageRuleset): CompiledRuleset {
  if (ruleset.version.trim() === '') throw new TriageRulesetError('ruleset version is empty');
  const ids = new Set<string>();
  const concepts = new Map<string, TriageConcept>();
  for (const rule of ruleset.rules) {
    if (!RULE_ID.test(rule.id)) throw new TriageRulesetError(`malformed rule id ${rule.id}`);
    if (!rule.id.startsWith(`${ID_PREFIX[rule.urgency]}-`)) {
      throw new TriageRulesetError(
        `rule ${rule.id} is ${rule.urgency}; its id must start with ${ID_PREFIX[rule.urgency]}-`,
      );
    }
    if (ids.has(rule.id)) throw new TriageRulesetError(`duplicate rule id ${rule.id}`);
    ids.add(rule.id);
    if (findDepartment(rule.department) === undefined) {
      throw new TriageRulesetError(`rule ${rule.id} names unknown department ${rule.department}`);
    }
    if (rule.when.length === 0) throw new TriageRulesetError(`rule ${rule.id} has no conditions`);
    for (const condition of [...rule.when, ...(rule.unless ?? [])]) {
      collectConcepts(condition, concepts);
    }
  }
  const compiled = new Map<string, RegExp>();
  for (const [id, c] of concepts) compiled.set(id, compileSources(c.zh, c.en, `concept ${id}`));
  const { cues } = ruleset;
  return {
    ruleset,
    concepts: compiled,
    cues: {
      negationBefore: compileCue(cues.negationBefore, 'negationBefore'),
      negationAdjacent: compileCue(cues.negationAdjacent, 'negationAdjacent'),
      pseudoNegation: compileCue(cues.pseudoNegation, 'pseudoNegation'),
      resolvedAfter: compileCue(cues.resolvedAfter, 'resolvedAfter'),
      historical: compileCue(cues.historical, 'historical'),
      recurrence: compileCue(cues.recurrence, 'recurrence'),
      hypothetical: compileCue(cues.hypothetical, 'hypothetical'),
      informationalFrame: compileCue(cues.informationalFrame, 'informationalFrame'),
      presentReport: compileCue(cues.presentReport, 'presentReport'),
      clauseBreak: compileCue(cues.clauseBreak, 'clauseBreak'),
    },
  };
}

function spans(regex: RegExp | undefined, text: string, offset = 0): Span[] {
  if (regex === undefined) return [];
  const found: Span[] = [];
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    if (match[0].length === 0) {
      regex.lastIndex += 1;
      continue;
    }
    found.push({ start: offset + match.index, end: offset + match.index + match[0].length });
  }
  return found;
}

function anySpan(cue: CueRegexes, text: string): boolean {
  return spans(cue.zh, text).length > 0 || spans(cue.en, text).length > 0;
}

// Filler words do not widen the distance between a negation and what it negates:
// "no fever or any chest pain" negates chest pain.
const FILLER_WORDS = new Set(['a', 'an', 'the', 'any', 'or', 'nor', 'of', 'other', 'some', 'real']);
const wordCount = (text: string): number =>
  (text.match(/[a-z0-9']+/g) ?? []).filter((w) => !FILLER_WORDS.has(w)).length;
const charCount = (text: string): number => text.replace(/\s/g, '').length;

/** Everything about one message that does not depend on a particular rule. */
class MessageReading {
  private readonly mentions = new Map<string, readonly Mention[]>();
  private readonly clauseBreaks: readonly Span[];
  private readonly sentenceBreaks: readonly Span[];
  private readonly pseudo: readonly Span[];
  readonly informational: boolean;

  constructor(
    readonly normalized: NormalizedText,
    private readonly compiled: CompiledRuleset,
  ) {
    const { text } = normalized;
    const { cues } = compiled;
    this.clauseBreaks = [
      ...spans(CLAUSE_PUNCTUATION, text),
      ...spans(cues.clauseBreak.zh, text),
      ...spans(cues.clauseBreak.en, text),
    ];
    this.sentenceBreaks = spans(SENTENCE_PUNCTUATION, text);
    this.pseudo = [...spans(cues.pseudoNegation.zh, text), ...spans(cues.pseudoNegation.en, text)];
    this.informational =
      anySpan(cues.informationalFrame, text) && !anySpan(cues.presentReport, text);
  }

  mentionsOf(concept: TriageConcept): readonly Mention[] {
    const cached = this.mentions.get(concept.id);
    if (cached !== undefined) return cached;
    const regex = this.compiled.concepts.get(concept.id);
    const found = spans(regex, this.normalized.text).map((span) => ({
      ...span,
      status: this.statusOf(span),
    }));
    this.mentions.set(concept.id, found);
    return found;
  }

  private statusOf(mention: Span): MentionStatus {
    const clauseStart = this.boundaryBefore(this.clauseBreaks, mention.start);
    const clauseEnd = this.boundaryAfter(this.clauseBreaks, mention.end);
    if (this.negatedBefore(mention.start, clauseStart)) return 'negated';
    if (this.historical(clauseStart, clauseEnd, mention.start)) return 'historical';
    if (this.resolvedAfter(mention.end, clauseEnd)) return 'resolved';
    const before = this.normalized.text.slice(clauseStart, mention.start);
    if (anySpan(this.compiled.cues.hypothetical, before)) return 'hypothetical';
    if (this.informational) return 'informational';
    return 'affirmed';
  }

  private boundaryBefore(breaks: readonly Span[], position: number): number {
    let start = 0;
    for (const b of breaks) if (b.end <= position && b.end > start) start = b.end;
    return start;
  }

  private boundaryAfter(breaks: readonly Span[], position: number): number {
    let end = this.normalized.text.length;
    for (const b of breaks) if (b.start >= position && b.start < end) end = b.start;
    return end;
  }

  private isPseudo(cue: Span): boolean {
    return this.pseudo.some((p) => p.start <= cue.start && cue.end <= p.end);
  }

  private negatedBefore(mentionStart: number, clauseStart: number): boolean {
    const { text } = this.normalized;
    const window = text.slice(clauseStart, mentionStart);
    const { negationBefore, negationAdjacent } = this.compiled.cues;
    const check = (regex: RegExp | undefined, fits: (gap: string) => boolean): boolean =>
      spans(regex, window, clauseStart).some(
        (cue) => !this.isPseudo(cue) && fits(text.slice(cue.end, mentionStart)),
      );
    return (
      check(negationBefore.zh, (gap) => charCount(gap) <= ZH_NEGATION_CHARS) ||
      check(negationAdjacent.zh, (gap) => charCount(gap) <= ZH_ADJACENT_CHARS) ||
      check(negationBefore.en, (gap) => wordCount(gap) <= EN_NEGATION_WORDS) ||
      check(negationAdjacent.en, (gap) => wordCount(gap) === 0)
    );
  }

  private resolvedAfter(mentionEnd: number, clauseEnd: number): boolean {
    const after = this.normalized.text.slice(mentionEnd, clauseEnd);
    const { resolvedAfter } = this.compiled.cues;
    return (
      spans(resolvedAfter.zh, after).some(
        (cue) => charCount(after.slice(0, cue.start)) <= ZH_RESOLVED_CHARS,
      ) ||
      spans(resolvedAfter.en, after).some(
        (cue) => wordCount(after.slice(0, cue.start)) <= EN_RESOLVED_WORDS,
      )
    );
  }

  private historical(clauseStart: number, clauseEnd: number, position: number): boolean {
    const { text } = this.normalized;
    const { historical, recurrence } = this.compiled.cues;
    if (!anySpan(historical, text.slice(clauseStart, clauseEnd))) return false;
    // A returning or worsening symptom in the same sentence is current, whatever its history.
    const sentence = text.slice(
      this.boundaryBefore(this.sentenceBreaks, position),
      this.boundaryAfter(this.sentenceBreaks, position),
    );
    return !anySpan(recurrence, sentence);
  }
}

interface Evaluation {
  readonly holds: boolean;
  readonly evidence: readonly string[];
}

const FAILS: Evaluation = { holds: false, evidence: [] };

class RuleEvaluator {
  constructor(
    private readonly reading: MessageReading,
    private readonly facts: ResolvedFacts,
    private readonly context: TriageContext,
  ) {}

  fires(rule: TriageRule): Evaluation {
    const accepted = new Set<MentionStatus>(['affirmed', ...(rule.alsoCounts ?? [])]);
    const evidence: string[] = [];
    for (const condition of rule.when) {
      const result = this.evaluate(condition, accepted);
      if (!result.holds) return FAILS;
      evidence.push(...result.evidence);
    }
    for (const condition of rule.unless ?? []) {
      if (this.evaluate(condition, accepted).holds) return FAILS;
    }
    return { holds: true, evidence: [...new Set(evidence)] };
  }

  private evaluate(condition: TriageCondition, accepted: ReadonlySet<MentionStatus>): Evaluation {
    switch (condition.kind) {
      case 'concept': {
        const counted = this.reading
          .mentionsOf(condition.concept)
          .filter((m) => accepted.has(m.status));
        if (counted.length === 0) return FAILS;
        return {
          holds: true,
          evidence: counted.map((m) => originalSlice(this.reading.normalized, m.start, m.end)),
        };
      }
      case 'fact': {
        const reading = this.facts[condition.fact];
        if (reading === undefined) return FAILS;
        if (condition.atLeast !== undefined && reading.value < condition.atLeast) return FAILS;
        if (condition.below !== undefined && reading.value >= condition.below) return FAILS;
        return { holds: true, evidence: [reading.evidence] };
      }
      case 'context':
        return this.context.pregnant === true
          ? { holds: true, evidence: ['context: pregnant'] }
          : FAILS;
      case 'any': {
        const held = condition.of
          .map((child) => this.evaluate(child, accepted))
          .filter((r) => r.holds);
        return held.length === 0
          ? FAILS
          : { holds: true, evidence: held.flatMap((r) => r.evidence) };
      }
      case 'all': {
        const evidence: string[] = [];
        for (const child of condition.of) {
          const result = this.evaluate(child, accepted);
          if (!result.holds) return FAILS;
          evidence.push(...result.evidence);
        }
        return { holds: true, evidence };
      }
    }
  }
}

type ResolvedFacts = Partial<Record<TriageFactName, FactReading>>;

function resolveFacts(extracted: ExtractedFacts, context: TriageContext): ResolvedFacts {
  const facts: ResolvedFacts = { ...extracted };
  const profileAge = context.ageMonths;
  if (profileAge !== undefined && Number.isFinite(profileAge) && profileAge >= 0) {
    // The youngest age wins: a parent's profile may be adult while the message is about a baby.
    if (facts.ageMonths === undefined || profileAge < facts.ageMonths.value) {
      facts.ageMonths = { value: profileAge, evidence: `context: ${profileAge} months old` };
    }
  }
  return facts;
}

function publicFacts(facts: ResolvedFacts): TriageFacts {
  const out: { -readonly [K in TriageFactName]?: number } = {};
  for (const name of ['ageMonths', 'temperatureC', 'glucoseMmolL', 'systolicBp'] as const) {
    const reading = facts[name];
    if (reading !== undefined) out[name] = reading.value;
  }
  return out;
}

const rank = (urgency: Urgency): number => URGENCY_ORDER.indexOf(urgency);

function escalate(
  ruleset: TriageRuleset,
  emergencies: readonly EmergencyCategory[],
  locale: 'zh' | 'en',
): TriageEscalation {
  const policy = ruleset.escalation;
  const crisis = emergencies.includes('self-harm');
  const opening = crisis ? policy.crisis : policy.emergency;
  const advice = emergencies.map((c) => policy.categories[c].advice);
  const message = {
    zh: [opening.zh, ...advice.map((a) => a.zh)].join('\n'),
    en: [opening.en, ...advice.map((a) => a.en)].join('\n'),
  };
  const actions: EscalationAction[] = [];
  for (const category of emergencies) {
    for (const action of policy.categories[category].actions) {
      if (!actions.includes(action)) actions.push(action);
    }
  }
  return {
    message,
    text: message[locale],
    locale,
    actions,
    ...(crisis && { hotlines: policy.hotlines }),
  };
}

/**
 * Builds a triage function for a versioned ruleset. Compiles and checks the ruleset once;
 * throws `TriageRulesetError` if a pattern does not compile, an id is malformed or repeated, or a
 * department is unknown.
 */
export function createTriage(ruleset: TriageRuleset): TriageFunction {
  const compiled = compileRuleset(ruleset);
  return (text, context = {}) => {
    if (typeof text !== 'string') throw new TypeError('triage expects the message text');
    const normalized = normalizeForTriage(text);
    const reading = new MessageReading(normalized, compiled);
    const facts = resolveFacts(extractFacts(normalized), context);
    const evaluator = new RuleEvaluator(reading, facts, context);

    const matches: TriageMatch[] = [];
    const emergencies: EmergencyCategory[] = [];
    for (const rule of ruleset.rules) {
      const result = evaluator.fires(rule);
      if (!result.holds) continue;
      matches.push({
        ruleId: rule.id,
        urgency: rule.urgency,
        category: rule.category,
        evidence: result.evidence,
      });
      if (rule.urgency === 'emergency' && !emergencies.includes(rule.category)) {
        emergencies.push(rule.category);
      }
    }
    // Stable sort: most urgent first, ruleset order within an urgency.
    matches.sort((a, b) => rank(a.urgency) - rank(b.urgency));
    const top = matches[0];
    const urgency: Urgency = top?.urgency ?? 'routine';
    const department = top && ruleset.rules.find((r) => r.id === top.ruleId)?.department;
    const locale = context.locale ?? (Array.from(text).some((ch) => isCjk(ch)) ? 'zh' : 'en');
    const humanFollowUp =
      urgency === 'emergency' ||
      matches.some((m) => m.category === 'mental-health' || m.category === 'self-harm');

    return {
      urgency,
      matchedRules: matches,
      ...(urgency === 'emergency' && { escalation: escalate(ruleset, emergencies, locale) }),
      ...(department !== undefined && { department }),
      humanFollowUp,
      informational: reading.informational,
      facts: publicFacts(facts),
      rulesetVersion: ruleset.version,
    };
  };
}

const triageV1 = createTriage(TRIAGE_RULESET_V1);

/**
 * Red-flag triage of one patient message with ruleset v1, before any model sees it.
 *
 * Highest urgency wins. An emergency carries a fixed escalation (call 120 / go to the emergency
 * department; crisis hotlines for self-harm) that nothing a model adds may contradict. With no
 * matching rule the urgency is `routine` and the conversation proceeds normally.
 * Decision support, not diagnosis.
 */
export function triage(text: string, context?: TriageContext): TriageResult {
  return triageV1(text, context);
}
