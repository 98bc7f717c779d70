import { status as GrpcStatus } from '@grpc/grpc-js';

import { simulatedHospitals } from '../registration/simulated-hospitals';
import { HospitalBook } from './hospital-book';
import type { SessionView } from './hospital-book';
import { HospitalRefusal } from './link.errors';

const NOW = new Date('2026-11-30T20:00:00.000Z'); // a Monday, 04:00 in Beijing
const HOUR = 3_600_000;

function bookAt(now: () => Date = () => NOW): HospitalBook {
  const [hospital] = simulatedHospitals('T', 1);
  if (!hospital) throw new Error('no hospital');
  return new HospitalBook(hospital, 15 * 60_000, now);
}

function firstFree(book: HospitalBook): { session: SessionView; slotCode: string } {
  for (const session of book.schedule(NOW, new Date(NOW.getTime() + 48 * HOUR))) {
    const slot = session.slots.find((s) => s.status === 'AVAILABLE');
    if (slot) return { session, slotCode: slot.slotCode };
  }
  throw new Error('no free slot');
}

function refusal(run: () => unknown): HospitalRefusal {
  try {
    run();
  } catch (error) {
    if (error instanceof HospitalRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe(HospitalBook.name, () => {
  it('publishes the same schedule for the same hospital and window', () => {
    const window = [NOW, new Date(NOW.getTime() + 7 * 24 * HOUR)] as const;
    const first = bookAt().schedule(...window);
    const second = bookAt().schedule(...window);
    expect(first.length).toBeGreaterThan(50);
    expect(second).toEqual(first);
    const codes = first.map((s) => s.sessionCode);
    expect(new Set(codes).size).toBe(codes.length);
    expect(first.every((s) => s.startTime >= window[0] && s.startTime < window[1])).toBe(true);
  });

  it('holds a free slot once; another appointment on it is refused SLOT_TAKEN', () => {
    const book = bookAt();
    const { session, slotCode } = firstFree(book);
    const command = {
      idempotencyKey: 'k1',
      appointmentId: 'a1',
      sessionCode: session.sessionCode,
      slotCode,
      patientName: '张三',
      holdUntil: new Date(NOW.getTime() + 60 * 60_000),
    };
    const hold = book.hold(command);
    // Capped at the hospital's longest hold, not what was asked for.
    expect(hold.holdExpiresAt).toEqual(new Date(NOW.getTime() + 15 * 60_000));
    expect(hold.feeFen).toBe(session.feeFen);
    expect(book.hold(command)).toEqual(hold);
    const taken = refusal(() =>
      book.hold({ ...command, idempotencyKey: 'k2', appointmentId: 'a2' }),
    );
    expect(taken.status).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(taken.reason).toBe('SLOT_TAKEN');
    const view = book.schedule(NOW, new Date(NOW.getTime() + 48 * HOUR));
    const slot = view
      .find((s) => s.sessionCode === session.sessionCode)
      ?.slots.find((s) => s.slotCode === slotCode);
    expect(slot?.status).toBe('HELD');
  });

  it('refuses an idempotency key reused for another command', () => {
    const book = bookAt();
    const { session, slotCode } = firstFree(book);
    const command = {
      idempotencyKey: 'k1',
      appointmentId: 'a1',
      sessionCode: session.sessionCode,
      slotCode,
      patientName: '张三',
      holdUntil: new Date(NOW.getTime() + 60_000),
    };
    book.hold(command);
    expect(refusal(() => book.hold({ ...command, appointmentId: 'a9' })).reason).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
  });

  it('confirms a live hold idempotently, refuses an expired one, frees the slot on cancel', () => {
    let now = NOW;
    const book = bookAt(() => now);
    const { session, slotCode } = firstFree(book);
    const hold = book.hold({
      idempotencyKey: 'h1',
      appointmentId: 'a1',
      sessionCode: session.sessionCode,
      slotCode,
      patientName: '张三',
      holdUntil: new Date(NOW.getTime() + 5 * 60_000),
    });
    const confirm = {
      idempotencyKey: 'c1',
      appointmentId: 'a1',
      holdCode: hold.holdCode,
      patientPaidFen: hold.feeFen,
      insuranceCoveredFen: 0,
      paymentReference: 'pi_1',
    };
    expect(
      refusal(() => book.confirm({ ...confirm, idempotencyKey: 'c0', patientPaidFen: 1 }, false))
        .reason,
    ).toBe('FEE_MISMATCH');
    const confirmed = book.confirm(confirm, false);
    expect(confirmed.hospitalAppointmentCode).toMatch(/^V\d{8}/);
    expect(book.confirm(confirm, false)).toEqual(confirmed);

    const cancelledAt = book.cancel({
      idempotencyKey: 'x1',
      appointmentId: 'a1',
      holdCode: '',
      hospitalAppointmentCode: confirmed.hospitalAppointmentCode,
      reason: 'patient',
    });
    expect(cancelledAt).toEqual(now);
    // Cancelling again (even under a new key) reports the first cancellation.
    now = new Date(NOW.getTime() + 1000);
    expect(
      book.cancel({
        idempotencyKey: 'x2',
        appointmentId: 'a1',
        holdCode: hold.holdCode,
        hospitalAppointmentCode: '',
        reason: '',
      }),
    ).toEqual(cancelledAt);

    // The slot is free again; a new hold that then lapses cannot be confirmed.
    const second = book.hold({
      idempotencyKey: 'h2',
      appointmentId: 'a2',
      sessionCode: session.sessionCode,
      slotCode,
      patientName: '李四',
      holdUntil: new Date(now.getTime() + 60_000),
    });
    now = new Date(now.getTime() + 61_000);
    const expired = refusal(() =>
      book.confirm(
        { ...confirm, idempotencyKey: 'c2', appointmentId: 'a2', holdCode: second.holdCode },
        false,
      ),
    );
    expect(expired.reason).toBe('HOLD_EXPIRED');
  });

  it('refuses to confirm when the hospital is set to refuse', () => {
    const book = bookAt();
    const { session, slotCode } = firstFree(book);
    const hold = book.hold({
      idempotencyKey: 'h1',
      appointmentId: 'a1',
      sessionCode: session.sessionCode,
      slotCode,
      patientName: '张三',
      holdUntil: new Date(NOW.getTime() + 60_000),
    });
    const refused = refusal(() =>
      book.confirm(
        {
          idempotencyKey: 'c1',
          appointmentId: 'a1',
          holdCode: hold.holdCode,
          patientPaidFen: 0,
          insuranceCoveredFen: 0,
          paymentReference: '',
        },
        true,
      ),
    );
    expect(refused.reason).toBe('PATIENT_BLOCKED');
  });

  it('knows no session or slot it never issued', () => {
    const book = bookAt();
    const base = {
      idempotencyKey: 'k',
      appointmentId: 'a',
      patientName: 'x',
      holdUntil: new Date(NOW.getTime() + 60_000),
    };
    expect(refusal(() => book.hold({ ...base, sessionCode: 'nope', slotCode: 'x' })).reason).toBe(
      'UNKNOWN_SESSION',
    );
    const { session } = firstFree(book);
    expect(
      refusal(() =>
        book.hold({
          ...base,
          idempotencyKey: 'k2',
          sessionCode: session.sessionCode,
          slotCode: 'x',
        }),
      ).reason,
    ).toBe('UNKNOWN_SLOT');
  });
});
