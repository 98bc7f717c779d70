import {
  PHI_CANARIES,
  PHI_CANARY_MESSAGES,
  RedactionSession,
  findCanaries,
} from '@meridian/clinical';

import { sessionPhiRedactor } from './session-phi-redactor';

describe(sessionPhiRedactor.name, () => {
  const redactor = sessionPhiRedactor(() => new RedactionSession());

  it('leaves no canary in any message, system prompts included', () => {
    const session = redactor.redact([
      { role: 'system', content: `Patient profile: ${PHI_CANARY_MESSAGES.en}` },
      { role: 'user', content: PHI_CANARY_MESSAGES.zh },
    ]);
    expect(session.redactedCount).toBeGreaterThan(0);
    for (const message of session.messages) expect(findCanaries(message.content)).toEqual([]);
  });

  it('restores placeholders split across streamed chunks', () => {
    const session = redactor.redact([{ role: 'user', content: PHI_CANARY_MESSAGES.zh }]);
    const redactedPrompt = session.messages[0]?.content ?? '';
    const placeholder = /\[[A-Z_]+_\d+\]/.exec(redactedPrompt)?.[0];
    expect(placeholder).toBeDefined();
    const answer = `您好，${placeholder!}，请注意休息。`;
    const restorer = session.restorer();
    let restored = '';
    for (let i = 0; i < answer.length; i += 3) restored += restorer.push(answer.slice(i, i + 3));
    restored += restorer.flush();
    expect(restored).not.toContain('[');
    expect(findCanaries(restored).length).toBe(1);
  });

  it('redacts text being continued with the same placeholders', () => {
    const session = redactor.redact([{ role: 'user', content: PHI_CANARY_MESSAGES.zh }]);
    const again = session.redactText(`已记录手机号${PHI_CANARIES.phone}。`);
    expect(again).not.toContain(PHI_CANARIES.phone);
    expect(session.messages[0]?.content).toContain(/\[[A-Z_]+_\d+\]/.exec(again)?.[0] ?? '—');
  });
});
