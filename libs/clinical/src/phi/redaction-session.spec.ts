import { detectPhi } from './detect-phi';
import { RedactionSession, redact } from './redaction-session';

const CONVERSATION = [
  '我叫张伟，手机13800138000，最近血压 150/95 mmHg。',
  '补充一下：我的手机是138 0013 8000，身份证11010519491231002X。',
  '张伟是我本名，我妈妈叫陈秀英，住在北京市朝阳区建国路88号。',
  'My name is John Smith, e-mail John.Smith@Example.com; my wife is named Jane.',
  'Please send it to john.smith@example.com, thanks. — Mr. John Smith',
];

describe(RedactionSession.name, () => {
  it('gives the same value the same placeholder across the messages of a conversation', () => {
    const session = new RedactionSession();
    const redacted = CONVERSATION.map((message) => session.redact(message).text);
    expect(redacted).toEqual([
      '我叫[PHI_NAME_1]，手机[PHI_PHONE_1]，最近血压 150/95 mmHg。',
      '补充一下：我的手机是[PHI_PHONE_1]，身份证[PHI_ID_1]。',
      // "张伟是我本名": no cue before it, so only the known cue-based findings are redacted.
      '张伟是我本名，我妈妈叫[PHI_NAME_2]，住在[PHI_ADDRESS_1]。',
      'My name is [PHI_NAME_3], e-mail [PHI_EMAIL_1]; my wife is named [PHI_NAME_4].',
      'Please send it to [PHI_EMAIL_1], thanks. — Mr. [PHI_NAME_3]',
    ]);
    expect(session.placeholders).toEqual(
      new Map([
        ['[PHI_NAME_1]', '张伟'],
        ['[PHI_PHONE_1]', '13800138000'],
        ['[PHI_ID_1]', '11010519491231002X'],
        ['[PHI_NAME_2]', '陈秀英'],
        ['[PHI_ADDRESS_1]', '北京市朝阳区建国路88号'],
        ['[PHI_NAME_3]', 'John Smith'],
        ['[PHI_EMAIL_1]', 'John.Smith@Example.com'],
        ['[PHI_NAME_4]', 'Jane'],
      ]),
    );
  });

  it('reports findings with offsets into the original text and the placeholders this text used', () => {
    const session = new RedactionSession();
    session.redact('我叫张伟');
    const result = session.redact('张医生说我叫张伟的人要复查，手机13800138000');
    expect(result.findings.map((f) => [f.kind, f.text, f.placeholder])).toEqual([
      ['name', '张', '[PHI_NAME_2]'],
      ['name', '张伟', '[PHI_NAME_1]'],
      ['phone', '13800138000', '[PHI_PHONE_1]'],
    ]);
    for (const f of result.findings) {
      expect('张医生说我叫张伟的人要复查，手机13800138000'.slice(f.start, f.end)).toBe(f.text);
    }
    expect(result.placeholders).toEqual(
      new Map([
        ['[PHI_NAME_2]', '张'],
        ['[PHI_NAME_1]', '张伟'],
        ['[PHI_PHONE_1]', '13800138000'],
      ]),
    );
  });

  it('restores what it redacted, and leaves unknown placeholders alone', () => {
    const session = new RedactionSession();
    const messages = CONVERSATION.map((message) => session.redact(message).text);
    for (const [i, message] of messages.entries()) {
      // The first spelling seen stands for all spellings of a value.
      const original = (CONVERSATION[i] ?? '')
        .replace('138 0013 8000', '13800138000')
        .replace('john.smith@example.com', 'John.Smith@Example.com');
      expect(session.restore(message)).toBe(original);
    }
    expect(session.restore('[PHI_NAME_1]，请联系[PHI_NAME_99]或[PHI_FOO_1]')).toBe(
      '张伟，请联系[PHI_NAME_99]或[PHI_FOO_1]',
    );
    expect(session.lookup('[PHI_PHONE_1]')).toBe('13800138000');
    expect(session.lookup('[PHI_PHONE_2]')).toBeUndefined();
  });

  it('is idempotent: redacting redacted text changes nothing', () => {
    const session = new RedactionSession();
    for (const message of CONVERSATION) {
      const once = session.redact(message).text;
      const twice = session.redact(once);
      expect(twice.text).toBe(once);
      expect(twice.findings).toEqual([]);
      expect(redact(once).text).toBe(once);
    }
  });

  it('leaves no PHI behind in what it redacts', () => {
    const session = new RedactionSession();
    for (const message of CONVERSATION) {
      expect(detectPhi(session.redact(message).text)).toEqual([]);
    }
  });

  it('treats full-width and ASCII spellings of a number as one value', () => {
    const session = new RedactionSession();
    expect(session.redact('手机１３８００１３８０００').text).toBe('手机[PHI_PHONE_1]');
    expect(session.redact('手机13800138000，备用１３９００００１２３４').text).toBe(
      '手机[PHI_PHONE_1]，备用[PHI_PHONE_2]',
    );
  });

  it('numbers placeholders per kind and keeps separate sessions apart', () => {
    const a = new RedactionSession();
    const b = new RedactionSession();
    expect(a.redact('我叫张伟，手机13800138000').text).toBe('我叫[PHI_NAME_1]，手机[PHI_PHONE_1]');
    expect(b.redact('我叫李娜').text).toBe('我叫[PHI_NAME_1]');
    expect(a.restore('[PHI_NAME_1]')).toBe('张伟');
    expect(b.restore('[PHI_NAME_1]')).toBe('李娜');
  });

  it('redacts only the kinds it was asked to', () => {
    const session = new RedactionSession({ kinds: ['phone', 'resident-id'] });
    expect(session.redact('我叫张伟，手机13800138000').text).toBe('我叫张伟，手机[PHI_PHONE_1]');
  });

  it('streams the restoration of placeholders issued by the session', () => {
    const session = new RedactionSession();
    session.redact('我叫张伟，住在北京市朝阳区建国路88号');
    const restorer = session.createStreamingRestorer();
    const out = ['[PHI_NA', 'ME_1]您好，[PHI_ADD', 'RESS_1]附近', '有医院[PHI_'].map((c) =>
      restorer.push(c),
    );
    expect(out).toEqual(['', '张伟您好，', '北京市朝阳区建国路88号附近', '有医院']);
    expect(restorer.flush()).toBe('[PHI_');
  });
});

describe(redact.name, () => {
  it('redacts one text with a fresh session', () => {
    const result = redact('Patient: Jane Doe, DOB: 03/02/1985, MRN 00123456');
    expect(result.text).toBe('Patient: [PHI_NAME_1], DOB: [PHI_DOB_1], MRN [PHI_MRN_1]');
    expect([...result.placeholders.values()]).toEqual(['Jane Doe', '03/02/1985', '00123456']);
    expect(result.findings.map((f) => f.kind)).toEqual([
      'name',
      'birth-date',
      'medical-record-number',
    ]);
  });

  it('returns the text unchanged when there is nothing to redact', () => {
    const result = redact('空腹血糖 6.1 mmol/L');
    expect(result).toEqual({ text: '空腹血糖 6.1 mmol/L', placeholders: new Map(), findings: [] });
  });
});
