import { createHash } from 'node:crypto';

import type { SimulatedHospital } from '../registration/simulated-hospitals';

export type SimResultFlag = 'NORMAL' | 'LOW' | 'HIGH';

export interface SimObservation {
  readonly loincCode: string;
  readonly localCode: string;
  readonly name: string;
  readonly value: string;
  readonly unit: string;
  readonly referenceRange: string;
  readonly flag: SimResultFlag;
}

export interface SimReport {
  readonly reportCode: string;
  readonly title: string;
  readonly specimen: string;
  readonly departmentLocalName: string;
  readonly orderingDoctorName: string;
  readonly collectedAt: Date;
  readonly reportedAt: Date;
  readonly observations: readonly SimObservation[];
}

// A complete blood count (血常规) panel: LOINC code, local code, name, unit, reference range.
const CBC = [
  {
    loinc: '6690-2',
    local: 'WBC',
    name: '白细胞计数',
    unit: '10*9/L',
    low: 3.5,
    high: 9.5,
    digits: 1,
  },
  { loinc: '718-7', local: 'HGB', name: '血红蛋白', unit: 'g/L', low: 130, high: 175, digits: 0 },
  {
    loinc: '777-3',
    local: 'PLT',
    name: '血小板计数',
    unit: '10*9/L',
    low: 125,
    high: 350,
    digits: 0,
  },
] as const;

/** Report codes this hospital issues: `<hospital code>-LR-<digits>`. */
export function reportCodePattern(hospital: SimulatedHospital): RegExp {
  return new RegExp(`^${hospital.code.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}-LR-(\\d{1,12})$`);
}

/**
 * The lab report a simulated hospital has under `reportCode`: a complete blood count whose values
 * are derived from the code, so the same code always yields the same report (some values fall
 * outside the reference range). Undefined for codes the hospital never issued.
 */
export function simulatedReport(
  hospital: SimulatedHospital,
  reportCode: string,
): SimReport | undefined {
  const match = reportCodePattern(hospital).exec(reportCode);
  if (!match) return undefined;
  const digest = createHash('sha256').update(`${hospital.code}/${reportCode}`).digest();
  const serial = Number(match[1]);
  const reportedAt = new Date(Date.UTC(2026, 0, 1) + (serial % 365) * 86_400_000 + 3_600_000);
  const observations = CBC.map((item, index) => {
    // Spread values from 20 % below the range to 20 % above it.
    const share = (digest.readUInt16BE(index * 2) / 0xffff) * 1.4 - 0.2;
    const value = item.low + (item.high - item.low) * share;
    const flag: SimResultFlag = value < item.low ? 'LOW' : value > item.high ? 'HIGH' : 'NORMAL';
    return {
      loincCode: item.loinc,
      localCode: item.local,
      name: item.name,
      value: value.toFixed(item.digits),
      unit: item.unit,
      referenceRange: `${item.low}-${item.high}`,
      flag,
    };
  });
  return {
    reportCode,
    title: '血常规',
    specimen: '静脉血',
    departmentLocalName: hospital.departments[0]?.localName ?? '检验科',
    orderingDoctorName: '王伟',
    collectedAt: new Date(reportedAt.getTime() - 2 * 3_600_000),
    reportedAt,
    observations,
  };
}
