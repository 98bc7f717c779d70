import { PHI_CANARIES, PHI_CANARY_MESSAGES, findCanaries } from './phi-canaries';
import { redact } from './redaction-session';
import { isValidResidentId } from './resident-id';

describe(findCanaries.name, () => {
  it('seeds a resident id with a correct checksum', () => {
    expect(isValidResidentId(PHI_CANARIES.residentId)).toBe(true);
  });

  it('finds every canary in the canary messages and none in clean text', () => {
    expect(findCanaries(PHI_CANARY_MESSAGES.zh).sort()).toEqual(
      ['address', 'email', 'insuranceNumber', 'name', 'phone', 'residentId'].sort(),
    );
    expect(findCanaries(PHI_CANARY_MESSAGES.en).sort()).toEqual(
      ['email', 'englishName', 'insuranceNumber', 'phone', 'residentId'].sort(),
    );
    expect(findCanaries('空腹血糖 6.1 mmol/L，请挂内分泌科')).toEqual([]);
  });

  it('finds canaries in other spellings', () => {
    expect(findCanaries('call +86 139-0000-1234')).toEqual(['phone']);
    expect(findCanaries('mail CANARY.PATIENT@EXAMPLE.COM')).toEqual(['email']);
    expect(findCanaries('id 330106 19880101 4514')).toEqual(['residentId']);
    expect(findCanaries('Evelyn  Marchetti')).toEqual(['englishName']);
    expect(findCanaries('手机１３９００００１２３４')).toEqual(['phone']);
  });

  it('reports no canary once the canary messages are redacted', () => {
    for (const message of Object.values(PHI_CANARY_MESSAGES)) {
      expect(findCanaries(redact(message).text)).toEqual([]);
    }
  });
});
