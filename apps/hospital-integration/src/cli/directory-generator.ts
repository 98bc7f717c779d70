import { createHash } from 'node:crypto';

import type { DoctorProfile, DoctorTitle } from '../directory/doctor';
import type {
  DepartmentDeclaration,
  HospitalLevel,
  HospitalRegistration,
} from '../directory/hospital';

// Deterministic, realistic-looking directory data for demos and benchmarks: the same seed and
// counts always produce the same hospitals and doctors, so a rerun changes nothing.

/** A small, fast, seedable PRNG (mulberry32); Math.random cannot be seeded. */
export class SeededRandom {
  private state: number;

  constructor(seed: string) {
    this.state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** `count` distinct items, in the list's order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, items.length)) chosen.add(this.int(items.length));
    return [...chosen].sort((a, b) => a - b).map((i) => items[i] as T);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

interface City {
  readonly zh: string;
  readonly en: string;
  /** GB/T 2260 code of the prefecture-level city. */
  readonly region: string;
  readonly lat: number;
  readonly lng: number;
  readonly districts: readonly (readonly [zh: string, code: string])[];
  /** Relative share of hospitals. */
  readonly weight: number;
  readonly languages?: readonly string[];
}

const CITIES: readonly City[] = [
  {
    zh: '北京',
    en: 'Beijing',
    region: '110100',
    lat: 39.904,
    lng: 116.407,
    weight: 9,
    districts: [
      ['东城区', '110101'],
      ['西城区', '110102'],
      ['朝阳区', '110105'],
      ['海淀区', '110108'],
      ['丰台区', '110106'],
    ],
  },
  {
    zh: '上海',
    en: 'Shanghai',
    region: '310100',
    lat: 31.23,
    lng: 121.474,
    weight: 9,
    districts: [
      ['黄浦区', '310101'],
      ['徐汇区', '310104'],
      ['静安区', '310106'],
      ['浦东新区', '310115'],
      ['闵行区', '310112'],
    ],
  },
  {
    zh: '广州',
    en: 'Guangzhou',
    region: '440100',
    lat: 23.129,
    lng: 113.264,
    weight: 7,
    languages: ['zh', 'yue'],
    districts: [
      ['越秀区', '440104'],
      ['天河区', '440106'],
      ['海珠区', '440105'],
      ['白云区', '440111'],
    ],
  },
  {
    zh: '深圳',
    en: 'Shenzhen',
    region: '440300',
    lat: 22.543,
    lng: 114.058,
    weight: 6,
    languages: ['zh', 'yue'],
    districts: [
      ['福田区', '440304'],
      ['罗湖区', '440303'],
      ['南山区', '440305'],
      ['宝安区', '440306'],
    ],
  },
  {
    zh: '杭州',
    en: 'Hangzhou',
    region: '330100',
    lat: 30.274,
    lng: 120.155,
    weight: 6,
    districts: [
      ['上城区', '330102'],
      ['拱墅区', '330105'],
      ['西湖区', '330106'],
      ['滨江区', '330108'],
      ['萧山区', '330109'],
    ],
  },
  {
    zh: '南京',
    en: 'Nanjing',
    region: '320100',
    lat: 32.06,
    lng: 118.797,
    weight: 5,
    districts: [
      ['玄武区', '320102'],
      ['秦淮区', '320104'],
      ['鼓楼区', '320106'],
      ['江宁区', '320115'],
    ],
  },
  {
    zh: '苏州',
    en: 'Suzhou',
    region: '320500',
    lat: 31.299,
    lng: 120.585,
    weight: 4,
    districts: [
      ['姑苏区', '320508'],
      ['吴中区', '320506'],
      ['相城区', '320507'],
    ],
  },
  {
    zh: '成都',
    en: 'Chengdu',
    region: '510100',
    lat: 30.573,
    lng: 104.066,
    weight: 6,
    districts: [
      ['锦江区', '510104'],
      ['青羊区', '510105'],
      ['武侯区', '510107'],
      ['成华区', '510108'],
    ],
  },
  {
    zh: '重庆',
    en: 'Chongqing',
    region: '500100',
    lat: 29.563,
    lng: 106.551,
    weight: 6,
    districts: [
      ['渝中区', '500103'],
      ['江北区', '500105'],
      ['沙坪坝区', '500106'],
      ['九龙坡区', '500107'],
    ],
  },
  {
    zh: '武汉',
    en: 'Wuhan',
    region: '420100',
    lat: 30.593,
    lng: 114.305,
    weight: 5,
    districts: [
      ['江岸区', '420102'],
      ['武昌区', '420106'],
      ['洪山区', '420111'],
      ['汉阳区', '420105'],
    ],
  },
  {
    zh: '西安',
    en: "Xi'an",
    region: '610100',
    lat: 34.341,
    lng: 108.94,
    weight: 4,
    districts: [
      ['新城区', '610102'],
      ['碑林区', '610103'],
      ['雁塔区', '610113'],
    ],
  },
  {
    zh: '天津',
    en: 'Tianjin',
    region: '120100',
    lat: 39.343,
    lng: 117.362,
    weight: 4,
    districts: [
      ['和平区', '120101'],
      ['河西区', '120103'],
      ['南开区', '120104'],
    ],
  },
  {
    zh: '长沙',
    en: 'Changsha',
    region: '430100',
    lat: 28.228,
    lng: 112.939,
    weight: 3,
    districts: [
      ['芙蓉区', '430102'],
      ['天心区', '430103'],
      ['岳麓区', '430104'],
    ],
  },
  {
    zh: '郑州',
    en: 'Zhengzhou',
    region: '410100',
    lat: 34.747,
    lng: 113.625,
    weight: 3,
    districts: [
      ['中原区', '410102'],
      ['二七区', '410103'],
      ['金水区', '410105'],
    ],
  },
  {
    zh: '济南',
    en: 'Jinan',
    region: '370100',
    lat: 36.651,
    lng: 117.12,
    weight: 3,
    districts: [
      ['历下区', '370102'],
      ['市中区', '370103'],
      ['槐荫区', '370104'],
    ],
  },
  {
    zh: '青岛',
    en: 'Qingdao',
    region: '370200',
    lat: 36.067,
    lng: 120.383,
    weight: 3,
    districts: [
      ['市南区', '370202'],
      ['市北区', '370203'],
      ['崂山区', '370212'],
    ],
  },
  {
    zh: '沈阳',
    en: 'Shenyang',
    region: '210100',
    lat: 41.806,
    lng: 123.432,
    weight: 3,
    districts: [
      ['和平区', '210102'],
      ['沈河区', '210103'],
      ['皇姑区', '210105'],
    ],
  },
  {
    zh: '哈尔滨',
    en: 'Harbin',
    region: '230100',
    lat: 45.803,
    lng: 126.535,
    weight: 2,
    districts: [
      ['道里区', '230102'],
      ['南岗区', '230103'],
      ['香坊区', '230110'],
    ],
  },
  {
    zh: '昆明',
    en: 'Kunming',
    region: '530100',
    lat: 24.881,
    lng: 102.833,
    weight: 2,
    districts: [
      ['五华区', '530102'],
      ['盘龙区', '530103'],
      ['官渡区', '530111'],
    ],
  },
  {
    zh: '福州',
    en: 'Fuzhou',
    region: '350100',
    lat: 26.075,
    lng: 119.297,
    weight: 2,
    districts: [
      ['鼓楼区', '350102'],
      ['台江区', '350103'],
      ['仓山区', '350104'],
    ],
  },
  {
    zh: '厦门',
    en: 'Xiamen',
    region: '350200',
    lat: 24.48,
    lng: 118.089,
    weight: 2,
    districts: [
      ['思明区', '350203'],
      ['湖里区', '350206'],
    ],
  },
  {
    zh: '合肥',
    en: 'Hefei',
    region: '340100',
    lat: 31.821,
    lng: 117.227,
    weight: 2,
    districts: [
      ['瑶海区', '340102'],
      ['庐阳区', '340103'],
      ['蜀山区', '340104'],
    ],
  },
  {
    zh: '南宁',
    en: 'Nanning',
    region: '450100',
    lat: 22.817,
    lng: 108.366,
    weight: 2,
    districts: [
      ['兴宁区', '450102'],
      ['青秀区', '450103'],
    ],
  },
  {
    zh: '宁波',
    en: 'Ningbo',
    region: '330200',
    lat: 29.868,
    lng: 121.544,
    weight: 2,
    districts: [
      ['海曙区', '330203'],
      ['江北区', '330205'],
      ['鄞州区', '330212'],
    ],
  },
];

/** Local names hospitals use for each standard department, the first being the most common. */
const LOCAL_NAMES: Readonly<Record<string, readonly string[]>> = {
  cardiology: ['心血管内科', '心内科', '心脏内科'],
  respiratory: ['呼吸与危重症医学科', '呼吸内科', '呼吸科'],
  gastroenterology: ['消化内科', '消化科'],
  neurology: ['神经内科'],
  nephrology: ['肾内科', '肾病科'],
  endocrinology: ['内分泌科', '内分泌代谢科'],
  hematology: ['血液内科', '血液科'],
  rheumatology: ['风湿免疫科'],
  'general-surgery': ['普外科', '胃肠外科', '肝胆外科'],
  orthopedics: ['骨科', '脊柱外科', '关节外科'],
  urology: ['泌尿外科'],
  neurosurgery: ['神经外科'],
  'cardiothoracic-surgery': ['心胸外科', '胸外科'],
  gynecology: ['妇科'],
  obstetrics: ['产科'],
  pediatrics: ['儿科', '儿内科'],
  neonatology: ['新生儿科'],
  ophthalmology: ['眼科'],
  otolaryngology: ['耳鼻咽喉头颈外科', '耳鼻喉科'],
  stomatology: ['口腔科'],
  dermatology: ['皮肤科', '皮肤性病科'],
  psychiatry: ['精神科', '精神心理科'],
  oncology: ['肿瘤科', '肿瘤内科'],
  emergency: ['急诊科'],
  rehabilitation: ['康复医学科', '康复科'],
  'traditional-chinese-medicine': ['中医科', '针灸科'],
  'general-practice': ['全科医学科'],
  'infectious-diseases': ['感染科'],
};

/** Department names of real hospitals that belong to no clinical specialty. */
const UNMAPPED_NAMES = ['国际医疗部', '特需医疗部', '体检中心', 'MDT 多学科门诊', '健康管理中心'];

/** Clinical interests per department: [zh, en]. */
const SPECIALTIES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  cardiology: [
    ['高血压', 'hypertension'],
    ['冠心病', 'coronary heart disease'],
    ['心律失常', 'arrhythmia'],
    ['心力衰竭', 'heart failure'],
  ],
  respiratory: [
    ['慢阻肺', 'COPD'],
    ['哮喘', 'asthma'],
    ['肺结节', 'pulmonary nodules'],
    ['肺炎', 'pneumonia'],
  ],
  gastroenterology: [
    ['胃炎', 'gastritis'],
    ['消化道出血', 'GI bleeding'],
    ['炎症性肠病', 'IBD'],
    ['脂肪肝', 'fatty liver'],
  ],
  neurology: [
    ['脑卒中', 'stroke'],
    ['癫痫', 'epilepsy'],
    ['帕金森病', "Parkinson's disease"],
    ['头痛', 'headache'],
  ],
  nephrology: [
    ['慢性肾病', 'chronic kidney disease'],
    ['肾炎', 'nephritis'],
    ['透析', 'dialysis'],
  ],
  endocrinology: [
    ['糖尿病', 'diabetes'],
    ['甲状腺疾病', 'thyroid disease'],
    ['骨质疏松', 'osteoporosis'],
  ],
  hematology: [
    ['贫血', 'anemia'],
    ['白血病', 'leukemia'],
    ['淋巴瘤', 'lymphoma'],
  ],
  rheumatology: [
    ['类风湿关节炎', 'rheumatoid arthritis'],
    ['红斑狼疮', 'lupus'],
    ['痛风', 'gout'],
  ],
  'general-surgery': [
    ['胆结石', 'gallstones'],
    ['疝气', 'hernia'],
    ['甲状腺结节', 'thyroid nodules'],
    ['乳腺肿瘤', 'breast tumors'],
  ],
  orthopedics: [
    ['骨折', 'fractures'],
    ['腰椎间盘突出', 'lumbar disc herniation'],
    ['关节置换', 'joint replacement'],
    ['运动损伤', 'sports injuries'],
  ],
  urology: [
    ['前列腺增生', 'BPH'],
    ['泌尿系结石', 'urinary stones'],
  ],
  neurosurgery: [
    ['脑肿瘤', 'brain tumors'],
    ['脑出血', 'cerebral hemorrhage'],
  ],
  'cardiothoracic-surgery': [
    ['肺癌手术', 'lung cancer surgery'],
    ['心脏瓣膜病', 'valvular heart disease'],
  ],
  gynecology: [
    ['子宫肌瘤', 'uterine fibroids'],
    ['卵巢囊肿', 'ovarian cysts'],
    ['不孕症', 'infertility'],
  ],
  obstetrics: [
    ['高危妊娠', 'high-risk pregnancy'],
    ['产前检查', 'prenatal care'],
  ],
  pediatrics: [
    ['小儿哮喘', 'childhood asthma'],
    ['儿童生长发育', 'child growth'],
    ['小儿肺炎', 'pediatric pneumonia'],
  ],
  neonatology: [
    ['早产儿', 'premature infants'],
    ['新生儿黄疸', 'neonatal jaundice'],
  ],
  ophthalmology: [
    ['白内障', 'cataract'],
    ['青光眼', 'glaucoma'],
    ['近视', 'myopia'],
  ],
  otolaryngology: [
    ['鼻炎', 'rhinitis'],
    ['中耳炎', 'otitis media'],
    ['听力下降', 'hearing loss'],
  ],
  stomatology: [
    ['种植牙', 'dental implants'],
    ['牙周病', 'periodontal disease'],
    ['正畸', 'orthodontics'],
  ],
  dermatology: [
    ['湿疹', 'eczema'],
    ['痤疮', 'acne'],
    ['银屑病', 'psoriasis'],
  ],
  psychiatry: [
    ['抑郁症', 'depression'],
    ['焦虑症', 'anxiety'],
    ['失眠', 'insomnia'],
  ],
  oncology: [
    ['肺癌', 'lung cancer'],
    ['胃癌', 'gastric cancer'],
    ['乳腺癌', 'breast cancer'],
    ['肿瘤化疗', 'chemotherapy'],
  ],
  emergency: [
    ['急危重症', 'critical care'],
    ['中毒救治', 'poisoning'],
  ],
  rehabilitation: [
    ['卒中康复', 'stroke rehabilitation'],
    ['骨科康复', 'orthopedic rehabilitation'],
  ],
  'traditional-chinese-medicine': [
    ['针灸', 'acupuncture'],
    ['中医调理', 'TCM conditioning'],
    ['脾胃病', 'spleen and stomach disorders'],
  ],
  'general-practice': [
    ['慢病管理', 'chronic disease management'],
    ['家庭医生', 'family medicine'],
  ],
  'infectious-diseases': [
    ['乙肝', 'hepatitis B'],
    ['发热待查', 'fever of unknown origin'],
  ],
};

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split(
    '',
  );
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国文辉鹏飞志宏海波晓东雪琳慧颖婷欣怡子涵浩然宇航俊杰嘉怡思远博文一鸣立新春梅丹凤家豪佳琪'.split(
    '',
  );

