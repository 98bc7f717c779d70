// Bookings through hospital-integration against the hospital simulator: BookAppointment (claim the
// slot, HoldSlot, ConfirmAppointment at the hospital) per second and its p50/p99, FindSlots per
// second, and the same bookings at a healthy hospital while another hospital is slow.
//
//   node bench/appointments-booking.mjs [--target 127.0.0.1:50103] [--simulator http://127.0.0.1:3106]
//                                      [--bookings 400] [--concurrency 16] [--searches 2000]
//
// Needs hospital-integration routed to a hospital simulator (HOSPITAL_LINK_ROUTES) with at least
// two simulated hospitals whose schedules have been pulled. Every booking takes a distinct slot.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createGrpcClient } from '@meridian/platform';
import { PROTO_FILES, grpcServiceName } from '@meridian/proto';

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: '127.0.0.1:50103' },
    simulator: { type: 'string', default: 'http://127.0.0.1:3106' },
    bookings: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '16' },
    searches: { type: 'string', default: '2000' },
  },
});
const bookings = Number(values.bookings);
const concurrency = Number(values.concurrency);

const client = (service) =>
  createGrpcClient({
    target: values.target,
    protoFiles: PROTO_FILES[service],
    service: grpcServiceName(service),
    deadlineMs: 30_000,
  });
const appointments = client('appointments');
const directory = client('hospitalDirectory');

const visitor = {
  name: '基准测试',
  documentType: 'IDENTITY_DOCUMENT_TYPE_RESIDENT_ID_CARD',
  documentNumber: '110101199003074514',
  sex: 'SEX_FEMALE',
  birthDate: { year: 1990, month: 3, day: 7 },
  phone: '',
};

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function slotsOf(hospitalId, wanted) {
  const slots = [];
  let pageToken = '';
  do {
    const page = await appointments.call.findSlots({
      hospitalId,
      departmentCode: '',
      doctorId: '',
      visitType: 'VISIT_TYPE_UNSPECIFIED',
      startsAfter: null,
      startsBefore: null,
      pageSize: 100,
      pageToken,
    });
    slots.push(...page.slots);
    pageToken = page.nextPageToken;
  } while (pageToken !== '' && slots.length < wanted);
  return slots.slice(0, wanted);
}

async function run(label, tasks, limit) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++];
        const t0 = performance.now();
        try {
          await task();
          latencies.push(performance.now() - t0);
        } catch {
          failures++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(44)} ${String(latencies.length).padStart(5)} ok ${String(failures).padStart(4)} failed ` +
      `${(latencies.length / seconds).toFixed(1).padStart(8)}/s  p50 ${percentile(latencies, 50)?.toFixed(1)} ms  p99 ${percentile(latencies, 99)?.toFixed(1)} ms`,
  );
}

const book = (slot) => () =>
  appointments.call.bookAppointment({
    idempotencyKey: `bench-${randomBytes(8).toString('hex')}`,
    patient: { partnerId: 'bench', patientId: `p-${randomBytes(4).toString('hex')}` },
    heldAppointmentId: '',
    slotId: slot.id,
    visitor,
    certificateId: '',
    paymentChannel: 'PAYMENT_CHANNEL_UNSPECIFIED',
    paymentReturnUrl: '',
    consultationId: '',
  });

const found = await directory.call.searchHospitals({
  city: '',
  departmentCode: '',
  pageSize: 100,
  pageToken: '',
});
const hospitals = found.hospitals.filter((h) => /-\d{4}$/.test(h.code));
if (hospitals.length < 2) throw new Error('needs at least two simulated hospitals');
const [first, second] = hospitals;
console.log(
  `hospitals: ${first.code}, ${second.code}; ${bookings} bookings, concurrency ${concurrency}`,
);

const searches = Number(values.searches);
await run(
  'FindSlots (one hospital, 20 per page)',
  Array.from(
    { length: searches },
    (_, i) => () =>
      appointments.call.findSlots({
        hospitalId: hospitals[i % hospitals.length].id,
        departmentCode: '',
        doctorId: '',
        visitType: 'VISIT_TYPE_UNSPECIFIED',
        startsAfter: null,
        startsBefore: null,
        pageSize: 20,
        pageToken: '',
      }),
  ),
  concurrency,
);

const healthySlots = await slotsOf(second.id, bookings * 2);
await run(
  'BookAppointment (hold + confirm), all healthy',
  healthySlots.slice(0, bookings).map(book),
  concurrency,
);

const faults = `${values.simulator}/admin/faults/${first.code}`;
await fetch(faults, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ latencyMs: 5000 }),
});
try {
  const slowSlots = await slotsOf(first.id, 64);
  const background = run(`  (meanwhile at ${first.code}, 5 s latency)`, slowSlots.map(book), 64);
  await run(
    `BookAppointment at ${second.code}, ${first.code} slow`,
    healthySlots.slice(bookings, bookings * 2).map(book),
    concurrency,
  );
  await background;
} finally {
  await fetch(faults, { method: 'DELETE' });
}
appointments.close();
directory.close();
