export type { PhiDetector, PhiDetectorOptions, PhiKind, PhiSpan } from './phi-span';
export { PHI_KINDS } from './phi-span';
export type { ResidentIdDefect, ResidentIdValidation } from './resident-id';
export {
  detectResidentIds,
  isValidResidentId,
  residentIdCheckChar,
  validateResidentId,
} from './resident-id';
export { detectPhoneNumbers } from './phone.detector';
export { detectEmails } from './email.detector';
export { detectLabelledIdentifiers } from './labelled-identifier.detector';
export { detectBirthDates } from './birth-date.detector';
export { detectAddresses } from './address.detector';
export { detectPersonNames } from './name.detector';
export { CHINESE_COMPOUND_SURNAMES, CHINESE_SURNAMES } from './chinese-surnames';
export type { DetectPhiOptions } from './detect-phi';
export { detectPhi } from './detect-phi';
export {
  PHI_PLACEHOLDER_LABELS,
  isPartialPhiPlaceholder,
  isPhiPlaceholder,
  restorePlaceholders,
} from './phi-placeholder';
export type { PhiFinding, RedactionOptions, RedactionResult } from './redaction-session';
export { RedactionSession, redact } from './redaction-session';
export { StreamingRestorer } from './streaming-restorer';
export type { PhiCanary } from './phi-canaries';
export { PHI_CANARIES, PHI_CANARY_MESSAGES, findCanaries } from './phi-canaries';
