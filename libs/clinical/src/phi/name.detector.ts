import {
  AMBIGUOUS_SURNAMES,
  CHINESE_COMPOUND_SURNAMES,
  CHINESE_SURNAMES,
} from './chinese-surnames';
import type { PhiDetectorOptions, PhiSpan } from './phi-span';
import { allMatches, phiSpan } from './phi-span';

// ---------------------------------------------------------------------------------------------
// Chinese
// ---------------------------------------------------------------------------------------------

const CLINICIAN_TITLES = ['护士长', '医生', '大夫', '医师', '护士', '主任', '教授', '院长', '专家'];
const OTHER_TITLES =
  '先生 女士 小姐 太太 夫人 阿姨 叔叔 伯伯 大爷 大妈 奶奶 爷爷 老师 师傅 同学 经理 老板'.split(' ');
const CLINICIAN_TITLE_SET: ReadonlySet<string> = new Set(CLINICIAN_TITLES);
const TITLES = new RegExp(`(?:${[...CLINICIAN_TITLES, ...OTHER_TITLES].join('|')})`, 'g');
const TITLE_AT = new RegExp(`^(?:${[...CLINICIAN_TITLES, ...OTHER_TITLES].join('|')})`);

// Characters that (almost) never occur in a given name but often follow a surname-like character
// in ordinary speech: particles, pronouns, time words, large numerals, symptoms, body parts, care
// words.
const GIVEN_STOP: ReadonlySet<string> = new Set(
  '的是在有和与及或了着过也都就还又再才被把对从向给让叫说问来去到做要想会能可该今昨前后上下里外内年月日时分秒岁周某男女先生士姐姨叔医护院科诊疗治检查术药针片服吃喝住入出发现已经因为所以但而且很太最更非不没无未请谢您你我他她它们这那哪什么怎样啊吗呢吧哦呀嗯个位名号床人病症痛疼痒咳嗽热烧血压糖尿便吐泻晕感染炎癌瘤肿胸腹头腰腿肝肾肺胃肠眼耳鼻口牙十百千万老直次般些点共',
);

// Characters before an ambiguous surname that show a word boundary: "找于医生", "的高主任",
// "请问何医生", but not "血压高医生说" or "十分钟医生就来".
const LEFT_BOUNDARY: ReadonlySet<string> = new Set(
  '找问挂看请约是给跟和同对向让叫谢的说位及与或见等被由将把称为荐绍诉告联系了到来去个名感呼遇访拜求陪帮',
);
// Characters after a cue-introduced name with an ambiguous surname that show the name ended.
const RIGHT_BOUNDARY: ReadonlySet<string> = new Set(
  '男女今是的在说因于来去最近已有先同也患出自主岁年反从和与及等被经入就现感觉咳头发腹胸啊呀吧呢哦',
);

// Words that start with a surname character but are not names ("患者陈述…", "我是周末来的").
const NOT_NAMES: readonly string[] =
  '陈述 曾经 曾有 曾患 曾在 曾于 曾因 周末 周一 周二 周三 周四 周五 周六 周日 周天 周岁 周围 周身 周期 黄疸 高热 高烧 严重 严格 程序 任何 何时 马上 于是 方面 许多 董事 白天 毛发 童年 孔隙 关节 康复 温度 范围 包括 叶酸 牛奶 常常 万一'.split(
    ' ',
  );

const CUES_ZH = new RegExp(
  `(?:我叫|我名叫|我的名字是|我的名字叫|名字叫|名字是|我是|本人|患者姓名|病人姓名|姓名|患者|病人|患儿|就诊人|联系人|家属|监护人|签名|(?:我|他|她)的?(?:爸爸|妈妈|父亲|母亲|儿子|女儿|老公|老婆|丈夫|妻子|爱人|爷爷|奶奶|外公|外婆|孩子)(?:叫|名叫|是)|他叫|她叫)[:：\\s]*`,
  'g',
);

const isHan = (c: string | undefined): boolean => c !== undefined && /^[\u4e00-\u9fff]$/.test(c);