const TITLES: readonly DoctorTitle[] = ['RESIDENT', 'ATTENDING', 'ASSOCIATE_CHIEF', 'CHIEF'];

interface LevelProfile {
  readonly level: HospitalLevel;
  readonly share: number;
  /** How many departments, and the relative number of doctors. */
  readonly departments: readonly [min: number, max: number];
  readonly doctorWeight: number;
}

const LEVELS: readonly LevelProfile[] = [
  { level: 'TERTIARY_A', share: 0.12, departments: [18, 26], doctorWeight: 8 },
  { level: 'TERTIARY', share: 0.08, departments: [14, 20], doctorWeight: 5 },
  { level: 'SECONDARY_A', share: 0.2, departments: [10, 16], doctorWeight: 3 },
  { level: 'SECONDARY', share: 0.2, departments: [8, 12], doctorWeight: 2 },
  { level: 'PRIMARY', share: 0.15, departments: [4, 7], doctorWeight: 1 },
  { level: 'COMMUNITY', share: 0.25, departments: [3, 5], doctorWeight: 1 },
];

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export interface GeneratedHospital {
  readonly registration: HospitalRegistration;
  readonly doctors: readonly GeneratedDoctor[];
}

export interface GeneratedDoctor extends DoctorProfile {
  readonly rating?: number;
  readonly ratingCount: number;
}

