import { detectPhi } from './detect-phi';
import { redact } from './redaction-session';
import type { PhiKind } from './phi-span';

// [utterance, kind, the text that must be reported]
const POSITIVES: ReadonlyArray<readonly [string, PhiKind, string]> = [
  // Resident identity card numbers
  ['我的身份证号是11010519491231002X，帮我挂个号', 'resident-id', '11010519491231002X'],
  ['身份证：330106198801014514', 'resident-id', '330106198801014514'],
  ['ID card no. 44030419900307123X, please check', 'resident-id', '44030419900307123X'],
  ['患者身份证11010519491231002x已核验', 'resident-id', '11010519491231002x'],
  ['身份证 320582 19751130 8815', 'resident-id', '320582 19751130 8815'],
  ['510107198503026429 这是我妈的', 'resident-id', '510107198503026429'],
  ['他的旧证号是110105491231002', 'resident-id', '110105491231002'],
  ['身份证号：110101199003071234（可能输错了）', 'resident-id', '110101199003071234'],
  ['社会保障卡号：330106198801014514', 'resident-id', '330106198801014514'],
  // Phones
  ['我的手机号是13800138000', 'phone', '13800138000'],
  ['电话：+86 139-1234-5678', 'phone', '+86 139-1234-5678'],
  ['有事打0086 13912345678', 'phone', '0086 13912345678'],
  ['手机 186 1234 5678 随时联系', 'phone', '186 1234 5678'],
  ['家里座机010-62751234', 'phone', '010-62751234'],
  ['我家电话是(0571)86661234', 'phone', '(0571)86661234'],
  ['联系电话：021-64041990转123', 'phone', '021-64041990转123'],
  ['You can reach me at +44 20 7946 0958.', 'phone', '+44 20 7946 0958'],
  ['My cell is 415-555-0132', 'phone', '415-555-0132'],
  ['phone: 07700 900123', 'phone', '07700 900123'],
  ['Call me on +1 (212) 555-0199 after 6pm', 'phone', '+1 (212) 555-0199'],
  ['我女儿手机15957112345，有问题找她', 'phone', '15957112345'],
  // E-mail
  ['邮箱zhangwei@example.com谢谢', 'email', 'zhangwei@example.com'],
  ['Email me at jane.doe+health@mail.example.org.', 'email', 'jane.doe+health@mail.example.org'],
  ['报告发到 li_xiaoming1985@qq.com 就行', 'email', 'li_xiaoming1985@qq.com'],
  // Labelled identifiers
  ['医保卡号：330100D15600000526', 'insurance-number', '330100D15600000526'],
  ['我的社保卡号是 1234 5678 9012', 'insurance-number', '1234 5678 9012'],
  ['医保号YB330106007142，能直接结算吗', 'insurance-number', 'YB330106007142'],
  ['insurance no. ABC12345678', 'insurance-number', 'ABC12345678'],
  ['Member ID: XYZ-4455-6677', 'insurance-number', 'XYZ-4455-6677'],
  ['病历号 MZ20240315001', 'medical-record-number', 'MZ20240315001'],
  ['住院号：2024001234，3床', 'medical-record-number', '2024001234'],
  ['门诊号是0012345678', 'medical-record-number', '0012345678'],
  ['MRN: 00123456', 'medical-record-number', '00123456'],
  ['Medical record number 7788123', 'medical-record-number', '7788123'],
  ['就诊卡号 88001234', 'medical-record-number', '88001234'],
  ['护照号码：E12345678', 'passport', 'E12345678'],
  ['Passport number G12345678, expires 2030', 'passport', 'G12345678'],
  // Dates of birth
  ['出生日期：1985年3月2日', 'birth-date', '1985年3月2日'],
  ['我生于1990年12月1日，有高血压家族史', 'birth-date', '1990年12月1日'],
  ['1985年3月2日出生，女', 'birth-date', '1985年3月2日'],
  ['生日是1992-07-15', 'birth-date', '1992-07-15'],
  ['DOB: 03/02/1985', 'birth-date', '03/02/1985'],
  ['I was born on March 2, 1985.', 'birth-date', 'March 2, 1985'],
  ['Date of birth 2 March 1985', 'birth-date', '2 March 1985'],
  ['出生年月：1978.05', 'birth-date', '1978.05'],
  ['She was born in July 1990', 'birth-date', 'July 1990'],
  ['D.O.B. 1979-11-23', 'birth-date', '1979-11-23'],
  ['我生日是3月2日，想问下体检套餐', 'birth-date', '3月2日'],
  ['My birthday is March 2nd.', 'birth-date', 'March 2nd'],
  ['DOB 03/02/85', 'birth-date', '03/02/85'],
  // Addresses
  [
    '浙江省杭州市西湖区文三路88号3幢2单元501室',
    'address',
    '浙江省杭州市西湖区文三路88号3幢2单元501室',
  ],
  ['我家住北京市朝阳区建国路88号', 'address', '北京市朝阳区建国路88号'],
  ['地址：上海市浦东新区张江路100弄5号1201室', 'address', '上海市浦东新区张江路100弄5号1201室'],
  ['住在广州市天河区天河路385号，离医院近', 'address', '广州市天河区天河路385号'],
  ['我住幸福小区5栋2单元302', 'address', '幸福小区5栋2单元302'],
  ['I live at 221B Baker Street, London', 'address', '221B Baker Street'],
  ['12 Main St, Apt 4', 'address', '12 Main St, Apt 4'],
  [
    'Send it to 350 Fifth Avenue, New York, NY 10118',
    'address',
    '350 Fifth Avenue, New York, NY 10118',
  ],
  ['Mail: PO Box 1234', 'address', 'PO Box 1234'],
  // Names
  ['我叫张伟，今年35岁', 'name', '张伟'],
  ['患者：李小明，男，45岁', 'name', '李小明'],
  ['我儿子叫欧阳娜娜，今年5岁', 'name', '欧阳娜娜'],
  ['王女士您好，报告出来了', 'name', '王'],
  ['张医生让我复查', 'name', '张'],
  ['我找王建国医生看过', 'name', '王建国'],
  ['姓名：司马光', 'name', '司马光'],
  ['骨科的林医生说要拍片', 'name', '林'],
  ['请问于医生今天出诊吗', 'name', '于'],
  ['本人刘洋，咨询一下', 'name', '刘洋'],
  ['我妈妈叫陈秀英', 'name', '陈秀英'],
  ['家属：赵敏', 'name', '赵敏'],
  ['My name is John Smith and I have diabetes', 'name', 'John Smith'],
  ['Patient: Jane Doe, 45F', 'name', 'Jane Doe'],
  ['Mrs. Mary Johnson called about her results', 'name', 'Mary Johnson'],
  ['Dr. Smith said it was fine', 'name', 'Smith'],
  ['My daughter is named Emily.', 'name', 'Emily'],
  ["Mr. O'Brien has a fever", 'name', "O'Brien"],
  ['我想挂宋主任的号', 'name', '宋'],
  ['患者张三，男，60岁', 'name', '张三'],
  ['Hi, my name is Li Wei', 'name', 'Li Wei'],
];