function surnameAt(text: string, at: number): string | undefined {
  const two = text.slice(at, at + 2);
  if (CHINESE_COMPOUND_SURNAMES.has(two)) return two;
  const one = text.charAt(at);
  return CHINESE_SURNAMES.has(one) ? one : undefined;
}

function isNotName(text: string, at: number): boolean {
  return NOT_NAMES.some((word) => text.startsWith(word, at));
}

// A numeral is fine in a given name (王一博, 张三) but not when it starts a count ("王一直咳嗽",
// "李三天前").
const NUMERALS: ReadonlySet<string> = new Set('一二三四五六七八九两');
const COUNTED: ReadonlySet<string> = new Set('直天周次般起下些点个样年月晚夜阵会日小分秒岁星');

function givenCharOk(text: string, at: number): boolean {
  const c = text.charAt(at);
  if (!isHan(c) || GIVEN_STOP.has(c) || TITLE_AT.test(text.slice(at))) return false;
  return !(NUMERALS.has(c) && COUNTED.has(text.charAt(at + 1)));
}

function leftBounded(text: string, at: number): boolean {
  const before = text.charAt(at - 1);
  return at === 0 || !isHan(before) || LEFT_BOUNDARY.has(before);
}

// "我叫张伟", "患者：李小明，", "我儿子叫欧阳娜娜": surname from the list, one or two given characters.
function chineseNamesAfterCues(text: string): PhiSpan[] {
  const spans: PhiSpan[] = [];
  for (const cue of allMatches(CUES_ZH, text)) {
    const start = cue.index + cue[0].length;
    const surname = surnameAt(text, start);
    if (surname === undefined || isNotName(text, start)) continue;
    let end = start + surname.length;
    while (end - start - surname.length < 2 && givenCharOk(text, end)) end += 1;
    if (end === start + surname.length) continue;
    if (surname.length === 1 && AMBIGUOUS_SURNAMES.has(surname)) {
      const next = text.charAt(end);
      const ended = !isHan(next) || RIGHT_BOUNDARY.has(next) || TITLE_AT.test(text.slice(end));
      if (!ended) continue;
    }
    spans.push(phiSpan('name', text, start, end, 0.85));
  }
  return spans;
}

// "王女士", "张伟医生", "骨科的林医生": the name right before a title. The title stays in the text.
function chineseNamesBeforeTitles(text: string, clinicianNames: boolean): PhiSpan[] {
  const spans: PhiSpan[] = [];
  for (const title of allMatches(TITLES, text)) {
    if (!clinicianNames && CLINICIAN_TITLE_SET.has(title[0])) continue;
    const end = title.index;
    const found = nameEndingAt(text, end);
    if (found !== undefined) spans.push(phiSpan('name', text, found.start, end, found.confidence));
  }
  return spans;
}

