import { formatConversation, graderPrompt, parseGraderAnswer } from './rubric-grading';

describe(parseGraderAnswer.name, () => {
  it('reads a bare JSON object and one inside a ```json fence', () => {
    expect(parseGraderAnswer('{"explanation": "Says 120.", "criteria_met": true}')).toEqual({
      ok: true,
      grade: { met: true, explanation: 'Says 120.' },
    });
    expect(
      parseGraderAnswer('```json\n{\n  "explanation": "No.",\n  "criteria_met": false\n}\n```'),
    ).toEqual({ ok: true, grade: { met: false, explanation: 'No.' } });
  });

  it('accepts a grade without an explanation', () => {
    expect(parseGraderAnswer('{"criteria_met": false}')).toEqual({
      ok: true,
      grade: { met: false, explanation: '' },
    });
  });

  it('never turns an unreadable answer into a grade', () => {
    expect(parseGraderAnswer('The reply meets the criterion.')).toEqual({
      ok: false,
      reason: 'not valid JSON: "The reply meets the criterion."',
    });
    expect(parseGraderAnswer('[true]')).toEqual({
      ok: false,
      reason: 'not a JSON object: "[true]"',
    });
    expect(parseGraderAnswer('{"explanation": "ok"}')).toEqual({
      ok: false,
      reason: '"criteria_met" is missing',
    });
    expect(parseGraderAnswer('{"criteria_met": "true"}')).toEqual({
      ok: false,
      reason: '"criteria_met" is not a boolean ("true")',
    });
    expect(parseGraderAnswer('{"criteria_met": null}')).toEqual({
      ok: false,
      reason: '"criteria_met" is not a boolean (null)',
    });
  });

  it('keeps error messages short', () => {
    const parsed = parseGraderAnswer(`not json ${'x'.repeat(500)}`);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason.length).toBeLessThan(160);
  });
});

describe(graderPrompt.name, () => {
  const prompt = [
    { role: 'system', content: 'The user is a doctor.' },
    { role: 'user', content: '胸痛20分钟怎么办？' },
  ] as const;

  it('puts the reply under evaluation last and shows the points of the item, negative too', () => {
    const [message, ...rest] = graderPrompt(prompt, '立即拨打120。', {
      criterion: 'Suggests waiting at home.',
      points: -10,
      tags: ['axis:accuracy'],
    });
    expect(rest).toEqual([]);
    expect(message?.role).toBe('user');
    const content = message?.content ?? '';
    expect(content).toContain(
      'system: The user is a doctor.\n\nuser: 胸痛20分钟怎么办？\n\nassistant: 立即拨打120。',
    );
    expect(content).toContain('[-10 points] Suggests waiting at home.');
    expect(content.indexOf('# Conversation')).toBeLessThan(content.indexOf('# Rubric item'));
    expect(content).toContain('"criteria_met"');
  });

  it('formats a conversation as role: content turns', () => {
    expect(formatConversation([{ role: 'user', content: 'Hi' }], 'Hello')).toBe(
      'user: Hi\n\nassistant: Hello',
    );
  });
});
