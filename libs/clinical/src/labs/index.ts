export * from './lab-test.types';
export {
  LAB_CATALOGUE_VERSION,
  findLabTestByCode,
  findLabTestsByName,
  labCatalogue,
  labTestsInPanel,
  lookupLabTest,
  normalizeLabName,
} from './lab-catalogue';
export type { LabTestLookup, LabTestQuery } from './lab-catalogue';
export {
  convertLabValue,
  fromCanonicalUnit,
  normalizeUnit,
  resolveUnit,
  toCanonicalUnit,
} from './lab-units';
export type { UnitResolution } from './lab-units';
export { parseLabValue, parseQualitativeResult, parseReferenceRangeText } from './lab-value.parser';
export type {
  Comparator,
  ParsedLabValue,
  ParsedReferenceRange,
  QualitativeResult,
  ReportedFlag,
} from './lab-value.parser';
export { interpret, interpretReport } from './lab-interpretation';
export type {
  InterpretationStatus,
  LabFlag,
  LabHighlight,
  LabInterpretation,
  LabReportInterpretation,
  LabReportSummary,
  LabResultInput,
  PatientContext,
  RangeUsed,
} from './lab-interpretation';
