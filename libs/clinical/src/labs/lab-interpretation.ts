import { ADULT_AGE, NEONATE_AGE } from './catalogue/catalogue-sources';
import { LAB_CATALOGUE_VERSION, lookupLabTest } from './lab-catalogue';
import type {
  LabTest,
  QualitativeLabTest,
  QuantitativeLabTest,
  ReferenceRangeRule,
  Sex,
  SpecimenHint,
} from './lab-test.types';
import { normalizeUnit, resolveUnit, tidy } from './lab-units';
import type { UnitResolution } from './lab-units';
import { parseLabValue, parseReferenceRangeText } from './lab-value.parser';
import type { Comparator, QualitativeResult, ReportedFlag } from './lab-value.parser';

/** One result as a partner app uploads it or a hospital publishes it. */
export interface LabResultInput {
  /** LOINC code; takes precedence over the name. */
  readonly code?: string;
  /** Printed name, zh or en, abbreviations allowed ("谷丙转氨酶(ALT)"). */
  readonly name?: string;
  readonly value: number | string;
  readonly unit?: string;
  /** The reporting lab's own interval, in the result's unit; it takes precedence over the catalogue. */
  readonly referenceRange?: {
    readonly low?: number;
    readonly high?: number;
    readonly text?: string;
  };
  /** Tells apart tests sharing a name (葡萄糖 in blood and in urine). */
  readonly specimen?: SpecimenHint;
}

/** What the flags depend on. Unknown fields are fine: the result says what was assumed. */
export interface PatientContext {
  readonly sex?: Sex;
  readonly ageYears?: number;
  readonly pregnant?: boolean;
}

export type InterpretationStatus = 'ok' | 'unknown-test' | 'unknown-unit' | 'unparseable-value';

/** N normal, L/H outside the interval, LL/HH beyond a critical limit, A abnormal dipstick result. */
export type LabFlag = 'N' | 'L' | 'H' | 'LL' | 'HH' | 'A';

/** The interval a flag was computed against, in the canonical unit. */
export interface RangeUsed {
  readonly low?: number;
  readonly high?: number;
  readonly lowExclusive?: boolean;
  readonly highExclusive?: boolean;
  /** For dipstick tests: the expected result. */
  readonly text?: string;
  readonly source: 'report' | 'catalogue';
  /** For catalogue intervals: which population and reference they come from. */
  readonly basis?: string;
}

export interface LabInterpretation {
  readonly status: InterpretationStatus;
  readonly test?: LabTest;
  /** The value in `unitCanonical`; for a censored value ("<0.01") the printed bound. */
  readonly valueCanonical?: number;
  readonly comparator?: Comparator;
  /** The dipstick grade, for qualitative results. */
  readonly qualitative?: QualitativeResult;
  readonly unitCanonical?: string;
  /** Absent when no flag can be computed (no interval applies, or a censored value straddles it). */
  readonly flag?: LabFlag;
  readonly critical: boolean;
  readonly rangeUsed?: RangeUsed;
  /** A flag printed on the report itself (↑, H …), kept for comparison. */
  readonly reportedFlag?: ReportedFlag;
  readonly notes: readonly string[];
}

interface Bounds {
  readonly low?: number;
  readonly high?: number;
  readonly lowExclusive?: boolean;
  readonly highExclusive?: boolean;
}

/** The values a printed result can stand for; all analytes here are non-negative. */
interface ValueInterval {
  readonly lo: number;
  readonly hi: number;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
}

type Position = 'below' | 'within' | 'above' | 'indeterminate';

function classify(v: ValueInterval, b: Bounds): Position {
  const { low, high } = b;
  if (
    low !== undefined &&
    (v.hi < low || (v.hi === low && (v.hiOpen || b.lowExclusive === true)))
  ) {
    return 'below';
  }
  if (
    high !== undefined &&
    (v.lo > high || (v.lo === high && (v.loOpen || b.highExclusive === true)))
  ) {
    return 'above';
  }
  const aboveLow =
    low === undefined || v.lo > low || (v.lo === low && (b.lowExclusive !== true || v.loOpen));
  const belowHigh =
    high === undefined || v.hi < high || (v.hi === high && (b.highExclusive !== true || v.hiOpen));
  return aboveLow && belowHigh ? 'within' : 'indeterminate';
}

