import type { NormalizedText } from './normalize';
import { originalSlice, squeezePattern } from './normalize';

/** A number read from the message, with the words it was read from. */
export interface FactReading {
  readonly value: number;
  readonly evidence: string;
}

export interface ExtractedFacts {
  readonly ageMonths?: FactReading;
  readonly temperatureC?: FactReading;
  readonly glucoseMmolL?: FactReading;
  readonly systolicBp?: FactReading;
}

const DAYS_PER_MONTH = 30.4375;
const MMOL_PER_MGDL = 1 / 18;
// Meters print HI/LO outside their range (roughly above 33.3 and below 1.1 mmol/L).
const METER_HI_MMOL = 33.3;
const METER_LO_MMOL = 1.1;

const ZH_DIGITS: ReadonlyMap<string, number> = new Map([
  ['零', 0],
  ['〇', 0],
  ['一', 1],
  ['二', 2],
  ['两', 2],
  ['三', 3],
  ['四', 4],
  ['五', 5],
  ['六', 6],
  ['七', 7],
  ['八', 8],
  ['九', 9],
]);

const EN_NUMBERS: ReadonlyMap<string, number> = new Map(
  (
    [
      ['a', 1],
      ['an', 1],
      ['one', 1],
      ['two', 2],
      ['three', 3],
      ['four', 4],
      ['five', 5],
      ['six', 6],
      ['seven', 7],
      ['eight', 8],
      ['nine', 9],
      ['ten', 10],
      ['eleven', 11],
      ['twelve', 12],
    ] as const
  ).map(([word, value]) => [squeezePattern(word), value]),
);

/** Parses 38, 38.5, 两, 十二, 三十八 (up to 99). */
export function parseNumberToken(token: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(token)) return Number(token);
  const english = EN_NUMBERS.get(token);
  if (english !== undefined) return english;
  if (token.length === 0) return undefined;
  let total = 0;
  let current = 0;
  for (const ch of token) {
    if (ch === '十') {
      total += (current === 0 ? 1 : current) * 10;
      current = 0;
      continue;
    }
    const digit = ZH_DIGITS.get(ch);
    if (digit === undefined) return undefined;
    current = digit;
  }
  return total + current;
}

const compile = (source: string): RegExp => new RegExp(squeezePattern(source), 'g');

const EN_NUM =
  '(\\d+(?:\\.\\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
const ZH_NUM = '(\\d+(?:\\.\\d+)?|[零〇一二两三四五六七八九十]+)';
const ZH_CHILD =
  '(?:宝宝|婴儿|孩子|小孩|儿子|女儿|闺女|娃|宝贝|小宝|孙子|孙女|外孙|外孙女|新生儿|男宝|女宝)';

interface AgePattern {
  readonly regex: RegExp;
  /** Months from the match, or undefined to skip it. */
  readonly months: (match: RegExpExecArray) => number | undefined;
}

function enUnitMonths(amount: number, unit: string): number {
  if (unit.startsWith('d')) return amount / DAYS_PER_MONTH;
  if (unit.startsWith('w')) return (amount * 7) / DAYS_PER_MONTH;
  if (unit.startsWith('y')) return amount * 12;
  return amount;
}

function zhUnitMonths(amount: number, half: string | undefined, unit: string): number {
  const value = amount + (half === '个半' ? 0.5 : 0);
  if (unit === '天') return value / DAYS_PER_MONTH;
  if (unit === '周' || unit === '星期' || unit === '礼拜') return (value * 7) / DAYS_PER_MONTH;
  if (unit === '岁') return value * 12;
  return value;
}

function fromGroups(
  amountIndex: number,
  unitIndex: number,
  convert: (amount: number, unit: string, match: RegExpExecArray) => number,
): (match: RegExpExecArray) => number | undefined {
  return (match) => {
    const amount = parseNumberToken(match[amountIndex] ?? '');
    const unit = match[unitIndex];
    if (amount === undefined || unit === undefined) return undefined;
    return convert(amount, unit, match);
  };
}

