/** How soon the patient should be seen, from most to least urgent. */
export type Urgency = 'emergency' | 'urgent' | 'routine' | 'self-care';

/** Most urgent first; the index is the rank used to pick the highest urgency. */
export const URGENCY_ORDER: readonly Urgency[] = Object.freeze([
  'emergency',
  'urgent',
  'routine',
  'self-care',
]);

/** Categories an emergency rule may belong to; each has a fixed escalation text. */
export type EmergencyCategory =
  | 'cardiac'
  | 'stroke'
  | 'bleeding'
  | 'breathing'
  | 'anaphylaxis'
  | 'self-harm'
  | 'pregnancy'
  | 'infant-fever'
  | 'poisoning'
  | 'trauma'
  | 'seizure'
  | 'abdominal'
  | 'meningitis'
  | 'diabetic'
  | 'burns'
  | 'vision'
  | 'collapse';

export type TriageCategory =
  | EmergencyCategory
  | 'mental-health'
  | 'respiratory'
  | 'digestive'
  | 'urinary'
  | 'musculoskeletal'
  | 'fever'
  | 'skin'
  | 'dental'
  | 'ent'
  | 'gynecology'
  | 'bites'
  | 'hypertension'
  | 'neurology'
  | 'pediatrics';

export type EscalationAction = 'call-120' | 'go-to-er' | 'crisis-hotline';

/**
 * A clinical idea ("chest pain", "sweating") and the ways patients write it. Patterns are regular
 * expression sources matched against the normalised message (see `normalizeForTriage`): lower case,
 * half-width, doubled Latin letters squeezed. English patterns are wrapped in letter boundaries.
 */
export interface TriageConcept {
  readonly id: string;
  readonly zh: readonly string[];
  readonly en: readonly string[];
}

/** Numbers read from the message (or the context) that rules can test. */
export type TriageFactName = 'ageMonths' | 'temperatureC' | 'glucoseMmolL' | 'systolicBp';

export type TriageCondition =
  | { readonly kind: 'concept'; readonly concept: TriageConcept }
  | {
      readonly kind: 'fact';
      readonly fact: TriageFactName;
      /** Holds when the fact is known and >= atLeast. */
      readonly atLeast?: number;
      /** Holds when the fact is known and < below. */
      readonly below?: number;
    }
  | { readonly kind: 'context'; readonly flag: 'pregnant' }
  | { readonly kind: 'any'; readonly of: readonly TriageCondition[] }
  | { readonly kind: 'all'; readonly of: readonly TriageCondition[] };

/**
 * How a mention was framed: denied ("no chest pain"), in the distant past ("去年中风过"), gone now
 * ("胸痛已经好了"), hypothetical ("万一"), or part of a knowledge question. Only `affirmed` mentions
 * count, unless a rule opts into more (self-harm counts questions; TIA counts resolved signs).
 */
export type MentionStatus =
  'affirmed' | 'negated' | 'historical' | 'resolved' | 'hypothetical' | 'informational';

interface TriageRuleBase {
  /** Stable id, prefixed by urgency: RF- emergency, UR- urgent, RT- routine, SC- self-care. */
  readonly id: string;
  /** Standard department code (see `standardDepartments`). */
  readonly department: string;
  /** One line for the clinician who reviews the ruleset: what and why. */
  readonly summary: string;
  /** Every condition must hold. */
  readonly when: readonly TriageCondition[];
  /** If any of these holds, the rule does not fire. */
  readonly unless?: readonly TriageCondition[];
  /** Mention statuses that count besides `affirmed`. */
  readonly alsoCounts?: readonly Exclude<MentionStatus, 'affirmed' | 'negated'>[];
}

export interface EmergencyRule extends TriageRuleBase {
  readonly urgency: 'emergency';
  readonly category: EmergencyCategory;
}

export interface NonEmergencyRule extends TriageRuleBase {
  readonly urgency: Exclude<Urgency, 'emergency'>;
  readonly category: TriageCategory;
}

export type TriageRule = EmergencyRule | NonEmergencyRule;