function valueInterval(value: number, comparator: Comparator | undefined): ValueInterval {
  switch (comparator) {
    case undefined:
      return { lo: value, hi: value, loOpen: false, hiOpen: false };
    case '<':
      return { lo: 0, hi: value, loOpen: false, hiOpen: true };
    case '<=':
      return { lo: 0, hi: value, loOpen: false, hiOpen: false };
    case '>':
      return { lo: value, hi: Infinity, loOpen: true, hiOpen: true };
    case '>=':
      return { lo: value, hi: Infinity, loOpen: false, hiOpen: true };
  }
}

function toCanonical(v: ValueInterval, r: UnitResolution): ValueInterval {
  const convert = (x: number): number => (Number.isFinite(x) ? tidy(x * r.factor + r.offset) : x);
  return { ...v, lo: convert(v.lo), hi: convert(v.hi) };
}

function boundsToCanonical(b: Bounds, r: UnitResolution): Bounds {
  return {
    ...b,
    ...(b.low === undefined ? {} : { low: tidy(b.low * r.factor + r.offset) }),
    ...(b.high === undefined ? {} : { high: tidy(b.high * r.factor + r.offset) }),
  };
}

interface CatalogueRange {
  readonly bounds?: Bounds;
  readonly basis?: string;
  readonly notes: readonly string[];
}

function ageMatches(rule: ReferenceRangeRule, age: number | undefined): boolean {
  const min = rule.minAgeYears ?? 0;
  const max = rule.maxAgeYears ?? Infinity;
  // Age unknown: any adult band (the union of them is used, so no adult is flagged wrongly).
  return age === undefined ? max > ADULT_AGE : min <= age && age < max;
}

/** The catalogue interval for this patient, widened over whatever the patient data leaves open. */
function catalogueRange(test: QuantitativeLabTest, patient: PatientContext): CatalogueRange {
  const notes: string[] = [];
  if (test.ranges.length === 0) {
    return { notes: ['the catalogue has no reference interval for this test'] };
  }
  const age = patient.ageYears;
  if (age === undefined) notes.push('age unknown: adult intervals assumed');
  const pregnant = patient.pregnant === true && patient.sex !== 'male';
  const candidates = test.ranges.filter(
    (r) =>
      ageMatches(r, age) &&
      (r.sex === undefined || patient.sex === undefined || r.sex === patient.sex),
  );
  const pregnancyRules = candidates.filter((r) => r.pregnant === true);
  let rules = candidates.filter((r) => r.pregnant !== true);
  if (pregnant && pregnancyRules.length > 0) {
    rules = pregnancyRules;
  } else if (pregnant) {
    notes.push('no pregnancy-specific interval in the catalogue; the non-pregnant one was used');
  }
  if (rules.length === 0) {
    notes.push(
      age !== undefined && age < ADULT_AGE
        ? `no catalogue interval for age ${age}; only the report's interval can flag this result`
        : "no catalogue interval for this patient; only the report's interval can flag this result",
    );
    return { notes };
  }
  if (patient.sex === undefined && rules.some((r) => r.sex !== undefined)) {
    notes.push('sex unknown: the widest of the sex-specific intervals was used');
  }
  // Several rules apply only when some patient detail is unknown: take the widest interval.
  const lows = rules.map((r) => r.low);
  const highs = rules.map((r) => r.high);
  const lowRule = lows.includes(undefined)
    ? undefined
    : rules.reduce((a, b) => ((b.low ?? Infinity) < (a.low ?? Infinity) ? b : a));
  const highRule = highs.includes(undefined)
    ? undefined
    : rules.reduce((a, b) => ((b.high ?? -Infinity) > (a.high ?? -Infinity) ? b : a));
  const bounds: Bounds = {
    ...(lowRule?.low === undefined
      ? {}
      : { low: lowRule.low, ...(lowRule.lowExclusive === true ? { lowExclusive: true } : {}) }),
    ...(highRule?.high === undefined
      ? {}
      : {
          high: highRule.high,
          ...(highRule.highExclusive === true ? { highExclusive: true } : {}),
        }),
  };
  return { bounds, basis: [...new Set(rules.map((r) => r.source))].join('; '), notes };
}

