/**
 * A message prepared for matching, with a map back to the original so evidence can quote what the
 * patient actually wrote. `starts[i]`/`ends[i]` are the original UTF-16 range of `text[i]`.
 */
export interface NormalizedText {
  readonly original: string;
  readonly text: string;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

// Clinically relevant traditional characters → simplified, so HK/TW spellings hit the same patterns.
// Deliberately small: a full converter is a dependency this pure library does not take.
const TRADITIONAL =
  '頭头悶闷難难過过氣气嘔呕腦脑風风癇痫藥药嚨咙腫肿懷怀動动燙烫視视歲岁個个燒烧發发說说話话' +
  '殺杀沒没無无臉脸腳脚體体覺觉暈晕醫医們们後后還还這这麼么會会兒儿媽妈爺爷車车禍祸傷伤墜坠' +
  '樓楼斷断嗎吗從从熱热頸颈壓压厲厉緊紧邊边膚肤紅红點点電电擊击蟲虫蝦虾膽胆腸肠糞粪驚惊癲癫' +
  '產产婦妇應应識识見见聽听農农劑剂誤误觸触嚴严劇剧為为時时鐘钟幾几週周兩两對对裡里裏里亂乱' +
  '輕轻結结東东撐撑鬱郁憂忧慮虑紺绀衝冲吳吴擔担專专護护搶抢術术輸输針针敏敏鬆松摀捂濕湿癢痒' +
  '瘡疮膿脓嚥咽鹹咸噁恶喪丧誰谁顯显類类髒脏潰溃瘍疡遺遗麼么藥药';

const TRADITIONAL_MAP: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const chars = Array.from(TRADITIONAL);
  for (let i = 0; i + 1 < chars.length; i += 2) {
    const from = chars[i];
    const to = chars[i + 1];
    if (from !== undefined && to !== undefined) map.set(from, to);
  }
  return map;
})();

const PUNCTUATION_MAP: ReadonlyMap<string, string> = new Map([
  ['\u2018', "'"],
  ['\u2019', "'"],
  ['\u201b', "'"],
  ['`', "'"],
  ['\u00b4', "'"],
  ['\u201c', '"'],
  ['\u201d', '"'],
  ['\u2010', '-'],
  ['\u2011', '-'],
  ['\u2012', '-'],
  ['\u2013', '-'],
  ['\u2014', '-'],
  ['\u2212', '-'],
]);

const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/;
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const LATIN_LETTER = /[a-z]/;

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

/**
 * Normalises a message for rule matching: NFKC (full-width → half-width, ℃ → °c), lower case,
 * curly quotes and dashes to ASCII, a few traditional characters to simplified, whitespace
 * collapsed (and dropped next to Chinese characters), invisible characters removed, and every run
 * of the same Latin letter squeezed to one ("caaaan't breeeathe" → "can't breathe",
 * "chesst" → "chest"). Rule patterns get the same squeeze (`squeezePattern`), so they are written
 * in ordinary spelling.
 */
export function normalizeForTriage(original: string): NormalizedText {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];

  const push = (ch: string, start: number, end: number): void => {
    const last = out[out.length - 1];
    if (/\s/.test(ch)) {
      if (last === undefined || last === ' ') return;
      out.push(' ');
      starts.push(start);
      ends.push(end);
      return;
    }
    if (last === ' ' && (isCjk(ch) || isCjk(out[out.length - 2]))) {
      out.pop();
      starts.pop();
      ends.pop();
    }
    const previous = out[out.length - 1];
    if (previous === ch && LATIN_LETTER.test(ch)) {
      ends[ends.length - 1] = end;
      return;
    }
    out.push(ch);
    starts.push(start);
    ends.push(end);
  };

  let index = 0;
  for (const codePoint of original) {
    const start = index;
    index += codePoint.length;
    if (INVISIBLE.test(codePoint)) continue;
    for (const raw of codePoint.normalize('NFKC').toLowerCase()) {
      const ch = PUNCTUATION_MAP.get(raw) ?? TRADITIONAL_MAP.get(raw) ?? raw;
      push(ch, start, index);
    }
  }
  if (out[out.length - 1] === ' ') {
    out.pop();
    starts.pop();
    ends.pop();
  }
  return { original, text: out.join(''), starts, ends };
}

/** The original text behind `text.slice(from, to)`. */
export function originalSlice(normalized: NormalizedText, from: number, to: number): string {
  const start = normalized.starts[from];
  const end = normalized.ends[to - 1];
  if (start === undefined || end === undefined || to <= from) return '';
  return normalized.original.slice(start, end);
}

/**
 * Applies the letter squeeze of `normalizeForTriage` to a regular expression source: runs of the
 * same literal Latin letter become one; escapes (`\b`, `\s`) are left alone.
 */
export function squeezePattern(source: string): string {
  let result = '';
  let previousLiteral: string | undefined;
  for (let i = 0; i < source.length; i += 1) {
    const ch = source.charAt(i);
    if (ch === '\\') {
      // Copy the whole escape: \b, \uXXXX, \xXX, \u{...}, \p{...}.
      const next = source.charAt(i + 1);
      let length = 2;
      if (source.charAt(i + 2) === '{' && (next === 'u' || next === 'p' || next === 'P')) {
        length = source.indexOf('}', i) - i + 1;
      } else if (next === 'u') {
        length = 6;
      } else if (next === 'x') {
        length = 4;
      }
      result += source.slice(i, i + length);
      i += length - 1;
      previousLiteral = undefined;
      continue;
    }
    if (LATIN_LETTER.test(ch)) {
      if (ch === previousLiteral) continue;
      previousLiteral = ch;
    } else {
      previousLiteral = undefined;
    }
    result += ch;
  }
  return result;
}
