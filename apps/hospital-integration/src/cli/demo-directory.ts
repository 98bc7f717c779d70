/** A small, realistic directory for demos: well-known hospitals in five cities with their departments. */
export interface DemoHospital {
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly regionCode: string;
  readonly city: string;
  readonly level: 'TERTIARY_A' | 'TERTIARY' | 'SECONDARY_A' | 'SECONDARY' | 'PRIMARY' | 'COMMUNITY';
  readonly address: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly departments: readonly (readonly [code: string, localName: string])[];
}

const GENERAL: readonly (readonly [string, string])[] = [
  ['cardiology', '心内科'],
  ['respiratory', '呼吸科'],
  ['gastroenterology', '消化科'],
  ['neurology', '神经内科'],
  ['endocrinology', '内分泌科'],
  ['general-surgery', '普外科'],
  ['orthopedics', '骨科'],
  ['obstetrics-gynecology', '妇产科'],
  ['pediatrics', '儿科'],
  ['ophthalmology', '眼科'],
  ['dermatology', '皮肤科'],
  ['emergency', '急诊科'],
];

export const DEMO_HOSPITALS: readonly DemoHospital[] = [
  {
    code: 'DEMO-HZ-001',
    name: '杭州市第一人民医院（演示）',
    nameEn: 'Hangzhou First People’s Hospital (demo)',
    regionCode: '330100',
    city: 'Hangzhou',
    level: 'TERTIARY_A',
    address: '浙江省杭州市上城区浣纱路261号',
    latitude: 30.2553,
    longitude: 120.1694,
    departments: GENERAL,
  },
  {
    code: 'DEMO-HZ-002',
    name: '杭州市儿童医院（演示）',
    nameEn: 'Hangzhou Children’s Hospital (demo)',
    regionCode: '330100',
    city: 'Hangzhou',
    level: 'TERTIARY',
    address: '浙江省杭州市拱墅区文晖路195号',
    latitude: 30.2839,
    longitude: 120.1706,
    departments: [
      ['pediatrics', '儿内科'],
      ['neonatology', '新生儿科'],
      ['respiratory', '小儿呼吸科'],
      ['emergency', '儿童急诊'],
    ],
  },
  {
    code: 'DEMO-HZ-003',
    name: '西湖区社区卫生服务中心（演示）',
    nameEn: 'Xihu Community Health Center (demo)',
    regionCode: '330106',
    city: 'Hangzhou',
    level: 'COMMUNITY',
    address: '浙江省杭州市西湖区文三路88号',
    latitude: 30.2794,
    longitude: 120.1386,
    departments: [
      ['general-practice', '全科'],
      ['traditional-chinese-medicine', '中医科'],
      ['rehabilitation', '康复科'],
    ],
  },
  {
    code: 'DEMO-BJ-001',
    name: '北京协和示范医院（演示）',
    nameEn: 'Beijing Union Demonstration Hospital (demo)',
    regionCode: '110100',
    city: 'Beijing',
    level: 'TERTIARY_A',
    address: '北京市东城区帅府园1号',
    latitude: 39.9128,
    longitude: 116.4163,
    departments: [...GENERAL, ['rheumatology', '风湿免疫科'], ['oncology', '肿瘤内科']],
  },
  {
    code: 'DEMO-SH-001',
    name: '上海市示范中心医院（演示）',
    nameEn: 'Shanghai Central Demonstration Hospital (demo)',
    regionCode: '310100',
    city: 'Shanghai',
    level: 'TERTIARY_A',
    address: '上海市徐汇区宜山路600号',
    latitude: 31.1726,
    longitude: 121.4262,
    departments: [...GENERAL, ['psychiatry', '精神科'], ['urology', '泌尿外科']],
  },
  {
    code: 'DEMO-GZ-001',
    name: '广州市示范人民医院（演示）',
    nameEn: 'Guangzhou People’s Demonstration Hospital (demo)',
    regionCode: '440100',
    city: 'Guangzhou',
    level: 'SECONDARY_A',
    address: '广东省广州市越秀区中山二路58号',
    latitude: 23.1291,
    longitude: 113.2903,
    departments: GENERAL.slice(0, 8),
  },
  {
    code: 'DEMO-CD-001',
    name: '成都市示范医院（演示）',
    nameEn: 'Chengdu Demonstration Hospital (demo)',
    regionCode: '510100',
    city: 'Chengdu',
    level: 'TERTIARY',
    address: '四川省成都市武侯区国学巷37号',
    latitude: 30.6415,
    longitude: 104.0433,
    departments: [...GENERAL.slice(0, 6), ['traditional-chinese-medicine', '中医科']],
  },
];
