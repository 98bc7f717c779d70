import { CARDIAC } from './catalogue/cardiac.catalogue';
import { COAGULATION } from './catalogue/coagulation.catalogue';
import { COMPLETE_BLOOD_COUNT } from './catalogue/complete-blood-count.catalogue';
import { DIABETES } from './catalogue/diabetes.catalogue';
import { INFLAMMATION } from './catalogue/inflammation.catalogue';
import { IRON } from './catalogue/iron.catalogue';
import { KIDNEY } from './catalogue/kidney.catalogue';
import { LIPIDS } from './catalogue/lipids.catalogue';
import { LIVER } from './catalogue/liver.catalogue';
import { METABOLIC } from './catalogue/metabolic.catalogue';
import { PANCREAS } from './catalogue/pancreas.catalogue';
import { THYROID } from './catalogue/thyroid.catalogue';
import { URINALYSIS } from './catalogue/urinalysis.catalogue';
import { VITAMINS } from './catalogue/vitamins.catalogue';
import type { LabPanel, LabTest } from './lab-test.types';

/**
 * Version of the catalogue's content (tests, codes, units, intervals, critical limits). Bump it
 * whenever any of them changes, so a stored interpretation can say which catalogue judged it.
 */
export const LAB_CATALOGUE_VERSION = '2026.11.1';

const CATALOGUE: readonly LabTest[] = [
  ...COMPLETE_BLOOD_COUNT,
  ...METABOLIC,
  ...KIDNEY,
  ...LIVER,
  ...LIPIDS,
  ...THYROID,
  ...DIABETES,
  ...URINALYSIS,
  ...COAGULATION,
  ...INFLAMMATION,
  ...CARDIAC,
  ...IRON,
  ...VITAMINS,
  ...PANCREAS,
];

/** Every test in the catalogue. */
export function labCatalogue(): readonly LabTest[] {
  return CATALOGUE;
}

/** The tests of one panel. */
export function labTestsInPanel(panel: LabPanel): readonly LabTest[] {
  return CATALOGUE.filter((t) => t.panel === panel);
}

/**
 * The comparison key of a test name: width-insensitive (NFKC), case-insensitive, and blind to
 * spaces and punctuation except `#`, `%` and `/` (NEUT# and NEUT% differ; A/G is not AG).
 */
export function normalizeLabName(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}#%/]/gu, '');
}

function normalizeCode(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .replace(/^(?:loinc|ln)\s*[:#]?\s*/iu, '');
}

const BY_CODE: ReadonlyMap<string, LabTest> = new Map(
  CATALOGUE.flatMap((t) => [t.loinc, ...(t.altLoinc ?? [])].map((code) => [code, t] as const)),
);

const BY_NAME: ReadonlyMap<string, readonly LabTest[]> = (() => {
  const index = new Map<string, LabTest[]>();
  for (const test of CATALOGUE) {
    const names = new Set(
      [test.key, test.nameEn, test.nameZh, ...test.aliases].map(normalizeLabName),
    );
    for (const name of names) {
      if (name === '') continue;
      const entries = index.get(name) ?? [];
      entries.push(test);
      index.set(name, entries);
    }
  }
  return index;
})();

/** The test filed under this LOINC code (primary or alternative), if the catalogue has it. */
export function findLabTestByCode(code: string): LabTest | undefined {
  return BY_CODE.get(normalizeCode(code));
}

/**
 * The tests a printed name can mean: exact alias matches first; otherwise the name is split at
 * brackets, spaces and slashes ("谷丙转氨酶(ALT)", "白细胞 LEU") and the parts that are names must
 * agree. Empty when nothing matches; several when the name is shared (葡萄糖 in blood and urine).
 */
export function findLabTestsByName(name: string): readonly LabTest[] {
  const whole = BY_NAME.get(normalizeLabName(name));
  if (whole !== undefined) return whole;
  const parts = name
    .normalize('NFKC')
    .split(/[\s()[\]{}（）【】/\\,，、:：;；|]+/u)
    .map((p) => BY_NAME.get(normalizeLabName(p)))
    .filter((hits): hits is readonly LabTest[] => hits !== undefined);
  const [first, ...rest] = parts;
  if (first === undefined) return [];
  const common = first.filter((t) => rest.every((hits) => hits.includes(t)));
  // Parts that name different tests ("ALT/AST") leave no common test: report all as candidates.
  return common.length > 0 ? common : [...new Set(parts.flat())];
}

/** Hints that tell apart tests sharing a name. */
export interface LabTestQuery {
  readonly code?: string;
  readonly name?: string;
  readonly specimen?: 'blood' | 'urine';
  /** The result's form: dipstick grades fit qualitative tests, numbers quantitative ones. */
  readonly valueKind?: 'number' | 'qualitative';
}

export type LabTestLookup =
  | {
      readonly status: 'found';
      readonly test: LabTest;
      readonly matchedBy: 'code' | 'name';
      readonly notes: readonly string[];
    }
  | {
      readonly status: 'ambiguous';
      readonly candidates: readonly LabTest[];
      readonly notes: readonly string[];
    }
  | { readonly status: 'unknown'; readonly notes: readonly string[] };

function specimenOf(test: LabTest): 'blood' | 'urine' {
  return test.specimen === 'urine' ? 'urine' : 'blood';
}

function narrow(candidates: readonly LabTest[], query: LabTestQuery): readonly LabTest[] {
  let left = candidates;
  const { specimen, valueKind } = query;
  if (left.length > 1 && specimen !== undefined) {
    const bySpecimen = left.filter((t) => specimenOf(t) === specimen);
    if (bySpecimen.length > 0) left = bySpecimen;
  }
  if (left.length > 1 && valueKind !== undefined) {
    const wanted = valueKind === 'number' ? 'quantitative' : 'qualitative';
    const byKind = left.filter((t) => t.kind === wanted);
    if (byKind.length > 0) left = byKind;
  }
  return left;
}

const describe = (t: LabTest): string => `${t.nameEn} (${t.nameZh}, LOINC ${t.loinc})`;

/**
 * Finds the catalogue test for a result by LOINC code, else by name. A known code wins over the
 * name; an unknown code falls back to the name. Never guesses: a name that matches nothing is
 * `unknown`, and one that still means several tests after the hints is `ambiguous`.
 */
export function lookupLabTest(query: LabTestQuery): LabTestLookup {
  const notes: string[] = [];
  const code = query.code?.trim();
  const name = query.name?.trim();
  const byName = name === undefined || name === '' ? [] : narrow(findLabTestsByName(name), query);

  if (code !== undefined && code !== '') {
    const byCode = findLabTestByCode(code);
    if (byCode !== undefined) {
      if (byName.length > 0 && !byName.includes(byCode)) {
        notes.push(
          `name "${name ?? ''}" does not match the test of code ${code}; the code was used`,
        );
      }
      return { status: 'found', test: byCode, matchedBy: 'code', notes };
    }
    notes.push(`LOINC code ${code} is not in the catalogue`);
  }
  const [only, ...others] = byName;
  if (only === undefined) {
    if (name !== undefined && name !== '')
      notes.push(`test name "${name}" is not in the catalogue`);
    return { status: 'unknown', notes };
  }
  if (others.length > 0) {
    notes.push(`test name "${name ?? ''}" could mean ${byName.map(describe).join(' or ')}`);
    return { status: 'ambiguous', candidates: byName, notes };
  }
  return { status: 'found', test: only, matchedBy: 'name', notes };
}
