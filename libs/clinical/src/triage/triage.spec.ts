import { TRIAGE_RULESET_VERSION } from './rules.v1';
import { triage } from './triage';

const ruleIds = (text: string, context?: Parameters<typeof triage>[1]) =>
  triage(text, context).matchedRules.map((m) => m.ruleId);

describe(triage.name, () => {
  describe('chest pain', () => {
    it('escalates chest pain with sweating or radiation, in both languages', () => {
      for (const text of [
        '胸口疼，出了一身冷汗',
        '胸闷压着喘不过气',
        'chest pain going down my left arm',
        'crushing chest pain',
      ]) {
        expect(triage(text).urgency).toBe('emergency');
      }
      expect(ruleIds('chest pain and sweating')).toContain('RF-CHEST-PAIN-ACS');
    });

    it('sends chest pain on its own to cardiology the same day', () => {
      const result = triage('胸口有点闷，深呼吸的时候会疼');
      expect(result.urgency).toBe('urgent');
      expect(result.department).toBe('cardiology');
      expect(result.escalation).toBeUndefined();
    });

    it('does not treat heartburn after spicy food or a chest cold as chest pain', () => {
      expect(triage('heartburn after spicy food').urgency).toBe('self-care');
      expect(triage('I have a chest cold and a stuffy nose').urgency).toBe('self-care');
    });
  });

  describe('escalation', () => {
    it('gives the fixed 120 answer with actions, department and a human follow-up', () => {
      const result = triage('my wife’s face is drooping and her speech is slurred');
      expect(result.urgency).toBe('emergency');
      expect(result.department).toBe('emergency');
      expect(result.humanFollowUp).toBe(true);
      expect(result.escalation?.actions).toEqual(['call-120', 'go-to-er']);
      expect(result.escalation?.locale).toBe('en');
      expect(result.escalation?.text).toContain('Call 120');
      expect(result.escalation?.message.zh).toContain('120');
      expect(result.escalation?.hotlines).toBeUndefined();
    });

    it('answers self-harm with the crisis hotlines first, in the language of the message', () => {
      for (const text of ['不想活了', '活着没意思', 'I just want to end it all']) {
        const result = triage(text);
        expect(result.urgency).toBe('emergency');
        expect(result.escalation?.actions[0]).toBe('crisis-hotline');
        expect(result.escalation?.hotlines?.map((h) => h.number)).toEqual([
          '12356',
          '010-82951332',
        ]);
      }
      expect(triage('不想活了').escalation?.text).toContain('12356');
      expect(triage('不想活了', { locale: 'en' }).escalation?.text).toContain('hotline 12356');
    });

    it('combines the advice of every emergency category that matched', () => {
      const result = triage('孩子误喝了消毒液，现在叫不醒');
      expect(result.matchedRules.map((m) => m.category)).toEqual(
        expect.arrayContaining(['collapse', 'poisoning']),
      );
      expect(result.escalation?.text).toContain('胸外按压');
      expect(result.escalation?.text).toContain('不要催吐');
    });

    it('quotes what the patient wrote as evidence', () => {
      const [match] = triage('ＣＨＥＳＴ　ＰＡＩＮ and sweating').matchedRules;
      expect(match?.evidence).toEqual(['ＣＨＥＳＴ　ＰＡＩＮ', 'sweating']);
    });
  });

  describe('negation and context', () => {
    it.each([
      ['no chest pain, just a runny nose', 'self-care'],
      ['denies shortness of breath, mild cough for 3 days', 'routine'],
      ["I don't have a fever or any chest pain", 'routine'],
      ['没有胸痛，就是有点咳嗽', 'routine'],
      ['不咳嗽，也不发烧，就是嗓子有点干', 'self-care'],
      ['我没有想自杀，只是最近压力大睡不好', 'routine'],
    ])('reads "%s" as denied', (text, urgency) => {
      expect(triage(text).urgency).toBe(urgency);
    });

    it('keeps a negation from reaching past a "but"', () => {
      expect(triage('no fever but crushing chest pain').urgency).toBe('emergency');
      expect(triage('不发烧，但是胸口疼出冷汗').urgency).toBe('emergency');
    });

    it('does not mistake "accidentally" or "cannot" for a negation', () => {
      expect(triage('孩子不小心喝了消毒液').urgency).toBe('emergency');
      expect(triage('无法呼吸').urgency).toBe('emergency');
      expect(triage("I've never had chest pain this bad, and I'm sweating").urgency).toBe(
        'emergency',
      );
    });

    it('does not escalate past or resolved mentions', () => {
      expect(triage('胸痛已经好了三年了').urgency).toBe('routine');
      expect(triage('my father had a stroke last year, what diet should he follow').urgency).toBe(
        'routine',
      );
      expect(triage('我爸去年中风过，现在恢复得不错').urgency).toBe('routine');
    });

    it('escalates a third party in trouble now, and history that comes back', () => {
      expect(triage('my father is having a stroke right now').urgency).toBe('emergency');
      expect(triage('我朋友说她想自杀').urgency).toBe('emergency');
      expect(
        triage('my husband had a stroke last year and now he suddenly can’t speak again').urgency,
      ).toBe('emergency');
    });

    it('treats a passing stroke sign as an emergency (TIA)', () => {
      expect(triage('我爸突然说话含糊，但是十分钟后又好了').urgency).toBe('emergency');
    });

    it('does not escalate knowledge questions, but flags them', () => {
      const result = triage('what are the signs of a stroke?');
      expect(result.urgency).toBe('routine');
      expect(result.informational).toBe(true);
      expect(triage('中风有哪些症状？').urgency).toBe('routine');
      expect(triage('心梗的前兆是什么').urgency).toBe('routine');
    });

    it('escalates questions that describe the patient, and method-seeking self-harm questions', () => {
      expect(triage("how do I know if I'm having a heart attack? I'm sweating").urgency).toBe(
        'emergency',
      );
      expect(triage('how many sleeping pills would it take to die').urgency).toBe('emergency');
      expect(triage('过敏性休克怎么急救').urgency).toBe('emergency');
    });

    it('does not take hyperbole for self-harm', () => {
      expect(triage('想死你了，什么时候回来').urgency).toBe('routine');
      expect(triage('this traffic is killing me, I’m dying to get home').urgency).toBe('routine');
    });
  });

  describe('age and pregnancy', () => {
    it('escalates any fever in a baby under 3 months, age from the text or the profile', () => {
      expect(triage('宝宝两个月发烧38.5').urgency).toBe('emergency');
      expect(triage('my 6 week old has a fever').matchedRules[0]?.ruleId).toBe('RF-INFANT-FEVER');
      expect(triage('发烧了', { ageMonths: 1 }).urgency).toBe('emergency');
      expect(triage('发烧了', { ageMonths: 1 }).department).toBe('pediatrics');
    });

    it('grades fever by age: 3-6 months urgent, older children routine', () => {
      expect(triage('宝宝4个月，发烧38度').urgency).toBe('urgent');
      expect(triage('my 3 year old has a fever of 38.5').urgency).toBe('routine');
      expect(triage('发烧了', { ageMonths: 30 * 12 }).urgency).toBe('routine');
    });

    it('does not escalate a measured normal temperature in a young baby', () => {
      const result = triage('宝宝两个月，体温37.2，有点发烧吗');
      expect(result.urgency).not.toBe('emergency');
      expect(result.facts.temperatureC).toBe(37.2);
    });

    it('escalates bleeding in pregnancy from the text or the profile', () => {
      expect(triage('怀孕8周，今天出血了').urgency).toBe('emergency');
      expect(triage('下面出血了', { pregnant: true }).department).toBe('obstetrics');
      expect(triage('下面出血了').urgency).not.toBe('emergency');
      expect(triage('备孕期间有点出血正常吗').urgency).toBe('routine');
    });

    it('escalates reduced fetal movements', () => {
      expect(triage('孕32周，感觉胎动比平时少了很多').urgency).toBe('emergency');
      expect(triage("34 weeks pregnant and the baby hasn't moved since yesterday").urgency).toBe(
        'emergency',
      );
    });
  });

  describe('result', () => {
    it('lets the highest urgency win and lists every fired rule, most urgent first', () => {
      const result = triage('咳嗽三天了，今天突然胸口剧痛');
      expect(result.urgency).toBe('emergency');
      const urgencies = result.matchedRules.map((m) => m.urgency);
      expect(urgencies[0]).toBe('emergency');
      expect(urgencies).toContain('routine');
    });

    it('is routine with no department when nothing matches', () => {
      const result = triage('你好，我想预约体检');
      expect(result).toMatchObject({
        urgency: 'routine',
        matchedRules: [],
        humanFollowUp: false,
        rulesetVersion: TRIAGE_RULESET_VERSION,
      });
      expect(result.department).toBeUndefined();
    });

    it('is deterministic', () => {
      const text = '宝宝两个月发烧38.5，还吐了';
      expect(triage(text)).toEqual(triage(text));
    });

    it('asks for a human on urgent mental-health matches without a crisis escalation', () => {
      const result = triage('以前有过自杀的念头，现在好多了');
      expect(result.urgency).toBe('urgent');
      expect(result.humanFollowUp).toBe(true);
      expect(result.escalation).toBeUndefined();
    });
  });
});
