import type { PhiSpan } from './phi-span';
import { allMatches, phiSpan } from './phi-span';

const HAN = '[\\u4e00-\\u9fff]';
// Function words that never belong to a place name: they stop a component from reaching back
// into the sentence ("我住在杭州市…" starts at 杭).
const NOT_PLACE = '我你他她它们的是在住于到去从就也还要想请找看过了着吗呢吧啊址，';
const PLACE = `(?:(?![${NOT_PLACE}])${HAN})`;
const PLACE_OR_DIGIT = `(?:${PLACE}|[0-9A-Za-z])`;
const PROVINCES =
  '北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门';

// Components in the order Chinese addresses write them, from province down to room. Each is a
// capture group so a match can be judged by which components it has.
const COMPONENTS = {
  province: `(?:${PROVINCES})(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)?`,
  city: `${PLACE}{1,6}?(?:自治州|地区|市|州|盟)`,
  // Not a ward (病区), a residential compound (小区) or a campus (校区): those are no district.
  district: `${PLACE}{1,6}?(?<![小社园病景校院片分专展])(?:新区|区|县|旗)`,
  town: `${PLACE}{1,6}?(?:街道|镇|乡)`,
  road: `${PLACE_OR_DIGIT}{1,10}?(?:大道|大街|路|街|巷|胡同)(?:[东南西北中一二三四五六七八九十]段)?`,
  // "3号" before 楼 or 房 is a building or room, left to those components.
  number: '(?:\\d{1,5}(?:-\\d{1,5})?(?:号院|号(?![楼房])|弄|巷)){1,2}',
  compound: `${PLACE_OR_DIGIT}{1,10}?(?:小区|花园|公寓|家园|新村|大厦|公馆|苑|村)`,
  building: '[0-9A-Za-z]{1,4}(?:号楼|幢|栋|座)',
  // "2单元501": a unit, then its door without a suffix.
  unit: '\\d{1,3}单元(?:\\d{3,4}(?![\\d层楼号室]))?',
  floor: '\\d{1,3}(?:层|楼)(?!梯)',
  room: '\\d{1,5}(?:室|号房|房)',
} as const;
type Component = keyof typeof COMPONENTS;
const ORDER = Object.keys(COMPONENTS) as Component[];
// Components that name a place, and components fine enough to find a door.
const NAMED: ReadonlySet<Component> = new Set([
  'province',
  'city',
  'district',
  'town',
  'road',
  'compound',
]);
const FINE: ReadonlySet<Component> = new Set([
  'town',
  'road',
  'number',
  'compound',
  'building',
  'unit',
  'floor',
  'room',
]);

// Numbers are bounded and never start inside a longer number, which keeps matching linear on long
// runs of digits.
const CHINESE_ADDRESS = new RegExp(
  `(?<![0-9A-Za-z])${ORDER.map((c) => `(${COMPONENTS[c]})?`).join('')}`,
  'g',
);

// Full words end at a word boundary; abbreviations may carry their period ("St.").
const STREET_SUFFIX =
  '(?:(?:Street|Road|Avenue|Boulevard|Lane|Drive|Court|Place|Way|Terrace|Close|Square|Crescent|Highway|Parkway|Circle|Row|Mews)\\b|(?:St|Rd|Ave|Blvd|Ln|Dr|Ct|Pl|Sq|Hwy|Pkwy|Cir)\\b\\.?)';
const STREET_WORD = '(?:[A-Z][a-z]+|[NSEW]\\.?|\\d{1,3}(?:st|nd|rd|th))';
const SECONDARY =
  '(?:,?\\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Rm|#)\\.?\\s*#?[A-Za-z0-9-]+)?';
// City, state and ZIP only when the state or ZIP is there, so "12 Main St, Then we…" stops at St.
const LOCALITY =
  '(?:,\\s*[A-Z][a-z]+(?:\\s[A-Z][a-z]+)*,?\\s+(?:[A-Z]{2}(?:\\s+\\d{5}(?:-\\d{4})?)?|\\d{5}(?:-\\d{4})?)\\b)?';
const ENGLISH_ADDRESS = new RegExp(
  `\\b\\d{1,5}[A-Za-z]?\\s+(?:${STREET_WORD}\\s+){1,4}${STREET_SUFFIX}${SECONDARY}${LOCALITY}`,
  'g',
);
const PO_BOX = /\bP\.?\s?O\.?\s+Box\s+\d+\b/gi;

/**
 * Finds postal addresses. Chinese: a run of address components (province, city, district,
 * street/town, road, number, compound, building, unit, floor, room) with at least two components,
 * one of which names a place and one of which is street-level or finer. A city or district alone
 * ("杭州市西湖区") is not reported: it is coarse, and the assistant needs it to recommend a
 * hospital nearby. English: house number, street name and suffix, optional apartment and
 * city/state/ZIP; PO boxes.
 */
export function detectAddresses(text: string): PhiSpan[] {
  const spans: PhiSpan[] = [];
  for (const m of allMatches(CHINESE_ADDRESS, text)) {
    if (m[0].length === 0) continue;
    const present = ORDER.filter((_, i) => (m[i + 1] ?? '') !== '');
    const named = present.filter((c) => NAMED.has(c));
    const fine = present.filter((c) => FINE.has(c));
    if (present.length < 2 || named.length === 0 || fine.length === 0) continue;
    const precise = present.some((c) => c === 'number' || c === 'building' || c === 'room');
    spans.push(phiSpan('address', text, m.index, m.index + m[0].length, precise ? 0.9 : 0.75));
  }
  for (const m of allMatches(ENGLISH_ADDRESS, text)) {
    spans.push(phiSpan('address', text, m.index, m.index + m[0].length, 0.85));
  }
  for (const m of allMatches(PO_BOX, text)) {
    spans.push(phiSpan('address', text, m.index, m.index + m[0].length, 0.85));
  }
  return spans;
}
