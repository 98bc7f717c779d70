import { foldWidth } from './phi-span';

/**
 * Seeded PHI values for tests elsewhere (model router, consultation, logs): plant them in a
 * prompt, then assert that nothing outside the trust boundary ever saw them. Each is detectable
 * by the detectors in the context of {@link PHI_CANARY_MESSAGES}. They are fictitious: the id
 * number has a correct GB 11643 checksum but was made up, the e-mail uses a reserved domain.
 */
export const PHI_CANARIES = {
  residentId: '330106198801014514',
  phone: '13900001234',
  email: 'canary.patient@example.com',
  name: '欧阳晓梅',
  englishName: 'Evelyn Marchetti',
  address: '浙江省杭州市西湖区文三路88号3幢2单元501室',
  insuranceNumber: 'YB330106007142',
} as const;

/** Which canary. */
export type PhiCanary = keyof typeof PHI_CANARIES;

/** Messages that carry every canary in a context the detectors recognise. */
export const PHI_CANARY_MESSAGES = {
  zh:
    `我叫${PHI_CANARIES.name}，身份证号${PHI_CANARIES.residentId}，手机${PHI_CANARIES.phone}，` +
    `邮箱${PHI_CANARIES.email}，住在${PHI_CANARIES.address}，医保卡号${PHI_CANARIES.insuranceNumber}。` +
    '最近总是头晕，血压 150/95 mmHg，要挂哪个科？',
  en:
    `My name is ${PHI_CANARIES.englishName}, ID card no. ${PHI_CANARIES.residentId}, ` +
    `phone ${PHI_CANARIES.phone}, e-mail ${PHI_CANARIES.email}, ` +
    `insurance no. ${PHI_CANARIES.insuranceNumber}. I get dizzy and my BP is 150/95 mmHg.`,
} as const;

// Digits and letters only, upper case: finds "139 0000 1234", "+86-139-0000-1234" and full-width
// "１３９…" too.
const squeeze = (value: string): string =>
  foldWidth(value)
    .replace(/[^0-9A-Za-z]/g, '')
    .toUpperCase();
const withoutSpace = (value: string): string => foldWidth(value).replace(/\s+/g, '');

const MATCHERS: Readonly<Record<PhiCanary, (text: string) => boolean>> = {
  residentId: (text) => squeeze(text).includes(squeeze(PHI_CANARIES.residentId)),
  phone: (text) => squeeze(text).includes(PHI_CANARIES.phone),
  email: (text) => foldWidth(text).toLowerCase().includes(PHI_CANARIES.email),
  name: (text) => withoutSpace(text).includes(PHI_CANARIES.name),
  englishName: (text) => withoutSpace(text).toLowerCase().includes('evelynmarchetti'),
  address: (text) => withoutSpace(text).includes(PHI_CANARIES.address),
  insuranceNumber: (text) => squeeze(text).includes(squeeze(PHI_CANARIES.insuranceNumber)),
};

/**
 * The canaries that appear in `text`, in any common spelling (spaces or dashes inside numbers,
 * e-mail case). An empty list means none leaked.
 */
export function findCanaries(text: string): PhiCanary[] {
  return (Object.keys(MATCHERS) as PhiCanary[]).filter((canary) => MATCHERS[canary](text));
}