export interface GeneratorOptions {
  readonly seed: string;
  readonly hospitals: number;
  readonly doctors: number;
  /** Prefix of every generated hospital code, so generated data never collides with real codes. */
  readonly codePrefix: string;
}

function hospitalName(
  random: SeededRandom,
  city: City,
  district: string,
  level: HospitalLevel,
  n: number,
): [string, string] {
  const ordinal = ORDINALS[n % ORDINALS.length] ?? '一';
  switch (level) {
    case 'TERTIARY_A':
    case 'TERTIARY':
      return random.pick<[string, string]>([
        [`${city.zh}市第${ordinal}人民医院`, `${city.en} No. ${(n % 10) + 1} People's Hospital`],
        [
          `${city.zh}医科大学附属第${ordinal}医院`,
          `The ${ordinalEn(n)} Affiliated Hospital of ${city.en} Medical University`,
        ],
        [`${city.zh}市中心医院`, `${city.en} Central Hospital`],
        [`${city.zh}市中医院`, `${city.en} Hospital of Traditional Chinese Medicine`],
        [`${city.zh}市儿童医院`, `${city.en} Children's Hospital`],
        [`${city.zh}市妇幼保健院`, `${city.en} Maternal and Child Health Hospital`],
      ]);
    case 'SECONDARY_A':
    case 'SECONDARY':
      return random.pick<[string, string]>([
        [`${city.zh}市${district}人民医院`, `${city.en} ${district} People's Hospital`],
        [`${city.zh}市${district}中医医院`, `${city.en} ${district} TCM Hospital`],
        [`${city.zh}市第${ordinal}医院`, `${city.en} No. ${(n % 10) + 1} Hospital`],
      ]);
    case 'PRIMARY':
      return [
        `${district}${random.pick(['康复医院', '骨科医院', '眼科医院', '口腔医院'])}`,
        `${district} Specialty Hospital`,
      ];
    case 'COMMUNITY':
      return [
        `${district}${random.pick(['街道', '镇', '社区'])}社区卫生服务中心`,
        `${district} Community Health Center`,
      ];
  }
}