/** Words that change how a mention is read: negation, the past, hypotheticals, questions. */
export interface TriageCueLexicon {
  /** Cue before a mention that negates it (en: within a few words; zh: within a few characters). */
  readonly negationBefore: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** Short cues that negate only when right next to the mention (zh 不, 无). */
  readonly negationAdjacent: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** Phrases that contain a negation word but do not negate (不小心, not sure). */
  readonly pseudoNegation: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** Cue right after a mention saying it is gone (胸痛已经好了, chest pain went away). */
  readonly resolvedAfter: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** Distant past in the same clause (去年, years ago, history of). */
  readonly historical: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** A new or returning symptom in the same sentence cancels a historical reading (又, again). */
  readonly recurrence: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** Hypothetical frame before a mention in the same clause (万一, what if). */
  readonly hypothetical: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** Knowledge-seeking question frames (有什么症状, signs of). */
  readonly informationalFrame: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** First-person or present-tense reports; any of them makes a question a report. */
  readonly presentReport: { readonly zh: readonly string[]; readonly en: readonly string[] };
  /** Words that end a clause for negation and history scope (但是, but, and). */
  readonly clauseBreak: { readonly zh: readonly string[]; readonly en: readonly string[] };
}

export interface CrisisHotline {
  readonly number: string;
  readonly name: { readonly zh: string; readonly en: string };
}

export interface EscalationText {
  readonly zh: string;
  readonly en: string;
}

/** The fixed answer per emergency category. */
export interface EscalationPolicy {
  /** Opening text for every emergency except self-harm. */
  readonly emergency: EscalationText;
  /** Opening text when self-harm is among the matches. */
  readonly crisis: EscalationText;
  readonly hotlines: readonly CrisisHotline[];
  readonly categories: { readonly [C in EmergencyCategory]: EscalationCategoryPolicy };
}

export interface EscalationCategoryPolicy {
  readonly actions: readonly EscalationAction[];
  /** What to do while help is on the way; appended to the opening text. */
  readonly advice: EscalationText;
}

/** A complete, versioned ruleset: rules, the cue lexicon and the escalation texts. */
export interface TriageRuleset {
  readonly version: string;
  readonly rules: readonly TriageRule[];
  readonly cues: TriageCueLexicon;
  readonly escalation: EscalationPolicy;
}

export interface TriageContext {
  /** Age of the patient from the profile; an age stated in the message is also read. */
  readonly ageMonths?: number;
  readonly pregnant?: boolean;
  /** Language of `escalation.text`; by default the language of the message. */
  readonly locale?: 'zh' | 'en';
}

export interface TriageMatch {
  readonly ruleId: string;
  readonly urgency: Urgency;
  readonly category: TriageCategory;
  /** Excerpts of the original message (and facts such as "38.5") that made the rule fire. */
  readonly evidence: readonly string[];
}

export interface TriageEscalation {
  readonly message: EscalationText;
  /** `message` in the requested (or detected) locale. */
  readonly text: string;
  readonly locale: 'zh' | 'en';
  readonly actions: readonly EscalationAction[];
  /** Crisis lines, present when self-harm matched. */
  readonly hotlines?: readonly CrisisHotline[];
}

export interface TriageFacts {
  readonly ageMonths?: number;
  readonly temperatureC?: number;
  readonly glucoseMmolL?: number;
  readonly systolicBp?: number;
}

export interface TriageResult {
  readonly urgency: Urgency;
  /** Fired rules, most urgent first. Empty when nothing matched (urgency is then `routine`). */
  readonly matchedRules: readonly TriageMatch[];
  /** Present exactly when urgency is `emergency`; nothing a model adds may contradict it. */
  readonly escalation?: TriageEscalation;
  /** Department of the most urgent matched rule. */
  readonly department?: string;
  /** A human should follow up (every emergency, and urgent mental-health matches). */
  readonly humanFollowUp: boolean;
  /**
   * The message reads as a knowledge question ("what are the signs of a stroke?"). Red flags in it
   * were not counted (except self-harm); an answer should still say what to do if it is happening.
   */
  readonly informational: boolean;
  readonly facts: TriageFacts;
  readonly rulesetVersion: string;
}
