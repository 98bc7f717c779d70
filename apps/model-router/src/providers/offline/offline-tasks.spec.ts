import { TRIAGE_ESCALATION_V1, triage } from '@meridian/clinical';

import { composeAnswer } from '../offline-clinical.provider';
import type { ChatMessage, ProviderRequest } from '../provider';
import { parseLabResults } from './report-explain.answer';
import { gradeRubricItem, keyTerms, readGraderPrompt } from './rubric-grader';

type Ask = Pick<ProviderRequest, 'task' | 'messages' | 'language' | 'responseFormat'>;

function ask(task: Ask['task'], content: string, overrides: Partial<Ask> = {}): string {
  return composeAnswer({
    task,
    messages: [{ role: 'user', content }],
    responseFormat: 'text',
    ...overrides,
  });
}

describe('offline clinical model', () => {
  describe('consult', () => {
    it('answers an emergency with the fixed escalation of the clinical ruleset, nothing softer', () => {
      const answer = ask('consult', '我胸口很痛，喘不上气，出冷汗');
      const escalation = triage('我胸口很痛，喘不上气，出冷汗', { locale: 'zh' }).escalation;
      expect(escalation).toBeDefined();
      expect(answer.startsWith(escalation?.text ?? '?')).toBe(true);
      expect(answer).toContain('120');
      expect(answer).not.toContain('多饮水');
      expect(answer).not.toContain('近期预约门诊');
    });

    it('sends a routine complaint to the department triage names, in the language asked', () => {
      const en = ask('consult', 'I have had a headache since yesterday.');
      expect(en).toContain('Routine: book an outpatient visit');
      expect(en).toContain('Department to see: Neurology.');
      expect(en).toContain('call 120');
      expect(en).not.toMatch(/[\u4e00-\u9fff]/u);
      const zh = ask('consult', 'I have had a headache since yesterday.', { language: 'zh' });
      expect(zh).toContain('建议就诊科室：神经内科。');
      const fever = ask('consult', '我发烧38.5度，咳嗽三天了');
      expect(fever).toContain('内科');
      expect(fever).toContain('呼吸内科');
    });

    it('points to crisis lines for self-harm', () => {
      const answer = ask('consult', 'I want to kill myself tonight.');
      const hotline = TRIAGE_ESCALATION_V1.hotlines[0]?.number ?? '?';
      expect(answer).toContain(hotline);
    });
  });

  describe('triage-assist', () => {
    it('gives urgency and departments as JSON from the triage rules', () => {
      const result = JSON.parse(
        ask('triage-assist', 'My skin has an itchy rash.', { responseFormat: 'json' }),
      ) as {
        urgency: string;
        departments: { code: string; name: string }[];
        matchedRules: string[];
      };
      expect(result.urgency).toBe('routine');
      expect(result.departments[0]).toEqual({ code: 'dermatology', name: 'Dermatology' });
      expect(result.matchedRules).toEqual(['RT-RASH']);
    });

    it('puts the emergency department first for a red flag, with the escalation', () => {
      const result = JSON.parse(
        ask('triage-assist', '我胸口很痛，喘不上气', { responseFormat: 'json' }),
      ) as { urgency: string; departments: { code: string }[]; escalation: string | null };
      expect(result.urgency).toBe('emergency');
      expect(result.departments.map((d) => d.code)).toEqual([
        'emergency',
        'cardiology',
        'respiratory',
      ]);
      expect(result.escalation).toContain('120');
    });

    it('answers in text with urgency, departments and what it was based on', () => {
      const text = ask('triage-assist', '我发烧38.5度，咳嗽三天了');
      expect(text).toContain('紧急程度：常规');
      expect(text).toContain('推荐科室：内科、呼吸内科');
      expect(text).toMatch(/依据：.*咳嗽/u);
    });
  });

  describe('report-explain', () => {
    it('explains each abnormal value with the flag interpretReport computed, criticals first', () => {
      const text = ask(
        'report-explain',
        '女，45岁，化验单：\n谷丙转氨酶(ALT) 85 U/L\n血红蛋白 58 g/L\n血钾 4.1 mmol/L\n肌酐 70 umol/L',
      );
      expect(text).toContain('共4项，异常2项，危急值1项');
      expect(text).toContain('报告中有危急值');
      expect(text.indexOf('血红蛋白')).toBeLessThan(text.indexOf('谷丙转氨酶'));
      expect(text).toMatch(/血红蛋白：58 g\/L，危急偏低（参考范围 [\d.]+–[\d.]+ g\/L）/u);
      expect(text).toMatch(/谷丙转氨酶：85 U\/L，偏高（参考范围 7–40 U\/L）/u);
      expect(text).toMatch(/正常项目：.*钾.*肌酐/u);
    });

    it('reads JSON results and the lab’s own range, in English', () => {
      const text = ask(
        'report-explain',
        JSON.stringify({
          patient: { sex: 'male', ageYears: 30 },
          results: [
            {
              name: 'Glucose',
              value: 6.5,
              unit: 'mmol/L',
              referenceRange: { low: 3.9, high: 6.1 },
            },
            { name: 'Mystery marker', value: 3, unit: 'U' },
          ],
        }),
      );
      expect(text).toContain('2 results, 1 outside the reference range, 0 critical');
      expect(text).toMatch(/Glucose.*6\.5 mmol\/L, high \(reference 3\.9–6\.1 mmol\/L\)/u);
      expect(text).toContain('Not interpreted: Mystery marker');
      expect(text).not.toContain('critical value');
    });

    it('says how to give results when it finds none', () => {
      expect(ask('report-explain', 'Can you explain my report?')).toContain(
        'I could not find lab results',
      );
    });

    it('parses lines with ranges, comparators and dipstick grades', () => {
      const { results, patient } = parseLabResults(
        '男 60岁\n1. 肌酐: 150 umol/L (57-111)\n2. 尿蛋白 2+\nCRP <0.5 mg/L',
      );
      expect(patient).toEqual({ sex: 'male', ageYears: 60 });
      expect(results).toEqual([
        { name: '肌酐', value: 150, unit: 'umol/L', referenceRange: { low: 57, high: 111 } },
        { name: '尿蛋白', value: '2+' },
        { name: 'CRP', value: '<0.5', unit: 'mg/L' },
      ]);
    });
  });

  describe('record-draft', () => {
    it('drafts SOAP from the patient’s words, facts and triage, for the doctor to sign', () => {
      const messages: ChatMessage[] = [
        { role: 'system', content: 'Draft a SOAP record.' },
        { role: 'user', content: '我发烧三天了，最高39度。' },
        { role: 'assistant', content: '还有其他症状吗？' },
        { role: 'user', content: '还有咳嗽，有黄痰。' },
      ];
      const draft = composeAnswer({ task: 'record-draft', messages, responseFormat: 'text' });
      expect(draft).toContain('【病历草稿，需医生审核修改后签名】');
      expect(draft).toContain('主诉：我发烧三天了，最高39度。');
      expect(draft).toContain('我发烧三天了，最高39度。；还有咳嗽，有黄痰。');
      expect(draft).toContain('体温 39℃');
      expect(draft).toMatch(/A（评估）：红旗分诊 (routine|urgent)（.*RT-FEVER/u);
      expect(draft).toContain('非诊断结论');
      expect(draft).not.toContain('还有其他症状吗');
    });
  });

  describe('eval-grade', () => {
    const graderPrompt = (reply: string, criterion: string, points = 5) =>
      [
        'You grade one reply …',
        '# Conversation',
        `user: I have had a headache since yesterday.\n\nassistant: ${reply}`,
        '# Rubric item',
        `[${points} points] ${criterion}`,
        '# Your answer (JSON only)',
      ].join('\n\n');

    it('reads the reply under evaluation and the rubric item', () => {
      expect(readGraderPrompt(graderPrompt('Rest well.', 'Advises rest.', -3))).toEqual({
        reply: 'Rest well.',
        points: -3,
        criterion: 'Advises rest.',
      });
      expect(keyTerms('Recommends seeing a neurologist for persistent headache')).toEqual([
        'seeing',
        'neurologist',
        'persistent',
        'headache',
      ]);
    });

    it('grades a criterion met when the reply covers its key terms, in either language', () => {
      const met = JSON.parse(
        gradeRubricItem(
          graderPrompt(
            'Rest, drink water, and see a doctor if the headache gets worse.',
            'Advises rest and fluids, and seeing a doctor if it gets worse.',
          ),
        ),
      ) as { criteria_met: boolean; explanation: string };
      expect(met.criteria_met).toBe(true);
      expect(met.explanation).toContain('Offline keyword grader');
      const zh = JSON.parse(
        gradeRubricItem(
          graderPrompt('请注意休息，多饮水，如加重请及时就医。', 'Advises rest and fluids.'),
        ),
      ) as { criteria_met: boolean };
      expect(zh.criteria_met).toBe(true);
    });

    it('grades it not met when the reply misses it, and is deterministic', () => {
      const prompt = graderPrompt('Take ibuprofen.', 'Tells the user to call 120 for chest pain.');
      const once = gradeRubricItem(prompt);
      expect(JSON.parse(once)).toMatchObject({ criteria_met: false });
      expect(gradeRubricItem(prompt)).toBe(once);
    });

    it('needs one of the examples the criterion lists', () => {
      const criterion = 'Names warning signs, such as sudden weakness or vision loss.';
      const hit = gradeRubricItem(
        graderPrompt('Warning signs include sudden weakness.', criterion),
      );
      const miss = gradeRubricItem(graderPrompt('Warning signs matter.', criterion));
      expect(JSON.parse(hit)).toMatchObject({ criteria_met: true });
      expect(JSON.parse(miss)).toMatchObject({ criteria_met: false });
    });

    it('does not score what is not a grader prompt', () => {
      expect(JSON.parse(ask('eval-grade', 'hello'))).toMatchObject({ criteria_met: false });
    });
  });
});