const AGE_PATTERNS: readonly AgePattern[] = [
  {
    regex: compile(`(?<![a-z\\d.])${EN_NUM}[ -]?(day|week|wk|month|mo|year|yr)s?[ -]?old(?![a-z])`),
    months: fromGroups(1, 2, (amount, unit) => enUnitMonths(amount, unit)),
  },
  {
    regex: compile(
      `(?<![a-z])(?:baby|infant|son|daughter|newborn|child|kid|boy|girl|grandson|granddaughter|he|she)(?: is|'s)? (?:only |just |about |almost |nearly )?${EN_NUM} (day|week|wk|month|mo|year|yr)s?(?![a-z])(?! (?:ago|pregnant|along|of|gestation))`,
    ),
    months: fromGroups(1, 2, (amount, unit) => enUnitMonths(amount, unit)),
  },
  {
    regex: compile(`(?<![a-z])(?:new ?born|neonate)(?![a-z])`),
    months: () => 0,
  },
  {
    regex: compile(`(?<![a-z])(?:i'm|i am|im) (\\d{1,3})(?=\\s*(?:$|[,.;!?]|and |years|yrs|y/o))`),
    months: fromGroups(1, 1, (amount) => amount * 12),
  },
  {
    regex: compile(
      `${ZH_CHILD}(?:才|刚|刚满|只有|今年|已经|出生)?${ZH_NUM}(个半|个多|个)?月(?:大|了)?`,
    ),
    months: fromGroups(1, 1, (amount, _unit, match) => zhUnitMonths(amount, match[2], '月')),
  },
  {
    regex: compile(`${ZH_CHILD}(?:才|刚|刚满|只有|出生)${ZH_NUM}(个)?(周|天|星期|礼拜)`),
    months: fromGroups(1, 3, (amount, unit) => zhUnitMonths(amount, undefined, unit)),
  },
  {
    regex: compile(`${ZH_CHILD}${ZH_NUM}(个)?(周|天|星期|礼拜)大`),
    months: fromGroups(1, 3, (amount, unit) => zhUnitMonths(amount, undefined, unit)),
  },
  {
    regex: compile(
      `${ZH_NUM}(个半|个多|个)?(月|周|天|星期)(?:大)?的(?:宝宝|婴儿|孩子|小孩|儿子|女儿|娃|宝贝|新生儿|男孩|女孩|男宝|女宝)`,
    ),
    months: fromGroups(1, 3, (amount, unit, match) => zhUnitMonths(amount, match[2], unit)),
  },
  {
    regex: compile(`出生(?:才|刚|仅|只有)?${ZH_NUM}(个)?(天|周|月|星期)`),
    months: fromGroups(1, 3, (amount, unit) => zhUnitMonths(amount, undefined, unit)),
  },
  {
    regex: compile(`${ZH_NUM}岁(半)?`),
    months: fromGroups(1, 1, (amount, _unit, match) => (amount + (match[2] ? 0.5 : 0)) * 12),
  },
  { regex: compile('满月'), months: () => 1 },
  { regex: compile('(?:新生儿|刚出生)'), months: () => 0 },
];

const TEMPERATURE_ZH = compile('([三四]十[一二三四五六七八九]?)度([一二三四五六七八九])?');
const TEMPERATURE = compile(
  '(?<![\\d./])(\\d{2,3}(?:\\.\\d{1,2})?)(?!\\d)(?:(?:度|点)(\\d)(?!\\d))?\\s*(°\\s*c|°\\s*f|°|度|degrees?(?:\\s*(?:celsius|centigrade|fahrenheit|c|f))?|c(?![a-z])|f(?![a-z]))?',
);
const NOT_A_TEMPERATURE_AFTER = new RegExp(
  squeezePattern(
    '^\\s*(?:岁|周|天|个|kg|公斤|斤|cm|mmol|mg|次|分|min|小时|h(?![a-z])|hours?|%|号|元|years?|yrs?|weeks?|wks?|days?|months?|mo(?![a-z])|lbs?|/|g(?![a-z])|ml|bpm|mmhg|楼|层|米)',
  ),
);
const FEVER_CONTEXT = new RegExp(
  squeezePattern(
    '(?:发烧|发热|高烧|低烧|烧到|烧|体温|腋温|肛温|耳温|额温|温度|量了|fever|temp|temperature|thermometer|febrile|reading)',
  ),
);

const GLUCOSE = compile(
  '(?<![a-z])(?:血糖|葡萄糖|glucose|blood sugar|sugar|bgl|bg|bs)[^\\d\\n]{0,12}?(?<![\\d.])(\\d{1,3}(?:\\.\\d+)?)(?![\\d.])\\s*(mmol(?:/l)?|mg/dl|mg|毫摩尔)?(?!\\s*(?:年|岁|天|周|个月|years?|days?|weeks?|months?|%|/))',
);
const GLUCOSE_METER = compile(
  '(?<![a-z])(?:血糖仪|血糖|meter|glucometer|glucose|sugar)(?:[\\s:：]|[\\u4e00-\\u9fff]|says|shows|reads|is|displays|just|only){0,8}(?<![a-z])(hi|lo)(?![a-z])',
);
const BLOOD_PRESSURE = compile(
  '(?<![a-z])(?:血压|blood pressure|bp)[^\\d\\n]{0,10}(\\d{2,3})\\s*/\\s*(\\d{2,3})|高压(?:是|有|到)?(\\d{2,3})',
);