const NEGATIVES: readonly string[] = [
  '空腹血糖 6.1 mmol/L，糖化血红蛋白 6.5%',
  '化验日期：2024-03-15，血红蛋白 135 g/L',
  '阿莫西林 0.5g，每日三次，饭后服用',
  '诊断：E11.9 2型糖尿病，I10 原发性高血压',
  '胸痛请立即拨打120',
  '身高175cm，体重70kg，BMI 22.9',
  '2023年体检发现血压偏高',
  '血压 135/85 mmHg，心率 78 次/分',
  '我在杭州市第一人民医院看过',
  '心内科医生说要复查',
  '上呼吸道感染三天了，还有尿路感染',
  '医院电话 0571-87236114',
  '请拨打医院总机 020-83827812 转心内科',
  '挂号热线 400-820-8820，卫生热线 12320',
  '订单号 110101199003071234',
  'HbA1c was 7.2% on 03/02/2024.',
  'Take 500 mg of metformin twice daily.',
  'ICD-10 codes I10 and J45.909',
  'Call 911 if the pain gets worse.',
  'My blood pressure was 140/90 in 2019.',
  "I'm 180 cm tall and weigh 75 kg.",
  'Lab date: 2024-05-01, WBC 6.5 x10^9/L',
  '3月15日复查肝功能',
  '患者出现胸闷气短',
  '我是高血压患者',
  '我和医生沟通过了',
  '血压高医生说要吃药',
  'Patient: Male, 45 years old, chest pain for 2 days.',
  'I have a Dr. appointment tomorrow.',
  '维生素D 2000 IU 每日一次',
  '孩子3岁，体温38.5℃',
  '复查时医生说没事',
  '我先生陪我来的',
  'ALT 45 U/L, AST 38 U/L',
  '尿酸 520 μmol/L，参考范围 208-428',
  '就诊日期：2024年3月15日',
  '请问病历号在哪里看',
  '张力性头痛怎么缓解',
  '我叫了救护车',
  '患者于昨日入院，患者陈述胸痛三天',
  '十分钟医生就来了',
  '杭州市西湖区有哪些三甲医院',
  '1985年出生，有糖尿病',
  'I was born in 1985 and diagnosed in 2010.',
  'The clinic on Baker Street is open late.',
  'Platelets 250 x10^9/L, INR 1.1, take 2 tablets daily',
  '门诊楼3楼301室抽血',
  'Dear Doctor, thank you for the advice.',
  '我是周末来的，我是程序员',
  '服药后 30 分钟测血糖，餐后 2 小时 7.8',
  'Ferritin 15 ng/mL; repeat on 2024/06/01',
  '我的手机坏了，邮箱也登不上',
  'Appointment at 10:30 on 2024-03-15, room 12',
  '3月2日生病了，到现在还没好',
  '生日快乐！最近胃口不好',
  'She was born premature at 32 weeks.',
  '患者王一直咳嗽，患者李三天前发烧',
  '请于3月20日上午8点空腹到门诊3楼抽血',
];

