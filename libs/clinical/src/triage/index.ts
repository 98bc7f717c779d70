export { createTriage, triage, TriageRulesetError } from './triage';
export type { TriageFunction } from './triage';
export { normalizeForTriage } from './normalize';
export type { NormalizedText } from './normalize';
export { TRIAGE_CUES_V1 } from './cues.v1';
export { TRIAGE_ESCALATION_V1 } from './escalation.v1';
export { TRIAGE_RULES_V1, TRIAGE_RULESET_V1, TRIAGE_RULESET_VERSION } from './rules.v1';
export { URGENCY_ORDER } from './triage.types';
export type {
  CrisisHotline,
  EmergencyCategory,
  EmergencyRule,
  EscalationAction,
  EscalationCategoryPolicy,
  EscalationPolicy,
  EscalationText,
  MentionStatus,
  NonEmergencyRule,
  TriageCategory,
  TriageConcept,
  TriageCondition,
  TriageContext,
  TriageCueLexicon,
  TriageEscalation,
  TriageFactName,
  TriageFacts,
  TriageMatch,
  TriageResult,
  TriageRule,
  TriageRuleset,
  Urgency,
} from './triage.types';
