import {
  detectResidentIds,
  isValidResidentId,
  residentIdCheckChar,
  validateResidentId,
} from './resident-id';

describe(residentIdCheckChar.name, () => {
  it.each([
    // The worked example of GB 11643-1999 ends in X.
    ['11010519491231002', 'X'],
    ['33010619880101451', '4'],
    ['11010119900307123', '3'],
    ['32058219751130881', '5'],
    ['51010719850302642', '9'],
  ])('computes the MOD 11-2 check character of %s as %s', (first17, check) => {
    expect(residentIdCheckChar(first17)).toBe(check);
  });

  it('refuses anything but 17 digits', () => {
    expect(residentIdCheckChar('1101051949123100')).toBeUndefined();
    expect(residentIdCheckChar('1101051949123100X')).toBeUndefined();
  });
});

describe(validateResidentId.name, () => {
  const now = new Date('2025-06-01T00:00:00Z');

  it.each([
    '11010519491231002X',
    '11010519491231002x',
    '330106198801014514',
    '110101199003071233',
    '320582 19751130 8815',
    '510107-19850302-6429',
  ])('accepts %s', (id) => {
    expect(validateResidentId(id, { now })).toMatchObject({ valid: true, generation: 2 });
  });

  it('reads the birth date of both generations', () => {
    expect(validateResidentId('11010519491231002X', { now })).toEqual({
      valid: true,
      generation: 2,
      birthDate: '1949-12-31',
    });
    expect(validateResidentId('110105491231002', { now })).toEqual({
      valid: true,
      generation: 1,
      birthDate: '1949-12-31',
    });
  });

  it.each([
    ['110101199003071234', 'checksum'],
    ['110105194912310021', 'checksum'],
    ['330106198801014515', 'checksum'],
    ['99010519491231002X', 'region'],
    ['000105194912310021', 'region'],
    ['110000194912310029', 'region'],
    ['110105199002301234', 'birth-date'],
    ['110105189912311234', 'birth-date'],
    ['110105203001011234', 'birth-date'],
    ['110105491331002', 'birth-date'],
    ['11010519491231002Y', 'format'],
    ['1101051949123100', 'format'],
    ['1101051949123100211', 'format'],
  ])('rejects %s (%s)', (id, defect) => {
    expect(validateResidentId(id, { now })).toEqual({ valid: false, defect });
  });

  it('rejects a birth date after today', () => {
    const first17 = '11010520250602123';
    const id = `${first17}${residentIdCheckChar(first17) ?? ''}`;
    expect(isValidResidentId(id, { now })).toBe(false);
    expect(isValidResidentId(id, { now: new Date('2025-06-03T00:00:00Z') })).toBe(true);
  });

  it('accepts every check character when the checksum fits', () => {
    // One id per possible check character, so X and all digits are exercised.
    const seen = new Set<string>();
    for (let seq = 0; seen.size < 11 && seq < 1000; seq += 1) {
      const first17 = `11010519800101${String(seq).padStart(3, '0')}`;
      const check = residentIdCheckChar(first17) ?? '';
      seen.add(check);
      expect(isValidResidentId(first17 + check)).toBe(true);
      const wrong = check === '0' ? '1' : '0';
      expect(isValidResidentId(first17 + wrong)).toBe(false);
    }
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });
});

describe(detectResidentIds.name, () => {
  it('finds valid numbers in running text with high confidence', () => {
    expect(detectResidentIds('证号11010519491231002X，谢谢')).toEqual([
      {
        kind: 'resident-id',
        start: 2,
        end: 20,
        text: '11010519491231002X',
        confidence: 0.99,
      },
    ]);
  });

  it('ignores an unlabelled number whose checksum fails, and numbers inside longer runs', () => {
    expect(detectResidentIds('订单号 110101199003071234')).toEqual([]);
    expect(detectResidentIds('流水号 A11010519491231002X')).toEqual([]);
    expect(detectResidentIds('12345611010519491231002X')).toEqual([]);
  });

  it('reports a labelled number that fails validation at lower confidence', () => {
    expect(detectResidentIds('身份证号：110101199003071234')).toEqual([
      expect.objectContaining({ text: '110101199003071234', confidence: 0.7 }),
    ]);
  });
});