interface ReportRange {
  readonly bounds?: Bounds;
  readonly notes: readonly string[];
}

/** The report's interval in canonical units, when it gives one that can be read. */
function reportRange(
  test: QuantitativeLabTest,
  input: LabResultInput,
  resultUnit: UnitResolution,
): ReportRange {
  const rr = input.referenceRange;
  if (rr === undefined) return { notes: [] };
  const finite = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);
  if (finite(rr.low) || finite(rr.high)) {
    const bounds: Bounds = {
      ...(finite(rr.low) ? { low: rr.low } : {}),
      ...(finite(rr.high) ? { high: rr.high } : {}),
    };
    if (bounds.low !== undefined && bounds.high !== undefined && bounds.low > bounds.high) {
      return { notes: ["the report's interval has low above high and was ignored"] };
    }
    return { bounds: boundsToCanonical(bounds, resultUnit), notes: [] };
  }
  if (rr.text === undefined || rr.text.trim() === '') return { notes: [] };
  const parsed = parseReferenceRangeText(rr.text);
  if (parsed === undefined || parsed.negative === true) {
    return { notes: [`the report's interval "${rr.text}" could not be read and was ignored`] };
  }
  // A unit printed with the interval converts it; text that is no unit of this test is ignored.
  const printedUnit = parsed.unit === undefined ? undefined : resolveUnit(test, parsed.unit);
  const { unit: _unit, negative: _negative, ...bounds } = parsed;
  return { bounds: boundsToCanonical(bounds, printedUnit ?? resultUnit), notes: [] };
}

function describeBounds(b: Bounds): string {
  const low = b.low === undefined ? '' : `${b.lowExclusive === true ? '>' : '≥'} ${b.low}`;
  const high = b.high === undefined ? '' : `${b.highExclusive === true ? '<' : '≤'} ${b.high}`;
  return [low, high].filter((s) => s !== '').join(' and ');
}

function interpretQualitative(
  test: QualitativeLabTest,
  input: LabResultInput,
  parsed: ReturnType<typeof parseLabValue>,
  notes: string[],
): LabInterpretation {
  const reportText = input.referenceRange?.text;
  const reportSaysNegative =
    reportText !== undefined && parseReferenceRangeText(reportText)?.negative === true;
  if (reportText !== undefined && !reportSaysNegative) {
    notes.push(
      `the report's interval "${reportText}" is not a dipstick expectation and was ignored`,
    );
  }
  const rangeUsed: RangeUsed = reportSaysNegative
    ? { text: 'negative', source: 'report' }
    : { text: 'negative', source: 'catalogue', basis: test.source };
  const reported =
    parsed.kind === 'unparseable' || parsed.reportedFlag === undefined
      ? {}
      : { reportedFlag: parsed.reportedFlag };
  if (parsed.kind === 'qualitative') {
    if (parsed.result === 'trace') notes.push('trace (±) is a borderline result');
    if (parsed.result === 'positive') notes.push('positive without a grade');
    return {
      status: 'ok',
      test,
      qualitative: parsed.result,
      flag: parsed.result === 'negative' ? 'N' : 'A',
      critical: false,
      rangeUsed,
      ...reported,
      notes,
    };
  }
  if (parsed.kind === 'number') {
    const absent = parsed.value === 0 || parsed.comparator === '<' || parsed.comparator === '<=';
    notes.push(
      absent
        ? 'a numeric dipstick value at or below zero/detection was read as negative'
        : 'a numeric dipstick value above zero was read as present (abnormal)',
    );
    return {
      status: 'ok',
      test,
      flag: absent ? 'N' : 'A',
      critical: false,
      rangeUsed,
      ...reported,
      notes,
    };
  }
  notes.push(`value "${String(input.value)}" could not be read as a dipstick result`);
  return { status: 'unparseable-value', test, critical: false, notes };
}

