import { randomUUID } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import {
  BookingCancelled,
  BookingConfirmed,
  BookingFailed,
  PaymentIntentSucceeded,
  PaymentRefundSucceeded,
  SettlementReversed,
  SettlementSettled,
  Topics,
} from '@meridian/contracts';
import { decodeStatusDetails } from '@meridian/platform';
import { hospitalV1 } from '@meridian/proto';
import { eventually } from '@meridian/testing';
import { Client } from 'pg';

import { SlotFixtures, startRequest } from './support/booking-fixtures';
import { EventObserver } from './support/events';
import { bookings, hospitalLink } from './support/grpc';
import { TestPlatform } from './support/platform';

jest.setTimeout(120_000);

const State = hospitalV1.BookingState;

async function failureOf(
  call: Promise<unknown>,
): Promise<{ code: number; reason: string; fields: string[] }> {
  try {
    await call;
  } catch (error) {
    const failure = error as ServiceError;
    const details = decodeStatusDetails(failure.metadata);
    return {
      code: failure.code,
      reason: details.reason ?? '',
      fields: details.violations.map((v) => v.field),
    };
  }
  throw new Error('expected the call to fail');
}

describe('booking saga across hospital-integration, hospital-simulator, insurance and payments (real gRPC and Kafka)', () => {
  const integrationEnv: Record<string, string> = {
    BOOKING_POLL_INTERVAL_MS: '50',
    BOOKING_LEASE_MS: '3000',
    BOOKING_PAYMENT_GRACE_MS: '500',
    BOOKING_RETRY_BASE_MS: '100',
    BOOKING_RETRY_MAX_MS: '1000',
    // The machine running the suite may be busy: let requests wait for the saga generously.
    BOOKING_REQUEST_WAIT_MS: '20000',
  };
  const platform = new TestPlatform({
    'hospital-integration': integrationEnv,
    payments: { SANDBOX_CONFIRM_DELAY_MS: '500', PAYMENT_WORKER_POLL_MS: '100' },
  });
  const sim = platform.simulatorId;
  // The simulated hospitals' codes start with the simulator id; their HospitalLink is the simulator.
  integrationEnv['HOSPITAL_LINK_ROUTES'] = `${sim}-=${platform.grpcTarget('hospital-simulator')}`;
  const observer = new EventObserver(platform.namespace, [
    Topics.hospitalAppointments,
    Topics.payments,
    Topics.insuranceSettlements,
  ]);
  const booking = bookings(platform.grpcTarget('hospital-integration'));
  const link = hospitalLink(platform.grpcTarget('hospital-simulator'));
  const hospitalDb = new Client({ connectionString: platform.databaseUrl('hospital-integration') });
  const paymentsDb = new Client({ connectionString: platform.databaseUrl('payments') });
  const insuranceDb = new Client({
    connectionString: platform.databaseUrl('insurance-certificates'),
  });
  let slots: SlotFixtures;

  const faults = (code: string, knobs: unknown) =>
    fetch(`${platform.httpUrl('hospital-simulator')}/admin/faults/${code}`, {
      method: knobs === null ? 'DELETE' : 'PUT',
      headers: { 'content-type': 'application/json' },
      ...(knobs === null ? {} : { body: JSON.stringify(knobs) }),
    });

  const outcome = (type: string, appointmentId: string) =>
    eventually(async () => observer.of(type, appointmentId)[0], 60_000, 100);

  beforeAll(async () => {
    await platform.start(
      ['payments', 'insurance-certificates', 'hospital-simulator', 'hospital-integration'],
      120_000,
    );
    await observer.start();
    for (const db of [hospitalDb, paymentsDb, insuranceDb]) {
      await db.connect();
      await db.query(`SET search_path TO "${platform.schema}"`);
    }
    slots = new SlotFixtures(hospitalDb, link);
  }, 180_000);

  afterAll(async () => {
    booking.close();
    link.close();
    await observer.stop();
    await Promise.all([hospitalDb.end(), paymentsDb.end(), insuranceDb.end()]);
    await platform.stopAll();
  }, 60_000);

  it('books, pays through the sandbox, confirms at the hospital, settles and publishes appointment confirmed', async () => {
    const slot = await slots.openSlot(`${sim}-0001`);
    const request = startRequest(slot.slotId);
    const started = await booking.call.startBooking(request);
    expect(started.state).toBe(State.BOOKING_STATE_AWAITING_PAYMENT);
    const appointment = started.appointment;
    expect(appointment?.status).toBe(
      hospitalV1.AppointmentStatus.APPOINTMENT_STATUS_AWAITING_PAYMENT,
    );
    expect(appointment?.paymentIntentId).not.toBe('');
    // Placeholder rule: half of the registration fee is covered.
    const fee = BigInt(slot.feeFen);
    expect(appointment?.price?.total?.amountFen).toBe(slot.feeFen);
    expect(BigInt(appointment?.price?.insuranceCovered?.amountFen ?? '-1')).toBe(fee / 2n);
    expect(BigInt(appointment?.price?.patientPayable?.amountFen ?? '-1')).toBe(fee - fee / 2n);
    // A retried request returns the same booking.
    expect((await booking.call.startBooking(request)).id).toBe(started.id);

    const confirmed = await outcome(BookingConfirmed.type, appointment?.id ?? '');
    expect(confirmed.data).toMatchObject({
      bookingId: started.id,
      status: 'CONFIRMED',
      refundedFen: 0,
    });
    const view = await booking.call.getBooking({ bookingId: started.id, patient: request.patient });
    expect(view.state).toBe(State.BOOKING_STATE_CONFIRMED);
    expect(view.appointment?.hospitalAppointmentCode).not.toBe('');
    expect(view.appointment?.settlementId).not.toBe('');
    expect(await slots.hospitalStatus(`${sim}-0001`, slot.sessionCode, slot.slotCode)).toBe(
      hospitalV1.SlotStatus.SLOT_STATUS_BOOKED,
    );
    expect(observer.of(PaymentIntentSucceeded.type, appointment?.paymentIntentId)).toHaveLength(1);
    expect(observer.of(SettlementSettled.type, view.appointment?.settlementId)).toHaveLength(1);
    // Another patient cannot see it.
    const foreign = await failureOf(
      booking.call.getBooking({
        bookingId: started.id,
        patient: { partnerId: 'partner-e2e', patientId: 'other' },
      }),
    );
    expect(foreign).toMatchObject({ code: GrpcStatus.NOT_FOUND, reason: 'BOOKING.NOT_FOUND' });
  });

  it('releases the hold and charges nothing when the payment fails', async () => {
    const slot = await slots.openSlot(`${sim}-0001`);
    const request = startRequest(slot.slotId, {
      patient: {
        partnerId: 'partner-e2e',
        patientId: `p-sandbox-decline-${randomUUID().slice(0, 6)}`,
      },
    });
    const started = await booking.call.startBooking(request);
    const failed = await outcome(BookingFailed.type, started.appointment?.id ?? '');
    expect(failed.data).toMatchObject({
      status: 'FAILED',
      failureCode: 'PAYMENT.FAILED',
      refundedFen: 0,
    });
    expect(await slots.hospitalStatus(`${sim}-0001`, slot.sessionCode, slot.slotCode)).toBe(
      hospitalV1.SlotStatus.SLOT_STATUS_AVAILABLE,
    );
    const refunds = await paymentsDb.query(
      'SELECT 1 FROM payment_refunds WHERE payment_intent_id = $1',
      [started.appointment?.paymentIntentId],
    );
    expect(refunds.rowCount).toBe(0);
    expect(
      (
        await insuranceDb.query('SELECT 1 FROM settlements WHERE appointment_id = $1', [
          started.appointment?.id,
        ])
      ).rowCount,
    ).toBe(0);
  });

  it('refunds the patient and releases the slot when the hospital refuses to confirm', async () => {
    const hospital = `${sim}-0002`;
    expect((await faults(hospital, { refuseConfirm: true })).ok).toBe(true);
    try {
      const slot = await slots.openSlot(hospital);
      const started = await booking.call.startBooking(startRequest(slot.slotId));
      const appointmentId = started.appointment?.id ?? '';
      const failed = await outcome(BookingFailed.type, appointmentId);
      const payable = Number(started.appointment?.price?.patientPayable?.amountFen);
      expect(failed.data).toMatchObject({
        failureCode: 'APPOINTMENT.HOSPITAL_REJECTED',
        endedBy: 'HOSPITAL',
        refundedFen: payable,
      });
      const refund = await eventually(
        async () =>
          observer.of(PaymentRefundSucceeded.type, started.appointment?.paymentIntentId)[0],
      );
      expect(refund.data).toMatchObject({ amountFen: payable });
      expect(await slots.hospitalStatus(hospital, slot.sessionCode, slot.slotCode)).toBe(
        hospitalV1.SlotStatus.SLOT_STATUS_AVAILABLE,
      );
      // Nothing was settled, so nothing is left settled.
      const settled = await insuranceDb.query(
        "SELECT 1 FROM settlements WHERE appointment_id = $1 AND status = 'SETTLED'",
        [appointmentId],
      );
      expect(settled.rowCount).toBe(0);
    } finally {
      await faults(hospital, null);
    }
  });

  it('lets the patient cancel a confirmed booking: cancelled at the hospital, settlement reversed, refunded', async () => {
    const slot = await slots.openSlot(`${sim}-0001`);
    const request = startRequest(slot.slotId);
    const started = await booking.call.startBooking(request);
    const appointmentId = started.appointment?.id ?? '';
    await outcome(BookingConfirmed.type, appointmentId);
    const cancel = {
      idempotencyKey: `cancel-${randomUUID()}`,
      bookingId: started.id,
      patient: request.patient,
      reason: 'feeling better',
    };
    const cancelled = await booking.call.cancelBooking(cancel);
    expect(cancelled.state).toBe(State.BOOKING_STATE_CANCELLED);
    const payable = started.appointment?.price?.patientPayable?.amountFen ?? '';
    expect(cancelled.refunded?.amountFen).toBe(payable);
    // Repeating the cancellation changes nothing more.
    expect((await booking.call.cancelBooking(cancel)).version).toBe(cancelled.version);
    const event = await outcome(BookingCancelled.type, appointmentId);
    expect(event.data).toMatchObject({ endedBy: 'PATIENT', refundedFen: Number(payable) });
    await eventually(async () =>
      observer.of(SettlementReversed.type, cancelled.appointment?.settlementId).length === 1
        ? true
        : undefined,
    );
    expect(
      observer.of(PaymentRefundSucceeded.type, cancelled.appointment?.paymentIntentId),
    ).toHaveLength(1);
    expect(await slots.hospitalStatus(`${sim}-0001`, slot.sessionCode, slot.slotCode)).toBe(
      hospitalV1.SlotStatus.SLOT_STATUS_AVAILABLE,
    );
  });

  it('rejects bad requests with field violations and starts nothing', async () => {
    const bad = await failureOf(
      booking.call.startBooking(
        startRequest('not-a-slot', {
          idempotencyKey: 'short',
          patient: { partnerId: '', patientId: 'x' },
        }),
      ),
    );
    expect(bad.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(bad.fields.sort()).toEqual(['idempotencyKey', 'patient.partnerId', 'slotId']);
    const unknown = await failureOf(booking.call.startBooking(startRequest(randomUUID())));
    expect(unknown).toMatchObject({
      code: GrpcStatus.NOT_FOUND,
      reason: 'APPOINTMENT.SLOT_NOT_FOUND',
    });
  });

  it('survives SIGKILL mid-saga twice and completes with each effect exactly once', async () => {
    const hospital = `${sim}-0003`;
    // A slow confirmation keeps the saga inside its CONFIRM step long enough to kill it there.
    expect((await faults(hospital, { latencyMs: 2_000, methods: ['ConfirmAppointment'] })).ok).toBe(
      true,
    );
    try {
      const slot = await slots.openSlot(hospital);
      const request = startRequest(slot.slotId);
      const started = await booking.call.startBooking(request);
      expect(started.state).toBe(State.BOOKING_STATE_AWAITING_PAYMENT);
      const appointmentId = started.appointment?.id ?? '';
      const intentId = started.appointment?.paymentIntentId ?? '';
      // Crash 1: while waiting for the payment, which succeeds while the service is down.
      await platform.stop('hospital-integration', 'SIGKILL');
      await eventually(async () =>
        observer.of(PaymentIntentSucceeded.type, intentId).length === 1 ? true : undefined,
      );
      await platform.restart('hospital-integration');
      // Crash 2: inside the confirmation call.
      await eventually(
        async () => {
          const rows = await hospitalDb.query<{ step: string; lease_owner: string | null }>(
            'SELECT step, lease_owner FROM booking_sagas WHERE id = $1',
            [started.id],
          );
          const row = rows.rows[0];
          return row?.step === 'CONFIRM' && row.lease_owner !== null ? true : undefined;
        },
        30_000,
        50,
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      await platform.stop('hospital-integration', 'SIGKILL');
      await platform.restart('hospital-integration');

      const confirmed = await outcome(BookingConfirmed.type, appointmentId);
      expect(confirmed.data).toMatchObject({ status: 'CONFIRMED', paymentIntentId: intentId });
      // Give any duplicate a moment to show up before counting.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(observer.of(BookingConfirmed.type, appointmentId)).toHaveLength(1);
      expect(observer.of(BookingFailed.type, appointmentId)).toHaveLength(0);
      const intents = await paymentsDb.query(
        'SELECT status FROM payment_intents WHERE order_id = $1',
        [appointmentId],
      );
      expect(intents.rows).toEqual([{ status: 'SUCCEEDED' }]);
      expect(
        (
          await paymentsDb.query('SELECT 1 FROM payment_refunds WHERE payment_intent_id = $1', [
            intentId,
          ])
        ).rowCount,
      ).toBe(0);
      const quotes = await insuranceDb.query(
        'SELECT 1 FROM coverage_quotes WHERE appointment_id = $1',
        [appointmentId],
      );
      expect(quotes.rowCount).toBe(1);
      const settlements = await insuranceDb.query(
        'SELECT status FROM settlements WHERE appointment_id = $1',
        [appointmentId],
      );
      expect(settlements.rows).toEqual([{ status: 'SETTLED' }]);
      // One hold, confirmed once: the slot is booked at the hospital under this appointment.
      expect(await slots.hospitalStatus(hospital, slot.sessionCode, slot.slotCode)).toBe(
        hospitalV1.SlotStatus.SLOT_STATUS_BOOKED,
      );
      const view = await booking.call.getBooking({
        bookingId: started.id,
        patient: request.patient,
      });
      expect(view.state).toBe(State.BOOKING_STATE_CONFIRMED);
    } finally {
      await faults(hospital, null);
    }
  });
});
