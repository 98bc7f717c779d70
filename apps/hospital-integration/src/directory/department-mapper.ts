import { findDepartment, standardDepartments } from '@meridian/clinical';

/**
 * Names hospitals commonly give their departments, by standard code. The taxonomy's own zh/en names
 * are matched as well; these cover the short forms and variants found on hospital websites.
 */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  'internal-medicine': ['内科', '大内科', '综合内科'],
  cardiology: ['心内科', '心血管科', '心脏内科', '心血管病科'],
  respiratory: ['呼吸科', '呼吸与危重症医学科', '呼吸内科', '肺病科'],
  gastroenterology: ['消化科', '消化内科', '脾胃病科'],
  neurology: ['神经科', '神内'],
  nephrology: ['肾病科', '肾脏内科', '肾内'],
  endocrinology: ['内分泌', '糖尿病科', '内分泌代谢科'],
  hematology: ['血液科'],
  rheumatology: ['风湿科', '免疫科', '风湿免疫'],
  'infectious-diseases': ['传染科', '感染性疾病科', '肝病科', '发热门诊'],
  surgery: ['外科', '大外科'],
  'general-surgery': ['普外科', '胃肠外科', '肝胆外科', '甲乳外科', '乳腺外科', '普通外科'],
  orthopedics: ['骨伤科', '脊柱外科', '关节外科', '创伤骨科', '运动医学科'],
  urology: ['泌尿科'],
  neurosurgery: ['脑外科', '神外'],
  'cardiothoracic-surgery': ['胸外科', '心外科', '心脏外科', '胸心外科'],
  'obstetrics-gynecology': ['妇产'],
  gynecology: ['妇科'],
  obstetrics: ['产科'],
  pediatrics: ['儿科', '儿内科', '小儿科', '儿童保健科'],
  neonatology: ['新生儿'],
  ophthalmology: ['眼科'],
  otolaryngology: ['耳鼻喉科', '耳鼻咽喉头颈外科', '五官科', 'ENT'],
  stomatology: ['口腔', '牙科', '口腔科'],
  dermatology: ['皮肤科', '皮肤性病科', '皮肤病科'],
  psychiatry: ['精神科', '精神心理科', '精神卫生科'],
  psychology: ['心理科', '心理咨询', '医学心理科'],
  oncology: ['肿瘤科', '肿瘤内科', '放疗科', '化疗科'],
  emergency: ['急诊', '急诊医学科', '急救中心'],
  rehabilitation: ['康复科', '康复医学科', '理疗科'],
  'traditional-chinese-medicine': ['中医科', '中医内科', '针灸科', '推拿科', '国医堂'],
  'general-practice': ['全科', '全科医学科'],
  nutrition: ['营养科'],
  'pain-management': ['疼痛科'],
  radiology: ['放射科', '影像科', '超声科', 'CT室'],
  laboratory: ['检验科'],
};

interface Alias {
  readonly text: string;
  readonly code: string;
  /** Latin aliases match whole words only ("ENT" must not match "patient"). */
  readonly latin: boolean;
}

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

const LATIN = /^[\x20-\x7e]+$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when the normalised `name` contains the alias (as a word for Latin aliases). */
function contains(name: string, alias: Alias): boolean {
  if (alias.latin)
    return new RegExp(`(^|[^a-z0-9])${escapeRegExp(alias.text)}($|[^a-z0-9])`).test(name);
  return name.replace(/ /g, '').includes(alias.text);
}

// Longer aliases first, so that "小儿呼吸科" finds 呼吸科 before 儿科, and "心血管内科" finds itself
// before 内科. Among equal lengths, the taxonomy's order decides.
const ALL_ALIASES: readonly Alias[] = standardDepartments()
  .flatMap((d, order) =>
    [d.nameZh, d.nameEn, d.code, ...(ALIASES[d.code] ?? [])].map((raw) => {
      const text = normalize(raw);
      const latin = LATIN.test(text);
      return { text: latin ? text : text.replace(/ /g, ''), code: d.code, latin, order };
    }),
  )
  .sort((a, b) => b.text.length - a.text.length || a.order - b.order)
  .map(({ text, code, latin }) => ({ text, code, latin }));

/**
 * Maps a hospital's own department name onto the standard taxonomy: the longest known name or alias
 * it contains wins. Undefined when nothing matches — the caller keeps the name as unmapped.
 */
export function mapDepartmentName(localName: string): string | undefined {
  const name = normalize(localName);
  if (name.length === 0) return undefined;
  return ALL_ALIASES.find((alias) => contains(name, alias))?.code;
}

/**
 * Standard codes a free-text search word refers to: departments whose name or alias contains the
 * word ("心内" → cardiology), or the department the word names ("杭州心内科" → cardiology).
 */
export function departmentCodesMatching(word: string): string[] {
  const needle = normalize(word);
  if (needle.length === 0) return [];
  const codes = new Set<string>();
  for (const alias of ALL_ALIASES) {
    if (
      alias.latin ? needle.length >= 3 && alias.text.includes(needle) : alias.text.includes(needle)
    ) {
      codes.add(alias.code);
    }
  }
  // A word that names a department among other things ("杭州心内科") means that department only.
  const named = mapDepartmentName(word);
  if (named !== undefined) codes.add(named);
  return [...codes].filter((code) => findDepartment(code) !== undefined).sort();
}
