import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { decodeStatusDetails } from '@meridian/platform';
import { timestampFromDate } from '@meridian/proto';
import { hospitalV1 } from '@meridian/proto';

import { hospitalLink } from './support/grpc';
import { TestPlatform } from './support/platform';

async function failure(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail');
}

describe('hospital-simulator: HospitalLink over real gRPC, with fault knobs over HTTP', () => {
  const platform = new TestPlatform();
  const hospital = `${platform.simulatorId}-0001`;
  const other = `${platform.simulatorId}-0002`;
  const client = hospitalLink(platform.grpcTarget('hospital-simulator'));
  const as = (code: string, deadlineMs?: number) => ({
    metadata: { 'x-hospital-code': code },
    ...(deadlineMs === undefined ? {} : { deadlineMs }),
  });
  const faults = (path: string, init?: RequestInit) =>
    fetch(`${platform.httpUrl('hospital-simulator')}/admin/faults${path}`, init);
  const put = (code: string, body: unknown) =>
    faults(`/${code}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    await platform.start(['hospital-integration', 'hospital-simulator']);
  }, 90_000);

  afterAll(async () => {
    client.close();
    await platform.stopAll();
  });

  afterEach(async () => {
    await faults('', { method: 'DELETE' });
  });

  async function freeSlot(
    code: string,
  ): Promise<{ session: hospitalV1.HospitalSession; slotCode: string }> {
    const start = new Date(Date.now() + 24 * 3_600_000);
    const response = await client.call.getSchedule(
      {
        departmentCode: '',
        doctorCode: '',
        windowStart: timestampFromDate(start),
        windowEnd: timestampFromDate(new Date(start.getTime() + 3 * 86_400_000)),
        pageSize: 50,
        pageToken: '',
      },
      as(code),
    );
    for (const session of response.sessions) {
      if (session.status !== hospitalV1.SessionStatus.SESSION_STATUS_OPEN) continue;
      const slot = session.slots.find(
        (s) => s.status === hospitalV1.SlotStatus.SLOT_STATUS_AVAILABLE,
      );
      if (slot) return { session, slotCode: slot.slotCode };
    }
    throw new Error('no free slot');
  }

  function holdRequest(
    session: hospitalV1.HospitalSession,
    slotCode: string,
    key: string,
  ): hospitalV1.HoldSlotRequest {
    return {
      idempotencyKey: key,
      appointmentId: `appt-${key}`,
      sessionCode: session.sessionCode,
      slotCode,
      patient: {
        name: '张三',
        documentType: 'IDENTITY_DOCUMENT_TYPE_UNSPECIFIED',
        documentNumber: '',
        sex: 'SEX_UNSPECIFIED',
        birthDate: null,
        phone: '',
      } as unknown as hospitalV1.HoldSlotRequest['patient'],
      holdUntil: timestampFromDate(new Date(Date.now() + 5 * 60_000)),
    };
  }

  it('serves a paginated schedule, holds, confirms and cancels idempotently', async () => {
    const start = new Date(Date.now() + 3_600_000);
    const window = {
      departmentCode: '',
      doctorCode: '',
      windowStart: timestampFromDate(start),
      windowEnd: timestampFromDate(new Date(start.getTime() + 7 * 86_400_000)),
      pageToken: '',
    };
    const first = await client.call.getSchedule({ ...window, pageSize: 10 }, as(hospital));
    expect(first.sessions).toHaveLength(10);
    expect(first.nextPageToken).not.toBe('');
    const second = await client.call.getSchedule(
      { ...window, pageSize: 10, pageToken: first.nextPageToken },
      as(hospital),
    );
    expect(second.sessions[0]?.sessionCode).not.toBe(first.sessions[0]?.sessionCode);

    const { session, slotCode } = await freeSlot(hospital);
    const retried = holdRequest(session, slotCode, 'k1');
    const hold = await client.call.holdSlot(retried, as(hospital));
    expect(hold.fee?.amountFen).toBe(session.fee?.amountFen);
    // A retry with the same key is the same hold; another appointment finds the slot taken.
    expect(await client.call.holdSlot(retried, as(hospital))).toEqual(hold);
    const taken = await failure(
      client.call.holdSlot(holdRequest(session, slotCode, 'k2'), as(hospital)),
    );
    expect(taken.code).toBe(GrpcStatus.FAILED_PRECONDITION);
    expect(decodeStatusDetails(taken.metadata)).toMatchObject({
      domain: 'hospital-link',
      reason: 'SLOT_TAKEN',
    });

    const confirm: hospitalV1.ConfirmAppointmentRequest = {
      idempotencyKey: 'c1',
      appointmentId: 'appt-k1',
      holdCode: hold.holdCode,
      patientPaid: hold.fee,
      insuranceCovered: { amountFen: '0', currency: 'CNY' },
      paymentReference: 'pi_e2e',
    };
    const confirmed = await client.call.confirmAppointment(confirm, as(hospital));
    expect(confirmed.hospitalAppointmentCode).not.toBe('');
    expect(await client.call.confirmAppointment(confirm, as(hospital))).toEqual(confirmed);

    const cancel = {
      idempotencyKey: 'x1',
      appointmentId: 'appt-k1',
      holdCode: '',
      hospitalAppointmentCode: confirmed.hospitalAppointmentCode,
      reason: 'plans changed',
    };
    const cancelled = await client.call.cancelAppointment(cancel, as(hospital));
    expect(await client.call.cancelAppointment(cancel, as(hospital))).toEqual(cancelled);
    // Released: a new appointment can hold the slot.
    await expect(
      client.call.holdSlot(holdRequest(session, slotCode, 'k3'), as(hospital)),
    ).resolves.toMatchObject({
      fee: hold.fee,
    });
  });

  it('rejects calls without a hospital, for an unknown hospital, or with a bad window', async () => {
    const window = {
      departmentCode: '',
      doctorCode: '',
      windowStart: timestampFromDate(new Date()),
      windowEnd: timestampFromDate(new Date(Date.now() + 40 * 86_400_000)),
      pageSize: 0,
      pageToken: '',
    };
    expect((await failure(client.call.getSchedule(window))).code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect((await failure(client.call.getSchedule(window, as('NOPE-1')))).code).toBe(
      GrpcStatus.NOT_FOUND,
    );
    const tooLong = await failure(client.call.getSchedule(window, as(hospital)));
    expect(tooLong.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(tooLong.details).toContain('31 days');
    expect((await failure(client.call.fetchReport({ reportCode: 'X' }, as(hospital)))).code).toBe(
      GrpcStatus.NOT_FOUND,
    );
    const report = await client.call.fetchReport({ reportCode: `${hospital}-LR-42` }, as(hospital));
    expect(report.report?.observations.map((o) => o.loincCode)).toEqual([
      '6690-2',
      '718-7',
      '777-3',
    ]);
  });

  it('fault knobs make one hospital unavailable, silent or obstinate while the others answer', async () => {
    expect((await put(hospital, { errorRate: 1 })).status).toBe(200);
    const down = await failure(freeSlot(hospital));
    expect(down.code).toBe(GrpcStatus.UNAVAILABLE);
    expect(decodeStatusDetails(down.metadata).reason).toBe('HIS_UNAVAILABLE');
    await expect(freeSlot(other)).resolves.toBeDefined();

    await put(hospital, { timeoutRate: 1, methods: ['GetSchedule'] });
    const window = {
      departmentCode: '',
      doctorCode: '',
      windowStart: timestampFromDate(new Date()),
      windowEnd: timestampFromDate(new Date(Date.now() + 86_400_000)),
      pageSize: 1,
      pageToken: '',
    };
    const silent = await failure(client.call.getSchedule(window, as(hospital, 300)));
    expect(silent.code).toBe(GrpcStatus.DEADLINE_EXCEEDED);

    await put(hospital, { refuseConfirm: true });
    const { session, slotCode } = await freeSlot(hospital);
    const hold = await client.call.holdSlot(holdRequest(session, slotCode, 'r1'), as(hospital));
    const refused = await failure(
      client.call.confirmAppointment(
        {
          idempotencyKey: 'rc1',
          appointmentId: 'appt-r1',
          holdCode: hold.holdCode,
          patientPaid: hold.fee,
          insuranceCovered: null,
          paymentReference: 'pi',
        },
        as(hospital),
      ),
    );
    expect(decodeStatusDetails(refused.metadata).reason).toBe('PATIENT_BLOCKED');

    const listed = (await (await faults('')).json()) as { faults: Record<string, unknown> };
    expect(Object.keys(listed.faults)).toEqual([hospital]);
  });

  it('rejects bad knobs with problem+json and changes nothing', async () => {
    const bad = await put(hospital, { errorRate: 3, latencyMS: 5 });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await bad.json()) as { errors: { field: string }[] };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['(request)', 'errorRate']);
    expect((await put('NOPE-1', {})).status).toBe(404);
    const listed = (await (await faults('')).json()) as { faults: Record<string, unknown> };
    expect(listed.faults).toEqual({});
  });
});
