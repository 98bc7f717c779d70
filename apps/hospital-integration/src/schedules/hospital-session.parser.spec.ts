import { timestampFromDate } from '@meridian/proto';
import { hospitalV1 } from '@meridian/proto';

import { parseHospitalSession } from './hospital-session.parser';

const start = new Date('2026-12-01T00:00:00.000Z');
const at = (minutes: number) => timestampFromDate(new Date(start.getTime() + minutes * 60_000));

function session(
  overrides: Partial<Record<keyof hospitalV1.HospitalSession, unknown>> = {},
): hospitalV1.HospitalSession {
  return {
    sessionCode: '20261201-cardiology-AM',
    departmentCode: 'cardiology',
    departmentLocalCode: 'K01',
    departmentLocalName: '心内科',
    doctorCode: 'D001',
    doctorName: '王伟',
    doctorTitle: hospitalV1.DoctorTitle.DOCTOR_TITLE_CHIEF,
    visitType: hospitalV1.VisitType.VISIT_TYPE_EXPERT,
    startTime: at(0),
    endTime: at(60),
    fee: { amountFen: '5000', currency: 'CNY' },
    status: hospitalV1.SessionStatus.SESSION_STATUS_OPEN,
    statusReason: '',
    slots: [
      {
        slotCode: 'S1',
        startTime: at(0),
        endTime: at(30),
        status: hospitalV1.SlotStatus.SLOT_STATUS_AVAILABLE,
      },
      {
        slotCode: 'S2',
        startTime: at(30),
        endTime: at(60),
        status: hospitalV1.SlotStatus.SLOT_STATUS_BOOKED,
      },
    ],
    ...overrides,
  } as hospitalV1.HospitalSession;
}

describe(parseHospitalSession.name, () => {
  it('reads a well-formed session into platform terms', () => {
    const result = parseHospitalSession(session());
    expect(result).toMatchObject({
      ok: true,
      session: {
        doctorTitle: 'CHIEF',
        visitType: 'EXPERT',
        status: 'OPEN',
        feeFen: 5000,
        startTime: start,
        slots: [
          { slotCode: 'S1', status: 'AVAILABLE' },
          { slotCode: 'S2', status: 'BOOKED' },
        ],
      },
    });
  });

  it('names every problem of a malformed session', () => {
    const result = parseHospitalSession(
      session({
        departmentCode: 'Cardiology!',
        fee: { amountFen: '-1', currency: 'USD' },
        endTime: at(-10),
        slots: [
          { slotCode: 'S1', startTime: at(0), endTime: at(30), status: 'SLOT_STATUS_AVAILABLE' },
          { slotCode: 'S1', startTime: null, endTime: at(30), status: 'SLOT_STATUS_FREE' },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.sessionCode).toBe('20261201-cardiology-AM');
    expect(result.violations.map((v) => v.field).sort()).toEqual(
      ['departmentCode', 'fee.currency', 'slots.1.startTime', 'slots.1.status'].sort(),
    );
  });
});
