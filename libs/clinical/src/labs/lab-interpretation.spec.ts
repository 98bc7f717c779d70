import { LAB_CATALOGUE_VERSION } from './lab-catalogue';
import { interpret, interpretReport } from './lab-interpretation';
import type { LabResultInput, PatientContext } from './lab-interpretation';

const MAN: PatientContext = { sex: 'male', ageYears: 45 };
const WOMAN: PatientContext = { sex: 'female', ageYears: 45 };

const flagOf = (input: LabResultInput, patient: PatientContext = MAN): string | undefined =>
  interpret(input, patient).flag;

const notesOf = (input: LabResultInput, patient: PatientContext = MAN): string =>
  interpret(input, patient).notes.join(' | ');

describe(interpret.name, () => {
  describe('boundaries: reference bounds inclusive, critical limits strictly beyond', () => {
    it.each([
      [3.5, 'N', false],
      [3.49, 'L', false],
      [5.3, 'N', false],
      [5.31, 'H', false],
      [2.8, 'L', false],
      [2.79, 'LL', true],
      [6.2, 'H', false],
      [6.21, 'HH', true],
    ] as const)('potassium %d mmol/L is %s', (value, flag, critical) => {
      const r = interpret({ name: '钾', value, unit: 'mmol/L' }, MAN);
      expect(r.status).toBe('ok');
      expect(r.flag).toBe(flag);
      expect(r.critical).toBe(critical);
    });

    it('treats an exclusive upper limit (guideline "< 5.2") as high at the limit', () => {
      expect(flagOf({ name: 'TC', value: 5.19, unit: 'mmol/L' })).toBe('N');
      expect(flagOf({ name: 'TC', value: 5.2, unit: 'mmol/L' })).toBe('H');
      expect(flagOf({ name: 'D-二聚体', value: 0.49, unit: 'mg/L FEU' })).toBe('N');
      expect(flagOf({ name: 'D-二聚体', value: 0.5, unit: 'mg/L FEU' })).toBe('H');
    });

    it('treats a printed "<5" interval as exclusive and "≤5" as inclusive', () => {
      expect(flagOf({ name: 'CRP', value: 5, unit: 'mg/L', referenceRange: { text: '<5' } })).toBe(
        'H',
      );
      expect(flagOf({ name: 'CRP', value: 5, unit: 'mg/L', referenceRange: { text: '≤5' } })).toBe(
        'N',
      );
    });

    it('lets a critical limit take precedence over H/L', () => {
      const low = interpret({ name: '葡萄糖', value: 1.9, unit: 'mmol/L' }, MAN);
      expect([low.flag, low.critical]).toEqual(['LL', true]);
      const high = interpret({ name: 'WBC', value: 45, unit: '10^9/L' }, MAN);
      expect([high.flag, high.critical]).toEqual(['HH', true]);
    });

    it('converts before comparing: the same glucose in mg/dL gets the same flag', () => {
      const mmol = interpret({ name: 'GLU', value: 7.0, unit: 'mmol/L' }, MAN);
      const mg = interpret({ name: 'GLU', value: 126, unit: 'mg/dL' }, MAN);
      expect(mg.flag).toBe(mmol.flag);
      expect(mg.valueCanonical).toBeCloseTo(6.994, 3);
      expect(mg.unitCanonical).toBe('mmol/L');
    });
  });

  describe('sex, age and pregnancy', () => {
    it('uses sex-specific intervals', () => {
      expect(flagOf({ name: '血红蛋白', value: 120, unit: 'g/L' }, WOMAN)).toBe('N');
      expect(flagOf({ name: '血红蛋白', value: 120, unit: 'g/L' }, MAN)).toBe('L');
    });

    it('widens to the union of the sexes when sex is unknown, and says so', () => {
      const r = interpret({ name: '血红蛋白', value: 120, unit: 'g/L' }, { ageYears: 40 });
      expect(r.flag).toBe('N');
      expect(r.rangeUsed).toMatchObject({ low: 115, high: 175, source: 'catalogue' });
      expect(r.notes.join(' ')).toContain('sex unknown');
    });

    it('uses pediatric hemoglobin bands', () => {
      expect(flagOf({ name: 'Hb', value: 110, unit: 'g/L' }, { sex: 'female', ageYears: 4 })).toBe(
        'L',
      );
      expect(flagOf({ name: 'Hb', value: 120, unit: 'g/L' }, { sex: 'female', ageYears: 10 })).toBe(
        'N',
      );
      expect(flagOf({ name: 'Hb', value: 125, unit: 'g/L' }, { sex: 'male', ageYears: 15 })).toBe(
        'L',
      );
      expect(flagOf({ name: 'Hb', value: 125, unit: 'g/L' }, { sex: 'female', ageYears: 15 })).toBe(
        'N',
      );
    });

    it('applies no catalogue interval or critical limit to a newborn', () => {
      const r = interpret(
        { name: 'Hb', value: 50, unit: 'g/L' },
        { sex: 'male', ageYears: 10 / 365 },
      );
      expect(r.status).toBe('ok');
      expect(r.flag).toBeUndefined();
      expect(r.critical).toBe(false);
      expect(r.notes.join(' ')).toContain('newborn');
    });

    it('uses age bands for creatinine, ALP, NT-proBNP and ESR', () => {
      const creatinine = { name: '肌酐', value: 105, unit: 'umol/L' };
      expect(flagOf(creatinine, { sex: 'male', ageYears: 45 })).toBe('H');
      expect(flagOf(creatinine, { sex: 'male', ageYears: 70 })).toBe('N');
      const alp = { name: 'ALP', value: 120, unit: 'U/L' };
      expect(flagOf(alp, { sex: 'female', ageYears: 40 })).toBe('H');
      expect(flagOf(alp, { sex: 'female', ageYears: 60 })).toBe('N');
      const ntprobnp = { name: 'NT-proBNP', value: 300, unit: 'pg/mL' };
      expect(flagOf(ntprobnp, { sex: 'male', ageYears: 60 })).toBe('H');
      expect(flagOf(ntprobnp, { sex: 'male', ageYears: 80 })).toBe('N');
      const esr = { name: '血沉', value: 25, unit: 'mm/h' };
      expect(flagOf(esr, { sex: 'female', ageYears: 30 })).toBe('H');
      expect(flagOf(esr, { sex: 'female', ageYears: 55 })).toBe('N');
    });

    it('does not judge a child by an adult interval', () => {
      const r = interpret({ name: 'ALP', value: 300, unit: 'U/L' }, { sex: 'male', ageYears: 12 });
      expect(r.status).toBe('ok');
      expect(r.flag).toBeUndefined();
      expect(r.notes.join(' ')).toContain('no catalogue interval for age 12');
      // The report's own interval still flags it.
      expect(
        flagOf(
          { name: 'ALP', value: 300, unit: 'U/L', referenceRange: { low: 100, high: 400 } },
          {
            sex: 'male',
            ageYears: 12,
          },
        ),
      ).toBe('N');
    });

    it('assumes an adult when age is unknown, over all adult bands', () => {
      const r = interpret({ name: '肌酐', value: 105, unit: 'umol/L' }, { sex: 'male' });
      expect(r.flag).toBe('N');
      expect(r.rangeUsed).toMatchObject({ low: 57, high: 111 });
      expect(r.notes.join(' ')).toContain('age unknown');
    });

    it('uses pregnancy intervals where the catalogue has them and says when it has none', () => {
      const pregnant: PatientContext = { sex: 'female', ageYears: 30, pregnant: true };
      expect(flagOf({ name: 'Hb', value: 112, unit: 'g/L' }, pregnant)).toBe('N');
      expect(flagOf({ name: 'Hb', value: 112, unit: 'g/L' }, { sex: 'female', ageYears: 30 })).toBe(
        'L',
      );
      expect(flagOf({ name: 'TSH', value: 4.1, unit: 'mIU/L' }, pregnant)).toBe('H');
      expect(
        flagOf({ name: 'TSH', value: 4.1, unit: 'mIU/L' }, { sex: 'female', ageYears: 30 }),
      ).toBe('N');
      expect(notesOf({ name: 'ALT', value: 30, unit: 'U/L' }, pregnant)).toContain(
        'no pregnancy-specific interval',
      );
    });

    it('ignores a pregnancy flag on a male patient and an invalid age', () => {
      expect(
        flagOf(
          { name: 'Hb', value: 125, unit: 'g/L' },
          { sex: 'male', ageYears: 30, pregnant: true },
        ),
      ).toBe('L');
      const r = interpret({ name: 'Hb', value: 125, unit: 'g/L' }, { sex: 'male', ageYears: -3 });
      expect(r.notes.join(' ')).toContain('not a valid age');
      expect(r.flag).toBe('L');
    });
  });

  describe("the report's own interval", () => {
    it('takes precedence over the catalogue', () => {
      const r = interpret(
        { name: '钾', value: 5.4, unit: 'mmol/L', referenceRange: { low: 3.5, high: 5.5 } },
        MAN,
      );
      expect(r.flag).toBe('N');
      expect(r.rangeUsed).toEqual({ low: 3.5, high: 5.5, source: 'report' });
      expect(flagOf({ name: '钾', value: 5.4, unit: 'mmol/L' })).toBe('H');
    });

    it('is read from text and converted to the canonical unit with the result', () => {
      const r = interpret(
        { name: 'Glucose', value: 110, unit: 'mg/dL', referenceRange: { text: '70-99' } },
        MAN,
      );
      expect(r.flag).toBe('H');
      expect(r.rangeUsed?.source).toBe('report');
      expect(r.rangeUsed?.low).toBeCloseTo(3.885, 3);
      expect(r.rangeUsed?.high).toBeCloseTo(5.495, 3);
    });

    it('uses a unit printed with the interval', () => {
      const r = interpret(
        { name: 'Glucose', value: 108, unit: 'mg/dL', referenceRange: { text: '3.9-6.1 mmol/L' } },
        MAN,
      );
      expect(r.rangeUsed).toMatchObject({ low: 3.9, high: 6.1, source: 'report' });
      expect(r.flag).toBe('N');
    });

    it('prefers numeric bounds over text', () => {
      const r = interpret(
        { name: 'ALT', value: 45, unit: 'U/L', referenceRange: { low: 0, high: 40, text: '9-50' } },
        MAN,
      );
      expect(r.flag).toBe('H');
    });

    it('falls back to the catalogue when the interval cannot be read', () => {
      const unreadable = interpret(
        { name: 'ALT', value: 45, unit: 'U/L', referenceRange: { text: '见说明' } },
        MAN,
      );
      expect(unreadable.rangeUsed?.source).toBe('catalogue');
      expect(unreadable.flag).toBe('N');
      expect(unreadable.notes.join(' ')).toContain('could not be read');
      const inverted = interpret(
        { name: 'ALT', value: 45, unit: 'U/L', referenceRange: { low: 50, high: 9 } },
        MAN,
      );
      expect(inverted.rangeUsed?.source).toBe('catalogue');
    });

    it('cannot talk a critical value out of being critical', () => {
      const r = interpret(
        { name: '钾', value: 6.8, unit: 'mmol/L', referenceRange: { low: 3.5, high: 7.0 } },
        MAN,
      );
      expect([r.flag, r.critical]).toEqual(['HH', true]);
      expect(r.notes.join(' ')).toContain('critical limit lies inside');
    });

    it('saves the method-dependence warning that catalogue intervals of immunoassays carry', () => {
      expect(notesOf({ name: 'TSH', value: 2, unit: 'mIU/L' })).toContain('depends on the method');
      expect(
        notesOf({
          name: 'TSH',
          value: 2,
          unit: 'mIU/L',
          referenceRange: { low: 0.35, high: 4.94 },
        }),
      ).not.toContain('depends on the method');
    });
  });

  describe('censored values', () => {
    it.each([
      [{ name: 'TSH', value: '<0.01', unit: 'mIU/L' }, 'L'],
      [{ name: 'hs-cTnT', value: '<3', unit: 'ng/L' }, 'N'],
      [{ name: 'CRP', value: '<5', unit: 'mg/L', referenceRange: { text: '0-10' } }, 'N'],
      [{ name: 'D-dimer', value: '<0.5', unit: 'mg/L FEU' }, 'N'],
      [{ name: '血糖', value: '>33.3', unit: 'mmol/L' }, 'HH'],
      [{ name: 'PCT', value: '>100', unit: 'ng/mL' }, 'H'],
    ] as const)('flags %j as %s', (input, flag) => {
      expect(interpret(input, MAN).flag).toBe(flag);
    });

    it('gives no flag when the censored value straddles a bound', () => {
      const r = interpret({ name: 'ALT', value: '<20', unit: 'U/L' }, MAN);
      expect(r.status).toBe('ok');
      expect(r.flag).toBeUndefined();
      expect(r.comparator).toBe('<');
      expect(r.notes.join(' ')).toContain('cannot be placed');
    });

    it('says when a censored value may be critical', () => {
      const r = interpret({ name: 'K', value: '<3.0', unit: 'mmol/L' }, MAN);
      expect([r.flag, r.critical]).toEqual(['L', false]);
      expect(r.notes.join(' ')).toContain('may lie beyond a critical limit');
    });
  });

  describe('printed flags', () => {
    it('keeps the printed flag and notes when the computed flag disagrees', () => {
      const r = interpret({ name: 'K', value: '5.0 ↑', unit: 'mmol/L' }, MAN);
      expect(r.flag).toBe('N');
      expect(r.reportedFlag).toBe('H');
      expect(r.notes.join(' ')).toContain('report marked this value high');
    });

    it('is silent when they agree', () => {
      const r = interpret({ name: 'K', value: '5.6 H', unit: 'mmol/L' }, MAN);
      expect(r.flag).toBe('H');
      expect(r.notes).toEqual([]);
    });
  });

  describe('qualitative urinalysis', () => {
    it.each([
      ['阴性', 'N', 'negative'],
      ['-', 'N', 'negative'],
      ['±', 'A', 'trace'],
      ['+', 'A', '1+'],
      ['++', 'A', '2+'],
      ['+++', 'A', '3+'],
      ['阳性', 'A', 'positive'],
      ['Negative', 'N', 'negative'],
    ] as const)('urine protein %s is %s', (value, flag, grade) => {
      const r = interpret({ name: '尿蛋白', value }, MAN);
      expect(r.status).toBe('ok');
      expect(r.flag).toBe(flag);
      expect(r.qualitative).toBe(grade);
      expect(r.critical).toBe(false);
      expect(r.valueCanonical).toBeUndefined();
    });

    it('tells urine glucose from blood glucose by the form of the value', () => {
      const urine = interpret({ name: '葡萄糖', value: '+++' }, MAN);
      expect([urine.test?.key, urine.flag]).toEqual(['urine-glucose', 'A']);
      const blood = interpret({ name: '葡萄糖', value: 5.2, unit: 'mmol/L' }, MAN);
      expect([blood.test?.key, blood.flag]).toEqual(['glucose', 'N']);
      const hinted = interpret({ name: 'GLU', value: 0, specimen: 'urine' }, MAN);
      expect([hinted.test?.key, hinted.flag]).toEqual(['urine-glucose', 'N']);
    });

    it("notes the report's expectation when it prints one", () => {
      const r = interpret(
        { name: '亚硝酸盐', value: '阳性', referenceRange: { text: '阴性' } },
        MAN,
      );
      expect(r.rangeUsed).toEqual({ text: 'negative', source: 'report' });
      expect(r.flag).toBe('A');
    });

    it('reads a numeric dipstick value as present or absent', () => {
      expect(flagOf({ name: '尿糖', value: 0 })).toBe('N');
      expect(flagOf({ name: '尿糖', value: 14, unit: 'mmol/L' })).toBe('A');
    });

    it('judges specific gravity and pH as numbers without a unit', () => {
      expect(flagOf({ name: '尿比重', value: '1.025' })).toBe('N');
      // "≥1.030" may or may not be above 1.030: no flag rather than a guess.
      expect(flagOf({ name: '尿比重', value: '>=1.030' })).toBeUndefined();
      expect(flagOf({ name: '尿比重', value: '<1.005' })).toBeUndefined();
      expect(flagOf({ name: '尿比重', value: '<1.003' })).toBe('L');
      expect(flagOf({ name: 'pH', value: 9.0 })).toBe('H');
    });
  });

  describe('what it refuses to guess', () => {
    it('reports an unknown test as unknown-test', () => {
      const r = interpret({ name: '血氨', value: 30, unit: 'umol/L' }, MAN);
      expect(r).toMatchObject({ status: 'unknown-test', critical: false });
      expect(r.test).toBeUndefined();
      expect(r.flag).toBeUndefined();
      expect(interpret({ value: 5 }, MAN).notes.join(' ')).toContain('neither a code nor a name');
    });

    it('reports an ambiguous name as unknown-test with the candidates in the notes', () => {
      const r = interpret({ name: 'ALT/AST', value: 30, unit: 'U/L' }, MAN);
      expect(r.status).toBe('unknown-test');
      expect(r.notes.join(' ')).toContain('Alanine aminotransferase');
    });

    it('reports a unit it cannot convert as unknown-unit', () => {
      const glucose = interpret({ name: '血糖', value: 1.0, unit: 'g/L' }, MAN);
      expect(glucose).toMatchObject({ status: 'unknown-unit', critical: false });
      expect(glucose.test?.key).toBe('glucose');
      expect(glucose.flag).toBeUndefined();
      expect(interpret({ name: 'CK-MB', value: 30, unit: 'U/L' }, MAN).status).toBe('unknown-unit');
      expect(interpret({ name: 'K', value: 4.1 }, MAN).status).toBe('unknown-unit');
      expect(interpret({ name: 'INR', value: 1.1 }, MAN).status).toBe('ok');
    });

    it('reports a value it cannot read as unparseable-value', () => {
      expect(interpret({ name: 'K', value: '溶血', unit: 'mmol/L' }, MAN).status).toBe(
        'unparseable-value',
      );
      expect(interpret({ name: 'CRP', value: '阴性', unit: 'mg/L' }, MAN).status).toBe(
        'unparseable-value',
      );
      expect(interpret({ name: 'CRP', value: '5 mmol/L', unit: 'mg/L' }, MAN).status).toBe(
        'unparseable-value',
      );
    });

    it('takes a unit written into the value', () => {
      const r = interpret({ name: 'Glucose', value: '126 mg/dL' }, MAN);
      expect(r.status).toBe('ok');
      expect(r.valueCanonical).toBeCloseTo(6.994, 3);
    });

    it('states the assumption behind a unit that does not say FEU', () => {
      const r = interpret({ name: 'D-dimer', value: 0.3, unit: 'mg/L' }, MAN);
      expect(r.flag).toBe('N');
      expect(r.notes.join(' ')).toContain('FEU assumed');
    });
  });
});

