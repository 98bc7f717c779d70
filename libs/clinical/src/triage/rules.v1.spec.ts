import { findDepartment } from '../departments/departments';
import { createTriage, TriageRulesetError } from './triage';
import { TRIAGE_RULES_V1, TRIAGE_RULESET_V1, TRIAGE_RULESET_VERSION } from './rules.v1';
import type { TriageRule, TriageRuleset } from './triage.types';

const rule = (overrides: Partial<TriageRule>): TriageRule =>
  ({
    id: 'RT-TEST',
    urgency: 'routine',
    category: 'skin',
    department: 'dermatology',
    summary: 'test',
    when: [{ kind: 'concept', concept: { id: 'itch', zh: ['痒'], en: ['itch'] } }],
    ...overrides,
  }) as TriageRule;

const withRules = (...rules: TriageRule[]): TriageRuleset => ({ ...TRIAGE_RULESET_V1, rules });

describe('ruleset v1', () => {
  it('is versioned by sign-off date and revision', () => {
    expect(TRIAGE_RULESET_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    expect(TRIAGE_RULESET_V1.version).toBe(TRIAGE_RULESET_VERSION);
  });

  it('cannot be changed at run time', () => {
    const first = TRIAGE_RULES_V1[0];
    expect(Object.isFrozen(TRIAGE_RULES_V1)).toBe(true);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(TRIAGE_RULESET_V1.escalation.categories.cardiac.advice)).toBe(true);
    expect(() => {
      (TRIAGE_RULES_V1 as TriageRule[]).push(rule({}));
    }).toThrow(TypeError);
    expect(() => {
      (first as { urgency: string }).urgency = 'self-care';
    }).toThrow(TypeError);
    expect(first?.urgency).toBe('emergency');
  });

  it('names only standard departments and ids that state the urgency', () => {
    const prefix = { emergency: 'RF-', urgent: 'UR-', routine: 'RT-', 'self-care': 'SC-' };
    for (const r of TRIAGE_RULES_V1) {
      expect(findDepartment(r.department)).toBeDefined();
      expect(r.id.startsWith(prefix[r.urgency])).toBe(true);
    }
    expect(new Set(TRIAGE_RULES_V1.map((r) => r.id)).size).toBe(TRIAGE_RULES_V1.length);
  });

  it('covers every red-flag category with at least one emergency rule', () => {
    const covered = new Set(
      TRIAGE_RULES_V1.filter((r) => r.urgency === 'emergency').map((r) => r.category),
    );
    expect([...covered].sort()).toEqual(
      Object.keys(TRIAGE_RULESET_V1.escalation.categories).sort(),
    );
  });
});

describe(createTriage.name, () => {
  it('accepts a well-formed custom ruleset and reports its version', () => {
    const custom = createTriage({ ...withRules(rule({})), version: 'test.1' });
    const result = custom('手上很痒');
    expect(result.matchedRules.map((m) => m.ruleId)).toEqual(['RT-TEST']);
    expect(result.rulesetVersion).toBe('test.1');
  });

  it.each([
    [
      'a pattern that does not compile',
      rule({ when: [{ kind: 'concept', concept: { id: 'bad', zh: ['(痒'], en: [] } }] }),
    ],
    ['an unknown department', rule({ department: 'astrology' })],
    ['an id whose prefix contradicts the urgency', rule({ id: 'RF-TEST' })],
    ['a rule without conditions', rule({ when: [] })],
  ])('rejects %s', (_label, bad) => {
    expect(() => createTriage(withRules(bad))).toThrow(TriageRulesetError);
  });

  it('rejects duplicate rule ids and two concepts sharing an id', () => {
    expect(() => createTriage(withRules(rule({}), rule({})))).toThrow(/duplicate rule id/);
    const other = rule({
      id: 'RT-OTHER',
      when: [{ kind: 'concept', concept: { id: 'itch', zh: ['痒痒'], en: [] } }],
    });
    expect(() => createTriage(withRules(rule({}), other))).toThrow(/share the id itch/);
  });
});