function ordinalEn(n: number): string {
  return (
    ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth', 'Ninth', 'Tenth'][
      n % 10
    ] ?? 'First'
  );
}

function pickWeighted<T extends { readonly weight: number }>(
  random: SeededRandom,
  items: readonly T[],
): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let point = random.next() * total;
  for (const item of items) {
    point -= item.weight;
    if (point < 0) return item;
  }
  return items[items.length - 1] as T;
}

function levelFor(index: number, total: number): LevelProfile {
  // Levels by quota rather than by chance, so small runs still contain every level.
  const position = (index + 0.5) / total;
  let cumulative = 0;
  for (const profile of LEVELS) {
    cumulative += profile.share;
    if (position < cumulative) return profile;
  }
  return LEVELS[LEVELS.length - 1] as LevelProfile;
}

/**
 * Generates the directory: `hospitals` hospitals across Chinese cities, with departments named the
 * way hospitals name them, and `doctors` doctors spread by hospital size. Deterministic per options.
 */
export function* generateDirectory(options: GeneratorOptions): Generator<GeneratedHospital> {
  const random = new SeededRandom(`${options.seed}:hospitals`);
  const levels = Array.from({ length: options.hospitals }, (_, i) =>
    levelFor(i, options.hospitals),
  );
  const totalWeight = levels.reduce((sum, l) => sum + l.doctorWeight, 0);
  let doctorsAssigned = 0;
  let weightSeen = 0;
  const codes = Object.keys(LOCAL_NAMES);
  for (let index = 0; index < options.hospitals; index += 1) {
    const profile = levels[index] as LevelProfile;
    const city = pickWeighted(random, CITIES);
    const [district, districtCode] = random.pick(city.districts);
    const [name, nameEn] = hospitalName(random, city, district, profile.level, index);
    const [min, max] = profile.departments;
    const departmentCodes = random.sample(codes, min + random.int(max - min + 1));
    const departments: DepartmentDeclaration[] = departmentCodes.map((code) => {
      const localName = random.pick(LOCAL_NAMES[code] ?? [code]);
      // Most hospitals integrate with standard codes; some only send their own names.
      return random.chance(0.7) ? { localName, code } : { localName };
    });
    if (random.chance(0.15)) departments.push({ localName: random.pick(UNMAPPED_NAMES) });
    const code = `${options.codePrefix}${String(index + 1).padStart(5, '0')}`;
    // Doctors by cumulative weight, so that the total is exact.
    weightSeen += profile.doctorWeight;
    const target = Math.round((weightSeen / totalWeight) * options.doctors);
    const doctorCount = target - doctorsAssigned;
    doctorsAssigned = target;
    const doctorRandom = new SeededRandom(`${options.seed}:doctors:${code}`);
    const doctors = Array.from({ length: doctorCount }, (_, i) =>
      generateDoctor(doctorRandom, i, departmentCodes, city),
    );
    yield {
      registration: {
        code,
        name,
        nameEn,
        regionCode: random.chance(0.5) ? districtCode : city.region,
        city: city.en,
        level: profile.level,
        address: `${city.zh}市${district}${random.pick(['人民路', '解放路', '中山路', '建设路', '健康路', '和平路'])}${1 + random.int(999)}号`,
        latitude: round(city.lat + (random.next() - 0.5) * 0.3, 6),
        longitude: round(city.lng + (random.next() - 0.5) * 0.3, 6),
        departments,
      },
      doctors,
    };
  }
}