function interpretQuantitative(
  test: QuantitativeLabTest,
  input: LabResultInput,
  patient: PatientContext,
  parsed: ReturnType<typeof parseLabValue>,
  notes: string[],
): LabInterpretation {
  if (parsed.kind !== 'number') {
    notes.push(
      parsed.kind === 'qualitative'
        ? `"${String(input.value)}" is a dipstick-style result but this test is reported as a number`
        : `value "${String(input.value)}" could not be read as a number`,
    );
    return { status: 'unparseable-value', test, critical: false, notes };
  }
  let unit = input.unit;
  if (parsed.trailingText !== undefined) {
    if (unit === undefined) {
      unit = parsed.trailingText;
    } else if (normalizeUnit(unit) !== normalizeUnit(parsed.trailingText)) {
      notes.push(`value "${String(input.value)}" carries text that is not its unit "${unit}"`);
      return { status: 'unparseable-value', test, critical: false, notes };
    }
  }
  const resolution = resolveUnit(test, unit);
  if (resolution === undefined) {
    notes.push(
      unit === undefined || normalizeUnit(unit) === ''
        ? `no unit given; ${test.nameEn} needs one (canonical ${test.unit})`
        : `unit "${unit}" is not one the catalogue converts for ${test.nameEn} (canonical ${test.unit})`,
    );
    return { status: 'unknown-unit', test, unitCanonical: test.unit, critical: false, notes };
  }
  if (resolution.assumption !== undefined) notes.push(resolution.assumption);
  const value = toCanonical(valueInterval(parsed.value, parsed.comparator), resolution);
  const valueCanonical =
    parsed.comparator === '>' || parsed.comparator === '>=' ? value.lo : value.hi;

  const age = patient.ageYears;
  const validPatient: PatientContext =
    age !== undefined && !(Number.isFinite(age) && age >= 0)
      ? { ...patient, ageYears: undefined }
      : patient;
  if (validPatient !== patient) notes.push(`age ${String(age)} is not a valid age and was ignored`);

  const fromReport = reportRange(test, input, resolution);
  notes.push(...fromReport.notes);
  let bounds: Bounds | undefined;
  let rangeUsed: RangeUsed | undefined;
  if (fromReport.bounds !== undefined) {
    bounds = fromReport.bounds;
    rangeUsed = { ...bounds, source: 'report' };
  } else {
    const fromCatalogue = catalogueRange(test, validPatient);
    notes.push(...fromCatalogue.notes);
    bounds = fromCatalogue.bounds;
    if (bounds !== undefined) {
      rangeUsed = {
        ...bounds,
        source: 'catalogue',
        ...(fromCatalogue.basis === undefined ? {} : { basis: fromCatalogue.basis }),
      };
      if (test.methodDependent === true) {
        notes.push(
          "this interval depends on the method; the reporting lab's own interval is preferable",
        );
      }
    }
  }

  let critical: 'LL' | 'HH' | undefined;
  const limits = test.critical;
  if (limits !== undefined) {
    const neonate = validPatient.ageYears !== undefined && validPatient.ageYears < NEONATE_AGE;
    if (neonate) {
      notes.push('critical limits for newborns are not in the catalogue; none were applied');
    } else {
      const position = classify(value, {
        ...(limits.low === undefined ? {} : { low: limits.low }),
        ...(limits.high === undefined ? {} : { high: limits.high }),
      });
      if (position === 'below') critical = 'LL';
      else if (position === 'above') critical = 'HH';
      else if (position === 'indeterminate') {
        notes.push(
          'the censored value may lie beyond a critical limit; it is not flagged critical',
        );
      }
    }
  }

  let flag: LabFlag | undefined = critical;
  if (bounds !== undefined) {
    const position = classify(value, bounds);
    if (flag === undefined) {
      if (position === 'below') flag = 'L';
      else if (position === 'above') flag = 'H';
      else if (position === 'within') flag = 'N';
      else notes.push(`the censored value cannot be placed against ${describeBounds(bounds)}`);
    } else if (position === 'within') {
      notes.push('the critical limit lies inside the reference interval used; check the interval');
    }
  }

  if (parsed.reportedFlag !== undefined && flag !== undefined) {
    const direction = flag.startsWith('H') ? 'H' : flag.startsWith('L') ? 'L' : undefined;
    if (direction !== parsed.reportedFlag) {
      notes.push(
        `the report marked this value ${parsed.reportedFlag === 'H' ? 'high' : 'low'}; the interval used gives ${flag}`,
      );
    }
  }

  return {
    status: 'ok',
    test,
    valueCanonical,
    ...(parsed.comparator === undefined ? {} : { comparator: parsed.comparator }),
    unitCanonical: test.unit,
    ...(flag === undefined ? {} : { flag }),
    critical: critical !== undefined,
    ...(rangeUsed === undefined ? {} : { rangeUsed }),
    ...(parsed.reportedFlag === undefined ? {} : { reportedFlag: parsed.reportedFlag }),
    notes,
  };
}

