import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { decodeStatusDetails } from '@meridian/platform';
import { eventually } from '@meridian/testing';
import { hospitalV1, paymentsV1 } from '@meridian/proto';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

import { appointments, hospitalDirectory } from './support/grpc';
import { TestPlatform } from './support/platform';

const SIM_GRPC_PORT = 51106 + Number(process.env['E2E_PORT_OFFSET'] ?? 0);

async function outcome<T>(promise: Promise<T>): Promise<{ ok: T } | { error: ServiceError }> {
  try {
    return { ok: await promise };
  } catch (error) {
    return { error: error as ServiceError };
  }
}

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  const result = await outcome(promise);
  if ('ok' in result) throw new Error('expected the call to fail');
  return result.error;
}

jest.setTimeout(60_000);

describe('appointments: slots, holds, bookings and their release, against the hospital simulator', () => {
  const platform = new TestPlatform({
    'hospital-integration': {
      HOSPITAL_LINK_ROUTES: `*=127.0.0.1:${SIM_GRPC_PORT}`,
      HOSPITAL_LINK_DEADLINE_MS: '8000',
      HOSPITAL_LINK_MAX_CONCURRENCY: '4',
      HOSPITAL_LINK_BREAKER_FAILURES: '50',
      // Pulled on demand (first read) only, so that no pull shares the bulkheads during the tests.
      SCHEDULE_SYNC_INTERVAL_MS: '600000',
      SCHEDULE_SYNC_DAYS: '3',
      APPOINTMENT_HOLD_MS: '5000',
      APPOINTMENT_SWEEP_INTERVAL_MS: '200',
      DATABASE_POOL_MAX: '10',
    },
  });
  const client = appointments(platform.grpcTarget('hospital-integration'));
  const directory = hospitalDirectory(platform.grpcTarget('hospital-integration'));
  const hospitalIds = new Map<string, string>();
  let db: Client;
  const codeOf = (n: number) => `${platform.simulatorId}-${String(n).padStart(4, '0')}`;
  const patient = (name = randomBytes(4).toString('hex')) => ({
    partnerId: 'e2e-partner',
    patientId: `p-${name}`,
  });
  const visitor = {
    name: '张三',
    documentType: 'IDENTITY_DOCUMENT_TYPE_RESIDENT_ID_CARD',
    documentNumber: '110101199003074514',
    sex: 'SEX_MALE',
    birthDate: { year: 1990, month: 3, day: 7 },
    phone: '+8613800000000',
  } as unknown as hospitalV1.HoldAppointmentRequest['visitor'];
  const key = () => `e2e-${randomBytes(8).toString('hex')}`;
  const faults = (code: string, body: unknown) =>
    fetch(`${platform.httpUrl('hospital-simulator')}/admin/faults/${code}`, {
      method: body === null ? 'DELETE' : 'PUT',
      headers: { 'content-type': 'application/json' },
      ...(body === null ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    await platform.start(['hospital-integration', 'hospital-simulator']);
    db = new Client({ connectionString: platform.databaseUrl('hospital-integration') });
    await db.connect();
    const found = await directory.call.searchHospitals({
      city: '',
      departmentCode: '',
      pageSize: 50,
      pageToken: '',
      regionCode: '',
      text: '',
      specialty: '',
      openSlotsWithinDays: 0,
    });
    for (const h of found.hospitals) hospitalIds.set(h.code, h.id);
    expect(hospitalIds.has(codeOf(1))).toBe(true);
  }, 120_000);

  afterAll(async () => {
    client.close();
    directory.close();
    await db.end();
    await platform.stopAll();
  });

  async function openSlots(hospitalCode: string, pageSize = 50): Promise<hospitalV1.Slot[]> {
    const hospitalId = hospitalIds.get(hospitalCode) ?? '';
    return eventually(
      async () => {
        const page = await client.call.findSlots({
          hospitalId,
          departmentCode: '',
          doctorId: '',
          visitType: hospitalV1.VisitType.VISIT_TYPE_UNSPECIFIED,
          startsAfter: null,
          startsBefore: null,
          pageSize,
          pageToken: '',
        });
        return page.slots.length >= Math.min(pageSize, 10) ? page.slots : undefined;
      },
      30_000,
      300,
    );
  }

  const hold = (slotId: string, who = patient(), idempotencyKey = key()) =>
    client.call.holdAppointment({
      idempotencyKey,
      patient: who,
      slotId,
      visitor,
      certificateId: '',
      consultationId: '',
    });

  async function eventTypes(appointmentId: string): Promise<string[]> {
    const rows = await db.query<{ type: string }>(
      `SELECT type FROM "${platform.schema}".outbox_events WHERE key = $1 ORDER BY id`,
      [appointmentId],
    );
    return rows.rows.map((r) => r.type);
  }

  it('lists sessions with remaining capacity and finds open slots, earliest first, page by page', async () => {
    const slots = await openSlots(codeOf(1), 10);
    const times = slots.map((s) => Number(s.startTime?.seconds));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(
      slots.every(
        (s) =>
          s.status === hospitalV1.SlotStatus.SLOT_STATUS_AVAILABLE && Number(s.fee?.amountFen) > 0,
      ),
    ).toBe(true);
    const hospitalId = hospitalIds.get(codeOf(1)) ?? '';
    const first = await client.call.findSlots({
      hospitalId,
      departmentCode: '',
      doctorId: '',
      visitType: hospitalV1.VisitType.VISIT_TYPE_UNSPECIFIED,
      startsAfter: null,
      startsBefore: null,
      pageSize: 5,
      pageToken: '',
    });
    const second = await client.call.findSlots({
      hospitalId,
      departmentCode: '',
      doctorId: '',
      visitType: hospitalV1.VisitType.VISIT_TYPE_UNSPECIFIED,
      startsAfter: null,
      startsBefore: null,
      pageSize: 5,
      pageToken: first.nextPageToken,
    });
    const ids = [...first.slots, ...second.slots].map((s) => s.id);
    expect(new Set(ids).size).toBe(10);

    const now = Date.now();
    const sessions = await directory.call.listScheduleSessions({
      hospitalId,
      departmentCode: '',
      doctorId: '',
      startsAfter: { seconds: String(Math.floor(now / 1000)), nanos: 0 },
      startsBefore: { seconds: String(Math.floor(now / 1000) + 3 * 86_400), nanos: 0 },
      pageSize: 100,
      pageToken: '',
    });
    expect(sessions.sessions.length).toBeGreaterThan(0);
    for (const s of sessions.sessions) expect(s.availableSlots).toBeLessThanOrEqual(s.totalSlots);
    expect(
      sessions.sessions.some(
        (s) => s.status === hospitalV1.SessionStatus.SESSION_STATUS_OPEN && s.availableSlots > 0,
      ),
    ).toBe(true);

    const bad = await failure(
      client.call.findSlots({
        hospitalId: '',
        departmentCode: '',
        doctorId: '',
        visitType: hospitalV1.VisitType.VISIT_TYPE_UNSPECIFIED,
        startsAfter: null,
        startsBefore: null,
        pageSize: 500,
        pageToken: '',
      }),
    );
    expect(bad.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(
      decodeStatusDetails(bad.metadata)
        .violations.map((v) => v.field)
        .sort(),
    ).toEqual(['hospitalId', 'pageSize']);
  });

  it('holds, books and cancels, idempotently, with an event for every transition', async () => {
    const [slot] = await openSlots(codeOf(1));
    if (!slot) throw new Error('no slot');
    const who = patient();
    const holdKey = key();
    const held = await hold(slot.id, who, holdKey);
    expect(held.status).toBe('APPOINTMENT_STATUS_HELD');
    expect(held.holdExpiresAt).not.toBeNull();
    // The same key is the same appointment; the same key for another slot is refused.
    expect((await hold(slot.id, who, holdKey)).id).toBe(held.id);
    const reused = await failure(hold((await openSlots(codeOf(1)))[3]?.id ?? '', who, holdKey));
    expect(reused.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    // Another patient cannot read it.
    expect(
      (await failure(client.call.getAppointment({ appointmentId: held.id, patient: patient() })))
        .code,
    ).toBe(GrpcStatus.NOT_FOUND);

    const bookKey = key();
    const book = () =>
      client.call.bookAppointment({
        idempotencyKey: bookKey,
        patient: who,
        heldAppointmentId: held.id,
        slotId: '',
        visitor: null,
        certificateId: '',
        paymentChannel: paymentsV1.PaymentChannel.PAYMENT_CHANNEL_UNSPECIFIED,
        paymentReturnUrl: '',
        consultationId: '',
      });
    const booked = await book();
    expect(booked.status).toBe('APPOINTMENT_STATUS_CONFIRMED');
    expect(booked.hospitalAppointmentCode).not.toBe('');
    expect((await book()).hospitalAppointmentCode).toBe(booked.hospitalAppointmentCode);

    const listed = await client.call.listAppointments({
      patient: who,
      statuses: [],
      pageSize: 10,
      pageToken: '',
    });
    expect(listed.appointments.map((a) => a.id)).toEqual([held.id]);

    const cancelKey = key();
    const cancel = () =>
      client.call.cancelAppointment({
        idempotencyKey: cancelKey,
        appointmentId: held.id,
        patient: who,
        reason: '行程有变',
      });
    const cancelled = await cancel();
    expect(cancelled.status).toBe('APPOINTMENT_STATUS_CANCELLED');
    expect(cancelled.endedBy).toBe('APPOINTMENT_PARTY_PATIENT');
    expect((await cancel()).version).toBe(cancelled.version);

    expect(await eventTypes(held.id)).toEqual([
      'meridian.hospital.appointment.held.v1',
      'meridian.hospital.appointment.confirming.v1',
      'meridian.hospital.appointment.confirmed.v1',
      'meridian.hospital.appointment.cancelled.v1',
    ]);
    // The relay published them to Kafka.
    await eventually(async () => {
      const rows = await db.query(
        `SELECT 1 FROM "${platform.schema}".outbox_events WHERE key = $1 AND published_at IS NULL`,
        [held.id],
      );
      return rows.rowCount === 0 ? true : undefined;
    });
    // The slot is bookable again, here and at the hospital.
    const again = await hold(slot.id);
    expect(again.status).toBe('APPOINTMENT_STATUS_HELD');
  });

  it('100 concurrent holds of one slot: exactly one wins, the others get a conflict', async () => {
    const slots = await openSlots(codeOf(2));
    const slot = slots[0];
    if (!slot) throw new Error('no slot');
    const results = await Promise.all(Array.from({ length: 100 }, () => outcome(hold(slot.id))));
    const won = results.filter((r) => 'ok' in r);
    const lost = results.flatMap((r) => ('error' in r ? [r.error] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(99);
    for (const error of lost) {
      expect(error.code).toBe(GrpcStatus.ABORTED);
      expect(decodeStatusDetails(error.metadata)).toMatchObject({
        reason: 'APPOINTMENT.SLOT_TAKEN',
        metadata: { slotId: slot.id },
      });
    }
    const rows = await db.query(
      `SELECT count(*)::int AS n FROM "${platform.schema}".appointments WHERE slot_id = $1`,
      [slot.id],
    );
    expect(rows.rows[0]).toEqual({ n: 1 });
  });

  it('100 concurrent direct bookings of one slot: exactly one is confirmed', async () => {
    const slots = await openSlots(codeOf(2));
    const slot = slots[5];
    if (!slot) throw new Error('no slot');
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        outcome(
          client.call.bookAppointment({
            idempotencyKey: key(),
            patient: patient(),
            heldAppointmentId: '',
            slotId: slot.id,
            visitor,
            certificateId: '',
            paymentChannel: paymentsV1.PaymentChannel.PAYMENT_CHANNEL_UNSPECIFIED,
            paymentReturnUrl: '',
            consultationId: '',
          }),
        ),
      ),
    );
    const won = results.flatMap((r) => ('ok' in r ? [r.ok] : []));
    expect(won.map((a) => a.status)).toEqual(['APPOINTMENT_STATUS_CONFIRMED']);
    const lost = results.flatMap((r) => ('error' in r ? [r.error] : []));
    expect(
      lost.every(
        (e) =>
          e.code === GrpcStatus.ABORTED &&
          decodeStatusDetails(e.metadata).reason === 'APPOINTMENT.SLOT_TAKEN',
      ),
    ).toBe(true);
  });

  it('an expired hold frees its slot by itself, on the platform and at the hospital', async () => {
    const slots = await openSlots(codeOf(3));
    const slot = slots[0];
    if (!slot) throw new Error('no slot');
    const who = patient();
    const held = await hold(slot.id, who);
    expect((await failure(hold(slot.id))).code).toBe(GrpcStatus.ABORTED);
    const expired = await eventually(
      async () => {
        const a = await client.call.getAppointment({ appointmentId: held.id, patient: who });
        return a.status === hospitalV1.AppointmentStatus.APPOINTMENT_STATUS_EXPIRED ? a : undefined;
      },
      20_000,
      250,
    );
    expect(expired.endedBy).toBe('APPOINTMENT_PARTY_PLATFORM');
    await eventually(async () => {
      const rows = await db.query<{ release_pending: boolean }>(
        `SELECT release_pending FROM "${platform.schema}".appointments WHERE id = $1`,
        [held.id],
      );
      return rows.rows[0]?.release_pending === false ? true : undefined;
    });
    expect(await eventTypes(held.id)).toEqual([
      'meridian.hospital.appointment.held.v1',
      'meridian.hospital.appointment.expired.v1',
    ]);
    expect((await hold(slot.id)).status).toBe('APPOINTMENT_STATUS_HELD');
  });

  it('a slow hospital fills only its own bulkhead: holds at another hospital go through meanwhile', async () => {
    const slow = codeOf(1);
    const fast = codeOf(3);
    const slowSlots = (await openSlots(slow)).slice(10, 22);
    const fastSlots = (await openSlots(fast)).slice(5, 13);
    const metrics = async () =>
      (await fetch(`${platform.httpUrl('hospital-integration')}/metrics`)).text();
    const inFlight = async (code: string) =>
      Number(
        new RegExp(`hospital_link_in_flight\\{hospital="${code}"[^}]*\\} (\\d+)`).exec(
          await metrics(),
        )?.[1] ?? '0',
      );
    expect((await faults(slow, { latencyMs: 60_000, methods: ['HoldSlot'] })).status).toBe(200);
    try {
      // Four holds fill the slow hospital's bulkhead (limit 4) and wait for its answer.
      const stuck = slowSlots.slice(0, 4).map((s) => outcome(hold(s.id)));
      await eventually(async () => ((await inFlight(slow)) === 4 ? true : undefined), 20_000, 100);
      // More holds there are turned away at once, without reaching the hospital.
      const turnedAway = await Promise.all(slowSlots.slice(4).map((s) => failure(hold(s.id))));
      for (const error of turnedAway) {
        expect(error.code).toBe(GrpcStatus.UNAVAILABLE);
        expect(decodeStatusDetails(error.metadata).reason).toBe('HOSPITAL.LINK_BUSY');
      }
      // Meanwhile the healthy hospital takes holds as usual.
      // (one at a time: its own bulkhead is 4 too)
      const fastResults: hospitalV1.Appointment[] = [];
      for (const s of fastSlots) fastResults.push(await hold(s.id));
      expect(fastResults.map((a) => a.status)).toEqual(
        fastSlots.map(() => 'APPOINTMENT_STATUS_HELD'),
      );
      expect(await inFlight(slow)).toBe(4);
      // The stuck ones end at the deadline.
      for (const result of await Promise.all(stuck)) {
        expect('error' in result && decodeStatusDetails(result.error.metadata).reason).toBe(
          'HOSPITAL.TIMEOUT',
        );
      }
      expect(await metrics()).toMatch(
        new RegExp(
          `hospital_link_calls_total\\{[^}]*hospital="${slow}"[^}]*outcome="busy"[^}]*\\} ${slowSlots.length - 4}`,
        ),
      );
    } finally {
      await faults(slow, null);
    }
  });

  it('rejects malformed requests with the offending fields and changes nothing', async () => {
    const before = await db.query(
      `SELECT count(*)::int AS n FROM "${platform.schema}".appointments`,
    );
    const bad = await failure(
      client.call.holdAppointment({
        idempotencyKey: 'short',
        patient: null,
        slotId: 'not-a-uuid',
        visitor: null,
        certificateId: '',
        consultationId: '',
      }),
    );
    expect(bad.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(
      decodeStatusDetails(bad.metadata)
        .violations.map((v) => v.field)
        .sort(),
    ).toEqual(['idempotencyKey', 'patient', 'slotId', 'visitor']);
    const unknown = await failure(hold('0190f0f0-0000-7000-8000-000000000000'));
    expect(unknown.code).toBe(GrpcStatus.NOT_FOUND);
    const after = await db.query(
      `SELECT count(*)::int AS n FROM "${platform.schema}".appointments`,
    );
    expect(after.rows[0]).toEqual(before.rows[0]);
  });
});