function generateDoctor(
  random: SeededRandom,
  index: number,
  departmentCodes: readonly string[],
  city: City,
): GeneratedDoctor {
  const name = `${random.pick(SURNAMES)}${random.pick(GIVEN)}${random.chance(0.6) ? random.pick(GIVEN) : ''}`;
  const department = random.pick(departmentCodes);
  const departments = random.chance(0.1)
    ? [...new Set([department, random.pick(departmentCodes)])]
    : [department];
  const interests = random.sample(SPECIALTIES[department] ?? [], 1 + random.int(3));
  const title = TITLES[Math.min(3, Math.floor(random.next() * random.next() * 5))] ?? 'ATTENDING';
  const languages = [...(city.languages ?? ['zh']), ...(random.chance(0.12) ? ['en'] : [])];
  const rated = random.chance(0.85);
  return {
    code: `D${String(index + 1).padStart(5, '0')}`,
    name,
    title,
    departmentCodes: departments,
    specialties: interests.map(([zh]) => zh),
    specialty:
      interests.length > 0
        ? `擅长${interests.map(([zh]) => zh).join('、')}的诊治（${interests.map(([, en]) => en).join(', ')}）`
        : '',
    introduction: `${name}，${titleZh(title)}，从事临床工作${3 + random.int(30)}年。`,
    languages,
    active: !random.chance(0.02),
    ...(rated
      ? { rating: round(3.5 + random.next() * 1.5, 1), ratingCount: 5 + random.int(800) }
      : { ratingCount: 0 }),
  };
}

function titleZh(title: DoctorTitle): string {
  return {
    RESIDENT: '住院医师',
    ATTENDING: '主治医师',
    ASSOCIATE_CHIEF: '副主任医师',
    CHIEF: '主任医师',
  }[title];
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
