/** Sex as recorded for reference-range selection. */
export type Sex = 'female' | 'male';

/** The panel a test is usually ordered in; a test belongs to exactly one. */
export type LabPanel =
  | 'complete-blood-count'
  | 'metabolic'
  | 'kidney'
  | 'liver'
  | 'lipids'
  | 'thyroid'
  | 'diabetes'
  | 'urinalysis'
  | 'coagulation'
  | 'inflammation'
  | 'cardiac'
  | 'iron'
  | 'vitamins'
  | 'pancreas';

/** What the sample is. */
export type Specimen = 'whole-blood' | 'serum-or-plasma' | 'platelet-poor-plasma' | 'urine';

/** A coarse specimen hint a caller may pass to tell apart tests that share a name (血糖 vs 尿糖). */
export type SpecimenHint = 'blood' | 'urine';

/**
 * One reference interval. Bounds are inclusive unless marked exclusive: with `low: 3.5, high: 5.3`
 * the values 3.5 and 5.3 are normal; with `high: 5.2, highExclusive: true` the value 5.2 is high.
 */
export interface ReferenceRangeRule {
  readonly sex?: Sex;
  /** Inclusive lower age bound in years. */
  readonly minAgeYears?: number;
  /** Exclusive upper age bound in years. */
  readonly maxAgeYears?: number;
  /** Set only on intervals that apply in pregnancy (and then only there). */
  readonly pregnant?: true;
  readonly low?: number;
  readonly high?: number;
  readonly lowExclusive?: boolean;
  readonly highExclusive?: boolean;
  /** Where the interval comes from, briefly. */
  readonly source: string;
}

/** Critical (panic) limits: a value strictly below `low` is LL, strictly above `high` is HH. */
export interface CriticalLimits {
  readonly low?: number;
  readonly high?: number;
  readonly source: string;
}

/**
 * An accepted unit other than the canonical one: `canonical = value × factor + (offset ?? 0)`.
 * `assumption` is reported with every result given in this unit (e.g. a D-dimer unit that does not
 * say FEU).
 */
export interface UnitConversion {
  readonly unit: string;
  readonly factor: number;
  readonly offset?: number;
  readonly assumption?: string;
}

interface LabTestBase {
  /** Stable slug, e.g. `hemoglobin`. */
  readonly key: string;
  /** The LOINC code this entry is filed under. */
  readonly loinc: string;
  /** Other LOINC codes that name the same measurement (another property or method). */
  readonly altLoinc?: readonly string[];
  readonly nameEn: string;
  readonly nameZh: string;
  /** Abbreviations and other names, zh and en; matched case-, width- and punctuation-insensitively. */
  readonly aliases: readonly string[];
  readonly panel: LabPanel;
  readonly specimen: Specimen;
  /**
   * The interval depends on the method or assay, so a catalogue interval is only a rough fallback;
   * every result judged against it says so.
   */
  readonly methodDependent?: boolean;
  /** Short facts for whoever explains the result (not echoed in results). */
  readonly notes?: readonly string[];
}

/** A test reported as a number with a unit. */
export interface QuantitativeLabTest extends LabTestBase {
  readonly kind: 'quantitative';
  /** Canonical unit (UCUM); values and ranges in the catalogue are in this unit. */
  readonly unit: string;
  readonly conversions: readonly UnitConversion[];
  /** True when the test has no unit (ratio, pH, specific gravity): a missing unit is fine. */
  readonly unitless?: boolean;
  readonly ranges: readonly ReferenceRangeRule[];
  readonly critical?: CriticalLimits;
}

/** A test reported as negative / trace / 1+ … (urine dipstick). */
export interface QualitativeLabTest extends LabTestBase {
  readonly kind: 'qualitative';
  /** What a healthy person's result is. */
  readonly expected: 'negative';
  readonly source: string;
}

export type LabTest = QuantitativeLabTest | QualitativeLabTest;