describe(interpretReport.name, () => {
  const report: readonly LabResultInput[] = [
    { name: '血红蛋白', value: 128, unit: 'g/L' },
    { name: '钾', value: 6.9, unit: 'mmol/L' },
    { name: 'ALT', value: 88, unit: 'U/L' },
    { name: '血氨', value: 30, unit: 'umol/L' },
    { name: '血糖', value: 2.1, unit: 'mmol/L' },
    { name: '尿蛋白', value: '++' },
    { name: 'TSH', value: 1.8, unit: 'g/L' },
    { name: 'IBIL', value: 12, unit: 'umol/L' },
  ];

  it('returns one interpretation per result, in order, and counts them', () => {
    const r = interpretReport(report, WOMAN);
    expect(r.catalogueVersion).toBe(LAB_CATALOGUE_VERSION);
    expect(r.items.map((i) => i.flag)).toEqual([
      'N',
      'HH',
      'H',
      undefined,
      'LL',
      'A',
      undefined,
      undefined,
    ]);
    expect(r.summary).toMatchObject({
      total: 8,
      byStatus: { ok: 6, 'unknown-test': 1, 'unknown-unit': 1, 'unparseable-value': 0 },
      byFlag: { N: 1, L: 0, H: 1, LL: 1, HH: 1, A: 1 },
      critical: 2,
      abnormal: 4,
      unflagged: 1,
      escalate: true,
    });
  });

  it('lists criticals first, then other abnormal results, each in report order', () => {
    const { highlights } = interpretReport(report, WOMAN).summary;
    expect(highlights.map((h) => [h.index, h.key, h.flag, h.critical])).toEqual([
      [1, 'potassium', 'HH', true],
      [4, 'glucose', 'LL', true],
      [2, 'alt', 'H', false],
      [5, 'urine-protein', 'A', false],
    ]);
  });

  it('does not escalate a report without criticals', () => {
    const r = interpretReport([{ name: 'ALT', value: 20, unit: 'U/L' }], MAN);
    expect(r.summary.escalate).toBe(false);
    expect(r.summary.highlights).toEqual([]);
  });
});