describe(detectPhi.name, () => {
  it('has a corpus large enough to mean something', () => {
    expect(POSITIVES.length).toBeGreaterThanOrEqual(60);
    expect(NEGATIVES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(POSITIVES)('finds PHI in %s', (utterance, kind, expected) => {
    const found = detectPhi(utterance);
    expect(found).toContainEqual(expect.objectContaining({ kind, text: expected }));
    for (const span of found) expect(utterance.slice(span.start, span.end)).toBe(span.text);
  });

  it.each(NEGATIVES)('finds nothing in %s', (utterance) => {
    expect(detectPhi(utterance)).toEqual([]);
  });

  it.each(POSITIVES)('redacts %s completely and idempotently', (utterance) => {
    const once = redact(utterance);
    expect(detectPhi(once.text)).toEqual([]);
    expect(redact(once.text).text).toBe(once.text);
  });

  it.each(NEGATIVES)('leaves %s unchanged when redacting', (utterance) => {
    expect(redact(utterance).text).toBe(utterance);
  });

  it('reports several findings of one message without overlaps, in text order', () => {
    const text =
      '我叫张伟，身份证号11010519491231002X，手机13800138000，住在北京市朝阳区建国路88号，邮箱zw@example.com';
    const found = detectPhi(text);
    expect(found.map((f) => f.kind)).toEqual(['name', 'resident-id', 'phone', 'address', 'email']);
    for (const [i, span] of found.entries()) {
      const next = found[i + 1];
      if (next) expect(span.end).toBeLessThanOrEqual(next.start);
    }
  });

  it('prefers the validated id number over a labelled insurance number on the same digits', () => {
    const found = detectPhi('社保卡号：330106198801014514');
    expect(found).toEqual([expect.objectContaining({ kind: 'resident-id', confidence: 0.99 })]);
  });

  it('keeps clinicians names when asked to', () => {
    const text = '张医生和Dr. Smith都说王女士可以出院';
    expect(detectPhi(text).map((f) => f.text)).toEqual(['张', 'Smith', '王']);
    expect(detectPhi(text, { clinicianNames: false }).map((f) => f.text)).toEqual(['王']);
  });

  it('filters by kind and by confidence', () => {
    const text = '我叫张伟，手机13800138000，身份证号：110101199003071234';
    expect(detectPhi(text, { kinds: ['phone'] }).map((f) => f.kind)).toEqual(['phone']);
    // The mistyped id is reported at 0.7 only.
    expect(detectPhi(text, { minConfidence: 0.8 }).map((f) => f.kind)).toEqual(['name', 'phone']);
  });

  it('stays fast on long and adversarial input', () => {
    const inputs = [
      '1'.repeat(20_000),
      '13800138000'.repeat(2_000),
      `+${'1'.repeat(40)}x `.repeat(500),
      '患者王王王王王'.repeat(3_000),
      '杭州市西湖区文三路'.repeat(3_000),
      'Dr. Ab Ab Ab Ab Ab '.repeat(2_000),
      '1 2 '.repeat(5_000),
    ];
    const started = Date.now();
    for (const input of inputs) detectPhi(input);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('reads full-width digits and punctuation, reporting the original text', () => {
    const text = '手机１３８００１３８０００，邮箱ｚｗ＠ｅｘａｍｐｌｅ．ｃｏｍ';
    expect(detectPhi(text).map((f) => [f.kind, f.text])).toEqual([
      ['phone', '１３８００１３８０００'],
      ['email', 'ｚｗ＠ｅｘａｍｐｌｅ．ｃｏｍ'],
    ]);
  });

  it('never reports placeholders', () => {
    expect(detectPhi('患者：[PHI_NAME_1]，MRN: [PHI_MRN_1]，Dr. [PHI_NAME_2]')).toEqual([]);
  });
});
