/** A department of the standard taxonomy every hospital's own department names are mapped onto. */
export interface StandardDepartment {
  readonly code: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** The department this one belongs to, e.g. cardiology → internal-medicine. */
  readonly parent?: string;
}

// Modelled on the clinical department catalogue Chinese hospitals register under (诊疗科目), with
// the sub-specialties patients book most often.
const DEPARTMENTS: readonly StandardDepartment[] = [
  { code: 'internal-medicine', nameZh: '内科', nameEn: 'Internal Medicine' },
  { code: 'cardiology', nameZh: '心血管内科', nameEn: 'Cardiology', parent: 'internal-medicine' },
  {
    code: 'respiratory',
    nameZh: '呼吸内科',
    nameEn: 'Respiratory Medicine',
    parent: 'internal-medicine',
  },
  {
    code: 'gastroenterology',
    nameZh: '消化内科',
    nameEn: 'Gastroenterology',
    parent: 'internal-medicine',
  },
  { code: 'neurology', nameZh: '神经内科', nameEn: 'Neurology', parent: 'internal-medicine' },
  { code: 'nephrology', nameZh: '肾内科', nameEn: 'Nephrology', parent: 'internal-medicine' },
  {
    code: 'endocrinology',
    nameZh: '内分泌科',
    nameEn: 'Endocrinology',
    parent: 'internal-medicine',
  },
  { code: 'hematology', nameZh: '血液内科', nameEn: 'Hematology', parent: 'internal-medicine' },
  {
    code: 'rheumatology',
    nameZh: '风湿免疫科',
    nameEn: 'Rheumatology and Immunology',
    parent: 'internal-medicine',
  },
  {
    code: 'infectious-diseases',
    nameZh: '感染科',
    nameEn: 'Infectious Diseases',
    parent: 'internal-medicine',
  },
  { code: 'surgery', nameZh: '外科', nameEn: 'Surgery' },
  { code: 'general-surgery', nameZh: '普通外科', nameEn: 'General Surgery', parent: 'surgery' },
  { code: 'orthopedics', nameZh: '骨科', nameEn: 'Orthopedics', parent: 'surgery' },
  { code: 'urology', nameZh: '泌尿外科', nameEn: 'Urology', parent: 'surgery' },
  { code: 'neurosurgery', nameZh: '神经外科', nameEn: 'Neurosurgery', parent: 'surgery' },
  {
    code: 'cardiothoracic-surgery',
    nameZh: '心胸外科',
    nameEn: 'Cardiothoracic Surgery',
    parent: 'surgery',
  },
  { code: 'obstetrics-gynecology', nameZh: '妇产科', nameEn: 'Obstetrics and Gynecology' },
  { code: 'gynecology', nameZh: '妇科', nameEn: 'Gynecology', parent: 'obstetrics-gynecology' },
  { code: 'obstetrics', nameZh: '产科', nameEn: 'Obstetrics', parent: 'obstetrics-gynecology' },
  { code: 'pediatrics', nameZh: '儿科', nameEn: 'Pediatrics' },
  { code: 'neonatology', nameZh: '新生儿科', nameEn: 'Neonatology', parent: 'pediatrics' },
  { code: 'ophthalmology', nameZh: '眼科', nameEn: 'Ophthalmology' },
  { code: 'otolaryngology', nameZh: '耳鼻咽喉科', nameEn: 'Otolaryngology (ENT)' },
  { code: 'stomatology', nameZh: '口腔科', nameEn: 'Stomatology (Dentistry)' },
  { code: 'dermatology', nameZh: '皮肤科', nameEn: 'Dermatology' },
  { code: 'psychiatry', nameZh: '精神科', nameEn: 'Psychiatry' },
  { code: 'psychology', nameZh: '心理科', nameEn: 'Clinical Psychology' },
  { code: 'oncology', nameZh: '肿瘤科', nameEn: 'Oncology' },
  { code: 'emergency', nameZh: '急诊科', nameEn: 'Emergency Medicine' },
  { code: 'rehabilitation', nameZh: '康复医学科', nameEn: 'Rehabilitation Medicine' },
  {
    code: 'traditional-chinese-medicine',
    nameZh: '中医科',
    nameEn: 'Traditional Chinese Medicine',
  },
  { code: 'general-practice', nameZh: '全科医疗科', nameEn: 'General Practice' },
  { code: 'nutrition', nameZh: '临床营养科', nameEn: 'Clinical Nutrition' },
  { code: 'pain-management', nameZh: '疼痛科', nameEn: 'Pain Management' },
  { code: 'radiology', nameZh: '医学影像科', nameEn: 'Medical Imaging' },
  { code: 'laboratory', nameZh: '医学检验科', nameEn: 'Laboratory Medicine' },
];

const BY_CODE: ReadonlyMap<string, StandardDepartment> = new Map(
  DEPARTMENTS.map((d) => [d.code, d]),
);

/** Every department of the standard taxonomy. */
export function standardDepartments(): readonly StandardDepartment[] {
  return DEPARTMENTS;
}

/** The standard department with this code, if there is one. */
export function findDepartment(code: string): StandardDepartment | undefined {
  return BY_CODE.get(code);
}

/** Codes are lower-case words joined by hyphens. */
export const DEPARTMENT_CODE_PATTERN = /^[a-z]+(-[a-z]+)*$/;