function nameEndingAt(
  text: string,
  end: number,
): { start: number; confidence: number } | undefined {
  const acceptable = (start: number, surnameLength: number): boolean => {
    const surname = text.slice(start, start + surnameLength);
    const known =
      surnameLength === 2 ? CHINESE_COMPOUND_SURNAMES.has(surname) : CHINESE_SURNAMES.has(surname);
    if (!known || start < 0 || isNotName(text, start)) return false;
    return !AMBIGUOUS_SURNAMES.has(surname) || leftBounded(text, start);
  };
  // Surname with a given name first ("张伟医生"), then a bare surname ("王女士").
  for (const given of [2, 1]) {
    for (const surnameLength of [2, 1]) {
      const start = end - given - surnameLength;
      if (start < 0) continue;
      let ok = acceptable(start, surnameLength);
      for (let i = end - given; ok && i < end; i += 1) ok = givenCharOk(text, i);
      if (ok) return { start, confidence: 0.8 };
    }
  }
  for (const surnameLength of [2, 1]) {
    const start = end - surnameLength;
    if (start >= 0 && acceptable(start, surnameLength)) return { start, confidence: 0.7 };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// English
// ---------------------------------------------------------------------------------------------

const NAME_WORD = "(?:Mc|Mac|O'|D')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?";
// One to three capitalised words, an initial allowed before each ("J. Smith", "Mary J. Blige").
const NAME_WORDS = new RegExp(
  `(?:[A-Z]\\.\\s?)?${NAME_WORD}(?:\\s(?:[A-Z]\\.\\s)?${NAME_WORD}){0,2}`,
  'y',
);
// Capitalised words that follow a cue but are not names ("Patient: Male", "Dr. Appointment").
const NOT_NAME_WORDS: ReadonlySet<string> = new Set(
  'The A An And Or But If Is Was He She They We You It This That Male Female Unknown Anonymous None Adult Child Infant Patient Mr Mrs Ms Miss Mx Dr Prof Professor Nurse Doctor Sir Madam All Team Office Appointment Visit Said Says Told Today Tomorrow Yesterday'.split(
    ' ',
  ),
);

const EN_TITLES = /\b(Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Doctor|Nurse)\b\.?\s+/g;
const EN_CLINICIAN_TITLES: ReadonlySet<string> = new Set([
  'Dr',
  'Prof',
  'Professor',
  'Doctor',
  'Nurse',
]);
const EN_CUES =
  /(?:\bmy\s+name\s+is|\bmy\s+name's|\b(?:patient(?:'s)?|pt\.?|full|first\s+and\s+last)\s+name\s*[:：]|\bname\s+of\s+(?:the\s+)?patient\s*[:：]?|(?<![A-Za-z][ \t]?)\bname\s*[:：]|\bpatient\s*[:：]|\bdear|\b(?:son|daughter|wife|husband|mother|mom|mum|father|dad|brother|sister|child|kid|baby|partner|friend|grandmother|grandfather|grandma|grandpa)(?:'s\s+name\s+is|,?\s+(?:is\s+)?(?:named|called))|姓名[:：]?|我叫)\s*/gi;

function englishNameAt(text: string, at: number): { end: number } | undefined {
  NAME_WORDS.lastIndex = at;
  const m = NAME_WORDS.exec(text);
  if (m === null) return undefined;
  // Cut at the first word that is not a name ("John Smith And …").
  const words = m[0].split(' ');
  let length = 0;
  for (const [i, word] of words.entries()) {
    if (NOT_NAME_WORDS.has(word.replace(/\.$/, ''))) break;
    length += (i === 0 ? 0 : 1) + word.length;
  }
  return length === 0 ? undefined : { end: at + length };
}

function englishNames(text: string, clinicianNames: boolean): PhiSpan[] {
  const spans: PhiSpan[] = [];
  for (const m of allMatches(EN_TITLES, text)) {
    if (!clinicianNames && EN_CLINICIAN_TITLES.has(m[1] ?? '')) continue;
    const start = m.index + m[0].length;
    const found = englishNameAt(text, start);
    if (found !== undefined) spans.push(phiSpan('name', text, start, found.end, 0.8));
  }
  for (const m of allMatches(EN_CUES, text)) {
    const start = m.index + m[0].length;
    const found = englishNameAt(text, start);
    if (found !== undefined) spans.push(phiSpan('name', text, start, found.end, 0.85));
  }
  return spans;
}

/**
 * Finds personal names from context, never from capitalisation alone. Chinese: a common surname
 * with one or two given characters after a cue ("我叫", "患者：", "我儿子叫"), or a surname (with or
 * without given name) before a title ("王女士", "张伟医生"). English: capitalised words after a
 * title ("Mrs. Jane Doe", "Dr. Smith") or a cue ("my name is", "Patient:", "my son is named").
 * Only the name is reported; the title stays. Clinicians' names count unless
 * `clinicianNames: false`.
 */
export function detectPersonNames(text: string, options: PhiDetectorOptions = {}): PhiSpan[] {
  const clinicianNames = options.clinicianNames ?? true;
  return [
    ...chineseNamesAfterCues(text),
    ...chineseNamesBeforeTitles(text, clinicianNames),
    ...englishNames(text, clinicianNames),
  ];
}