/**
 * Flags one result deterministically. The test is found by LOINC code or name (never guessed);
 * the value is converted to the canonical unit; the report's own interval takes precedence over
 * the catalogue's; critical limits (catalogue) take precedence over H/L.
 */
export function interpret(input: LabResultInput, patient: PatientContext = {}): LabInterpretation {
  const notes: string[] = [];
  const parsed = parseLabValue(input.value);
  const lookup = lookupLabTest({
    ...(input.code === undefined ? {} : { code: input.code }),
    ...(input.name === undefined ? {} : { name: input.name }),
    ...(input.specimen === undefined ? {} : { specimen: input.specimen }),
    ...(parsed.kind === 'unparseable' ? {} : { valueKind: parsed.kind }),
  });
  notes.push(...lookup.notes);
  if (lookup.status !== 'found') {
    if (input.code === undefined && input.name === undefined)
      notes.push('neither a code nor a name was given');
    return { status: 'unknown-test', critical: false, notes };
  }
  return lookup.test.kind === 'qualitative'
    ? interpretQualitative(lookup.test, input, parsed, notes)
    : interpretQuantitative(lookup.test, input, patient, parsed, notes);
}

/** One entry of a report's highlights. */
export interface LabHighlight {
  /** Position of the result in the report. */
  readonly index: number;
  readonly key: string;
  readonly loinc: string;
  readonly nameEn: string;
  readonly nameZh: string;
  readonly flag: LabFlag;
  readonly critical: boolean;
}

export interface LabReportSummary {
  readonly total: number;
  readonly byStatus: Readonly<Record<InterpretationStatus, number>>;
  readonly byFlag: Readonly<Record<LabFlag, number>>;
  readonly critical: number;
  /** Results flagged anything but N (criticals included). */
  readonly abnormal: number;
  /** Results read fine but without a flag (no interval applies, or a censored value straddles it). */
  readonly unflagged: number;
  /** True when any result is critical: the explanation must escalate. */
  readonly escalate: boolean;
  /** Abnormal results, criticals first, each group in report order. */
  readonly highlights: readonly LabHighlight[];
}

export interface LabReportInterpretation {
  readonly catalogueVersion: string;
  /** One per input result, in input order. */
  readonly items: readonly LabInterpretation[];
  readonly summary: LabReportSummary;
}

/** Flags every result of a report and summarises them, criticals first. */
export function interpretReport(
  results: readonly LabResultInput[],
  patient: PatientContext = {},
): LabReportInterpretation {
  const items = results.map((r) => interpret(r, patient));
  const byStatus: Record<InterpretationStatus, number> = {
    ok: 0,
    'unknown-test': 0,
    'unknown-unit': 0,
    'unparseable-value': 0,
  };
  const byFlag: Record<LabFlag, number> = { N: 0, L: 0, H: 0, LL: 0, HH: 0, A: 0 };
  const criticals: LabHighlight[] = [];
  const others: LabHighlight[] = [];
  let unflagged = 0;
  items.forEach((item, index) => {
    byStatus[item.status] += 1;
    if (item.status === 'ok' && item.flag === undefined) unflagged += 1;
    if (item.flag === undefined || item.test === undefined) return;
    byFlag[item.flag] += 1;
    if (item.flag === 'N') return;
    const highlight: LabHighlight = {
      index,
      key: item.test.key,
      loinc: item.test.loinc,
      nameEn: item.test.nameEn,
      nameZh: item.test.nameZh,
      flag: item.flag,
      critical: item.critical,
    };
    (item.critical ? criticals : others).push(highlight);
  });
  return {
    catalogueVersion: LAB_CATALOGUE_VERSION,
    items,
    summary: {
      total: items.length,
      byStatus,
      byFlag,
      critical: criticals.length,
      abnormal: criticals.length + others.length,
      unflagged,
      escalate: criticals.length > 0,
      highlights: [...criticals, ...others],
    },
  };
}