function* matches(regex: RegExp, text: string): Generator<RegExpExecArray> {
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    if (match[0].length === 0) regex.lastIndex += 1;
    yield match;
  }
}

function reading(normalized: NormalizedText, match: RegExpExecArray, value: number): FactReading {
  return {
    value: Math.round(value * 100) / 100,
    evidence: originalSlice(normalized, match.index, match.index + match[0].length),
  };
}

function extractAge(normalized: NormalizedText): FactReading | undefined {
  let best: FactReading | undefined;
  for (const pattern of AGE_PATTERNS) {
    for (const match of matches(pattern.regex, normalized.text)) {
      const months = pattern.months(match);
      if (months === undefined || !Number.isFinite(months) || months < 0 || months > 1800) continue;
      // The youngest person mentioned is the one a rule must protect.
      if (best === undefined || months < best.value) best = reading(normalized, match, months);
    }
  }
  return best;
}

function extractTemperature(normalized: NormalizedText): FactReading | undefined {
  const { text } = normalized;
  let best: FactReading | undefined;
  const consider = (match: RegExpExecArray, celsius: number): void => {
    if (celsius < 34 || celsius > 43.5) return;
    if (best === undefined || celsius > best.value) best = reading(normalized, match, celsius);
  };

  for (const match of matches(TEMPERATURE_ZH, text)) {
    const whole = parseNumberToken(match[1] ?? '');
    const tenth = parseNumberToken(match[2] ?? '0') ?? 0;
    if (whole !== undefined) consider(match, whole + tenth / 10);
  }

  for (const match of matches(TEMPERATURE, text)) {
    const digits = match[1] ?? '';
    const tenth = match[2];
    const unit = (match[3] ?? '').replace(/\s/g, '');
    const end = match.index + match[0].length;
    if (NOT_A_TEMPERATURE_AFTER.test(text.slice(end))) continue;
    const value = Number(tenth === undefined ? digits : `${digits}.${tenth}`);
    const context = FEVER_CONTEXT.test(text.slice(Math.max(0, match.index - 12), match.index));
    const hasDecimal = value % 1 !== 0;
    const fahrenheitUnit = unit.endsWith('f') || unit.includes('fahrenheit');
    const celsiusUnit = tenth !== undefined || unit.length > 0;
    if (fahrenheitUnit || (value >= 93 && value <= 111 && (celsiusUnit || context))) {
      consider(match, ((value - 32) * 5) / 9);
    } else if (celsiusUnit || hasDecimal || context) {
      consider(match, value);
    }
  }
  return best;
}

function extractGlucose(normalized: NormalizedText): FactReading | undefined {
  const readings: FactReading[] = [];
  for (const match of matches(GLUCOSE, normalized.text)) {
    const value = Number(match[1]);
    const unit = match[2] ?? '';
    // Without a unit, Chinese meters read mmol/L; a value above 35 can only be mg/dL.
    const mmol =
      unit.startsWith('mg') || (unit === '' && value > 35) ? value * MMOL_PER_MGDL : value;
    if (mmol > 0 && mmol < 60) readings.push(reading(normalized, match, mmol));
  }
  for (const match of matches(GLUCOSE_METER, normalized.text)) {
    readings.push(reading(normalized, match, match[1] === 'hi' ? METER_HI_MMOL : METER_LO_MMOL));
  }
  if (readings.length === 0) return undefined;
  // The most abnormal reading decides: any low one, else the highest.
  const low = readings.filter((r) => r.value < 3.9);
  const pool = low.length > 0 ? low : readings;
  return pool.reduce((a, b) => ((low.length > 0 ? b.value < a.value : b.value > a.value) ? b : a));
}

function extractSystolic(normalized: NormalizedText): FactReading | undefined {
  let best: FactReading | undefined;
  for (const match of matches(BLOOD_PRESSURE, normalized.text)) {
    const systolic = Number(match[1] ?? match[3]);
    if (systolic < 50 || systolic > 320) continue;
    if (best === undefined || systolic > best.value) best = reading(normalized, match, systolic);
  }
  return best;
}

/** Reads age, body temperature, blood glucose and systolic pressure from a normalised message. */
export function extractFacts(normalized: NormalizedText): ExtractedFacts {
  const ageMonths = extractAge(normalized);
  const temperatureC = extractTemperature(normalized);
  const glucoseMmolL = extractGlucose(normalized);
  const systolicBp = extractSystolic(normalized);
  return {
    ...(ageMonths && { ageMonths }),
    ...(temperatureC && { temperatureC }),
    ...(glucoseMmolL && { glucoseMmolL }),
    ...(systolicBp && { systolicBp }),
  };
}
