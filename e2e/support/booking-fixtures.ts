import { randomUUID } from 'node:crypto';
import {
  commonV1,
  dateFromTimestamp,
  hospitalV1,
  paymentsV1,
  timestampFromDate,
} from '@meridian/proto';
import type { GrpcClient } from '@meridian/platform';
import { eventually } from '@meridian/testing';
import type { Client } from 'pg';

/**
 * Open slots of the simulated hospitals, copied into hospital-integration's schedule tables the way
 * a schedule pull stores them, so bookings can name them by the platform's slot id.
 */
export class SlotFixtures {
  private readonly used = new Set<string>();

  constructor(
    private readonly db: Client,
    private readonly link: GrpcClient<hospitalV1.HospitalLinkClient>,
  ) {}

  async hospitalId(code: string): Promise<string> {
    return eventually(async () => {
      const rows = await this.db.query<{ id: string }>('SELECT id FROM hospitals WHERE code = $1', [
        code,
      ]);
      return rows.rows[0]?.id;
    }, 30_000);
  }

  /** A slot the hospital reports AVAILABLE, stored as the platform's schedule; its platform id. */
  async openSlot(
    hospitalCode: string,
  ): Promise<{ slotId: string; sessionCode: string; slotCode: string; feeFen: string }> {
    const hospitalId = await this.hospitalId(hospitalCode);
    const start = new Date(Date.now() + 2 * 86_400_000);
    const response = await this.link.call.getSchedule(
      {
        departmentCode: '',
        doctorCode: '',
        windowStart: timestampFromDate(start),
        windowEnd: timestampFromDate(new Date(start.getTime() + 5 * 86_400_000)),
        pageSize: 100,
        pageToken: '',
      },
      { metadata: { 'x-hospital-code': hospitalCode } },
    );
    for (const session of response.sessions) {
      if (session.status !== hospitalV1.SessionStatus.SESSION_STATUS_OPEN) continue;
      for (const slot of session.slots) {
        const key = `${hospitalCode}/${session.sessionCode}/${slot.slotCode}`;
        if (slot.status !== hospitalV1.SlotStatus.SLOT_STATUS_AVAILABLE || this.used.has(key))
          continue;
        this.used.add(key);
        return {
          ...(await this.store(hospitalId, session, slot)),
          sessionCode: session.sessionCode,
          slotCode: slot.slotCode,
        };
      }
    }
    throw new Error(`no free slot at ${hospitalCode}`);
  }

  private async store(
    hospitalId: string,
    session: hospitalV1.HospitalSession,
    slot: hospitalV1.HospitalSlot,
  ): Promise<{ slotId: string; feeFen: string }> {
    const now = new Date();
    const feeFen = session.fee?.amountFen ?? '0';
    const sessionRow = await this.db.query<{ id: string }>(
      `INSERT INTO schedule_sessions (id, hospital_id, session_code, department_code, department_local_code,
         department_local_name, doctor_code, doctor_name, doctor_title, visit_type, start_time, end_time, fee_fen,
         status, status_reason, total_slots, source_as_of, synced_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'OPEN', '', $14, $15, $15, $15)
       ON CONFLICT (hospital_id, session_code) DO UPDATE SET updated_at = EXCLUDED.updated_at
       RETURNING id`,
      [
        randomUUID(),
        hospitalId,
        session.sessionCode,
        session.departmentCode,
        session.departmentLocalCode,
        session.departmentLocalName,
        session.doctorCode,
        session.doctorName,
        session.doctorTitle.replace(/^DOCTOR_TITLE_/, ''),
        session.visitType.replace(/^VISIT_TYPE_/, ''),
        dateFromTimestamp(session.startTime),
        dateFromTimestamp(session.endTime),
        feeFen,
        session.slots.length,
        now,
      ],
    );
    const slotId = randomUUID();
    await this.db.query(
      `INSERT INTO schedule_slots (id, session_id, hospital_id, department_code, slot_code, start_time, end_time,
         hospital_status, status_as_of, version, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'AVAILABLE', $8, 1, $8)`,
      [
        slotId,
        sessionRow.rows[0]?.id,
        hospitalId,
        session.departmentCode,
        slot.slotCode,
        dateFromTimestamp(slot.startTime),
        dateFromTimestamp(slot.endTime),
        now,
      ],
    );
    return { slotId, feeFen };
  }

  /** How the hospital itself reports a slot now. */
  async hospitalStatus(
    hospitalCode: string,
    sessionCode: string,
    slotCode: string,
  ): Promise<hospitalV1.SlotStatus | undefined> {
    const start = new Date(Date.now() + 2 * 86_400_000);
    const response = await this.link.call.getSchedule(
      {
        departmentCode: '',
        doctorCode: '',
        windowStart: timestampFromDate(start),
        windowEnd: timestampFromDate(new Date(start.getTime() + 5 * 86_400_000)),
        pageSize: 100,
        pageToken: '',
      },
      { metadata: { 'x-hospital-code': hospitalCode } },
    );
    return response.sessions
      .find((s) => s.sessionCode === sessionCode)
      ?.slots.find((s) => s.slotCode === slotCode)?.status;
  }
}

export function startRequest(
  slotId: string,
  overrides: Partial<hospitalV1.StartBookingRequest> = {},
): hospitalV1.StartBookingRequest {
  return {
    idempotencyKey: `book-${randomUUID()}`,
    patient: { partnerId: 'partner-e2e', patientId: `patient-${randomUUID().slice(0, 8)}` },
    slotId,
    visitor: {
      name: '张三',
      documentType: commonV1.IdentityDocumentType.IDENTITY_DOCUMENT_TYPE_RESIDENT_ID_CARD,
      documentNumber: '11010519491231002X',
      sex: commonV1.Sex.SEX_MALE,
      birthDate: { year: 1949, month: 12, day: 31 },
      phone: '+8613800000000',
    },
    certificateId: `cert-${randomUUID().slice(0, 8)}`,
    paymentChannel: paymentsV1.PaymentChannel.PAYMENT_CHANNEL_SANDBOX,
    paymentReturnUrl: '',
    consultationId: '',
    ...overrides,
  };
}
