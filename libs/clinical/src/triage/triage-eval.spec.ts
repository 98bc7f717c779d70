import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTriageEvalSet, scoreTriage } from './eval/triage-eval';
import { TRIAGE_ESCALATION_V1 } from './escalation.v1';
import { triage } from './triage';

const cases = parseTriageEvalSet(
  readFileSync(join(__dirname, 'eval', 'triage-eval.v1.jsonl'), 'utf8'),
);
const report = scoreTriage(cases, triage);

describe('triage evaluation set v1', () => {
  it('is large, bilingual and covers every red-flag category', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const zh = cases.filter((c) => c.lang === 'zh').length;
    expect(zh / cases.length).toBeGreaterThan(0.4);
    expect(zh / cases.length).toBeLessThan(0.6);
    expect(report.emergencies).toBeGreaterThanOrEqual(80);
    const covered = new Set(report.byCategory.map((c) => c.category));
    for (const category of Object.keys(TRIAGE_ESCALATION_V1.categories)) {
      expect(covered).toContain(category);
    }
  });

  it('catches at least 95% of emergencies overall and in each language', () => {
    expect(report.emergencyRecall).toBeGreaterThanOrEqual(0.95);
    for (const language of report.byLanguage) expect(language.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('flags at most 10% of non-emergencies as emergencies', () => {
    expect(report.falseAlarmRate).toBeLessThanOrEqual(0.1);
  });

  it('gives the crisis hotlines for every self-harm case it catches', () => {
    for (const c of cases.filter((x) => x.category === 'self-harm' && x.expected === 'emergency')) {
      const result = triage(c.text);
      if (result.urgency === 'emergency') {
        expect(result.escalation?.hotlines?.map((h) => h.number)).toContain('12356');
      }
    }
  });
});
