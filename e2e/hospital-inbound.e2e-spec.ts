import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { CloudEventHeader, LabReportReceived, Topics } from '@meridian/contracts';
import { decodeStatusDetails } from '@meridian/platform';
import { commonV1, hospitalV1, timestampFromDate } from '@meridian/proto';
import { eventually, testInfra } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { Client } from 'pg';

import { hospitalDirectory, registration } from './support/grpc';
import { TestCertificates, hospitalInbound } from './support/inbound';
import { TestPlatform } from './support/platform';

const run = promisify(execFile);
// Some tests run the admin CLI as a separate process.
jest.setTimeout(60_000);
const ROOT = join(__dirname, '..');
const INBOUND_PORT = 51113 + Number(process.env['E2E_PORT_OFFSET'] || 0);

interface FhirBundle {
  resourceType: string;
  type: string;
  entry: { fullUrl: string; resource: Record<string, unknown> & { resourceType: string } }[];
}

function failure(error: unknown): { code: number; reason?: string; fields: string[] } {
  const e = error as ServiceError;
  const details = decodeStatusDetails(e.metadata);
  return {
    code: e.code,
    ...(details.reason ? { reason: details.reason } : {}),
    fields: details.violations.map((v) => v.field),
  };
}

async function refusal(call: Promise<unknown>): Promise<ReturnType<typeof failure>> {
  try {
    await call;
  } catch (error) {
    return failure(error);
  }
  throw new Error('the call succeeded');
}

let sequence = 0;
function labReport(
  reportCode: string,
  overrides: Partial<hospitalV1.LabReport> = {},
  messageId = `lab-${reportCode}-${(sequence += 1)}`,
): hospitalV1.PublishLabReportRequest {
  const collected = new Date(Date.now() - 3 * 3600_000);
  return {
    messageId,
    report: {
      reportCode,
      appointmentId: '',
      hospitalAppointmentCode: 'V-20261125-001',
      patient: {
        name: '张三',
        documentType: commonV1.IdentityDocumentType.IDENTITY_DOCUMENT_TYPE_RESIDENT_ID_CARD,
        documentNumber: '11010519491231002X',
        sex: commonV1.Sex.SEX_MALE,
        birthDate: { year: 1980, month: 5, day: 17 },
        phone: '',
      },
      title: '血常规+电解质',
      specimen: '静脉血',
      departmentLocalName: '心内科',
      orderingDoctorName: '李医生',
      collectedAt: timestampFromDate(collected),
      reportedAt: timestampFromDate(new Date(collected.getTime() + 3600_000)),
      observations: [
        {
          loincCode: '718-7',
          localCode: 'HGB',
          name: '血红蛋白',
          value: '182',
          unit: 'g/L',
          referenceRange: '130-175',
          flag: hospitalV1.HospitalResultFlag.HOSPITAL_RESULT_FLAG_HIGH,
        },
        {
          loincCode: '2823-3',
          localCode: 'K',
          name: '钾',
          value: '2.5',
          unit: 'mmol/L',
          referenceRange: '3.5-5.3',
          flag: hospitalV1.HospitalResultFlag.HOSPITAL_RESULT_FLAG_CRITICAL_LOW,
        },
        {
          loincCode: '',
          localCode: 'X-HP',
          name: '幽门螺杆菌抗体',
          value: '阴性',
          unit: '',
          referenceRange: '阴性',
          flag: hospitalV1.HospitalResultFlag.HOSPITAL_RESULT_FLAG_NORMAL,
        },
      ],
      ...overrides,
    },
  };
}

describe('HospitalInbound: mutual TLS per hospital, durable de-duplicated messages, lab reports', () => {
  const certs = new TestCertificates();
  const rogue = new TestCertificates('meridian-rogue-');
  const platform = new TestPlatform({
    'hospital-integration': {
      ...certs.serverEnv,
      INBOUND_GRPC_HOST: '127.0.0.1',
      INBOUND_GRPC_PORT: String(INBOUND_PORT),
      PATIENT_MATCH_KEY: 'e2e-patient-match-key-0123456789abcdef',
    },
    'hospital-simulator': {
      HOSPITAL_INBOUND_GRPC_URL: `127.0.0.1:${INBOUND_PORT}`,
      HOSPITAL_INBOUND_CERT_DIR: certs.dir,
      LAB_REPORTS_AT_START: '2',
      LAB_REPORT_INTERVAL_MS: '0',
    },
  });
  const inboundTarget = `127.0.0.1:${INBOUND_PORT}`;
  const directory = hospitalDirectory(platform.grpcTarget('hospital-integration'));
  const a = registration({ city: 'Hangzhou' });
  const b = registration({ city: 'Ningbo' });
  let hospitalA: string;
  let hospitalB: string;
  let clientA: ReturnType<typeof hospitalInbound>;
  let clientB: ReturnType<typeof hospitalInbound>;
  const kafka = new Kafka({
    clientId: 'e2e-inbound',
    brokers: [...testInfra.kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
  const topic = `${platform.namespace}${Topics.hospitalLabReports}`;
  const events: KafkaMessage[] = [];
  let consumer: Consumer;
  let db: Client;
  const adminEnv = () => ({
    ...process.env,
    DATABASE_URL: platform.databaseUrl('hospital-integration'),
    DATABASE_SCHEMA: platform.schema,
  });
  const admin = (...args: string[]) =>
    run(
      process.execPath,
      [join(ROOT, 'apps/hospital-integration/dist/cli/inbound-admin.js'), ...args],
      {
        env: adminEnv(),
      },
    );

  beforeAll(async () => {
    certs.issue(a.code, b.code, 'NOT-REGISTERED');
    certs.issue(...[1, 2, 3].map((n) => `${platform.simulatorId}-000${n}`));
    rogue.issue(a.code);
    await platform.start(['hospital-integration', 'hospital-simulator']);
    hospitalA = (await directory.call.registerHospital(a)).id;
    hospitalB = (await directory.call.registerHospital(b)).id;
    clientA = hospitalInbound(inboundTarget, certs.channel(a.code));
    clientB = hospitalInbound(inboundTarget, certs.channel(b.code));
    consumer = kafka.consumer({
      groupId: `${platform.namespace}inbound-observer`,
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
    });
    // The relay creates the topic on its first event; the observer subscribes before that.
    const kafkaAdmin = kafka.admin();
    await kafkaAdmin.connect();
    await kafkaAdmin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await kafkaAdmin.disconnect();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        events.push(message);
      },
    });
    db = new Client({ connectionString: platform.databaseUrl('hospital-integration') });
    await db.connect();
    await db.query(`SET search_path TO "${platform.schema}"`);
  }, 120_000);

  afterAll(async () => {
    directory.close();
    clientA.close();
    clientB.close();
    await consumer.disconnect();
    await db.end();
    await platform.stopAll();
  }, 60_000);

  describe('authentication', () => {
    it('refuses a caller without a client certificate with UNAUTHENTICATED', async () => {
      const anonymous = hospitalInbound(inboundTarget, certs.channel());
      try {
        expect(await refusal(anonymous.call.publishLabReport(labReport('ANON-1')))).toMatchObject({
          code: GrpcStatus.UNAUTHENTICATED,
          reason: 'INBOUND.UNAUTHENTICATED',
        });
      } finally {
        anonymous.close();
      }
    });

    it('refuses a certificate of another CA, even one naming a registered hospital', async () => {
      const forged = hospitalInbound(inboundTarget, rogue.channel(a.code, certs));
      try {
        expect(await refusal(forged.call.publishLabReport(labReport('FORGED-1')))).toMatchObject({
          code: GrpcStatus.UNAUTHENTICATED,
          reason: 'INBOUND.UNAUTHENTICATED',
        });
      } finally {
        forged.close();
      }
    });

    it('refuses a certificate naming no registered hospital', async () => {
      const stranger = hospitalInbound(inboundTarget, certs.channel('NOT-REGISTERED'));
      try {
        expect(
          await refusal(stranger.call.publishLabReport(labReport('STRANGER-1'))),
        ).toMatchObject({
          code: GrpcStatus.UNAUTHENTICATED,
          reason: 'INBOUND.UNKNOWN_HOSPITAL',
        });
      } finally {
        stranger.close();
      }
    });

    it('serves HospitalInbound only on its own port, and not on the platform port', async () => {
      const onPlatformPort = hospitalInbound(
        platform.grpcTarget('hospital-integration'),
        certs.channel(a.code),
      );
      try {
        // The platform port is plaintext: a TLS client cannot even talk to it.
        const refused = await refusal(
          onPlatformPort.call.publishLabReport(labReport('WRONG-PORT')),
        );
        expect(refused.code).toBe(GrpcStatus.UNAVAILABLE);
      } finally {
        onPlatformPort.close();
      }
      const { createGrpcClient } = await import('@meridian/platform');
      const { PROTO_FILES, grpcServiceName } = await import('@meridian/proto');
      const directoryOnInbound = createGrpcClient<hospitalV1.HospitalDirectoryClient>({
        target: inboundTarget,
        protoFiles: PROTO_FILES.hospitalDirectory,
        service: grpcServiceName('hospitalDirectory'),
        deadlineMs: 5_000,
        credentials: certs.channel(a.code),
      });
      try {
        const refused = await refusal(
          directoryOnInbound.call.getHospital({ hospitalId: hospitalA }),
        );
        expect(refused.code).toBe(GrpcStatus.UNIMPLEMENTED);
      } finally {
        directoryOnInbound.close();
      }
    });
  });

  describe('lab reports', () => {
    it('stores a published report per hospital, judged by the clinical catalogue, unmatched without an appointment', async () => {
      const request = labReport('R-1001');
      const response = await clientA.call.publishLabReport(request);
      expect(response).toMatchObject({
        messageId: request.messageId,
        duplicate: false,
        patientMatched: false,
      });
      const { rows } = await db.query<{
        hospital_id: string;
        patient_matched: boolean;
        patient_key: string | null;
        version: number;
      }>(
        'SELECT hospital_id, patient_matched, patient_key, version FROM lab_reports WHERE id = $1',
        [response.reportId],
      );
      expect(rows).toEqual([
        {
          hospital_id: hospitalA,
          patient_matched: false,
          patient_key: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
          version: 1,
        },
      ]);
      const observations = await db.query<{
        position: number;
        flag: string | null;
        critical: boolean;
        status: string;
      }>(
        'SELECT position, flag, critical, status FROM lab_observations WHERE report_id = $1 ORDER BY position',
        [response.reportId],
      );
      expect(observations.rows).toEqual([
        { position: 0, flag: 'H', critical: false, status: 'ok' },
        { position: 1, flag: 'LL', critical: true, status: 'ok' },
        { position: 2, flag: null, critical: false, status: 'unknown-test' },
      ]);
      const message = await db.query<{ status: string; kind: string }>(
        'SELECT status, kind FROM inbound_messages WHERE hospital_id = $1 AND message_id = $2',
        [hospitalA, request.messageId],
      );
      expect(message.rows).toEqual([{ status: 'APPLIED', kind: 'PublishLabReport' }]);
    });

    it('publishes a lab report received event through the outbox, without the patient identity', async () => {
      const request = labReport('R-EVENT');
      const { reportId } = await clientA.call.publishLabReport(request);
      const record = await eventually(async () =>
        events.find((m) => m.key?.toString() === reportId),
      );
      expect(record.headers?.[CloudEventHeader.type]?.toString()).toBe(LabReportReceived.type);
      const data = LabReportReceived.schema.parse(JSON.parse(record.value?.toString() ?? '{}'));
      expect(data).toMatchObject({
        reportId,
        hospitalId: hospitalA,
        reportCode: 'R-EVENT',
        patientMatched: false,
        version: 1,
        criticalCount: 1,
        abnormalCount: 2,
      });
      expect(record.value?.toString()).not.toContain('11010519491231002X');
      expect(record.value?.toString()).not.toContain('张三');
    });

    it('exports the report as a FHIR R4 Bundle of a DiagnosticReport and coded Observations', async () => {
      const { reportId } = await clientA.call.publishLabReport(labReport('R-FHIR'));
      const response = await fetch(
        `${platform.httpUrl('hospital-integration')}/fhir/DiagnosticReport/${reportId}`,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('application/fhir+json');
      const bundle = (await response.json()) as FhirBundle;
      expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
      const [report, ...observations] = bundle.entry;
      expect(report?.resource).toMatchObject({
        resourceType: 'DiagnosticReport',
        id: reportId,
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '11502-2' }] },
        result: observations.map((o) => ({ reference: o.fullUrl })),
      });
      expect(observations.map((o) => o.resource)).toEqual([
        expect.objectContaining({
          resourceType: 'Observation',
          code: expect.objectContaining({
            coding: expect.arrayContaining([
              expect.objectContaining({ system: 'http://loinc.org', code: '718-7' }),
            ]) as unknown,
          }) as unknown,
          valueQuantity: {
            value: 182,
            unit: 'g/L',
            system: 'http://unitsofmeasure.org',
            code: 'g/L',
          },
          interpretation: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
                  code: 'H',
                  display: 'High',
                },
              ],
            },
          ],
          referenceRange: [
            {
              low: { value: 130, unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' },
              high: { value: 175, unit: 'g/L', system: 'http://unitsofmeasure.org', code: 'g/L' },
              text: '130-175',
            },
          ],
        }),
        expect.objectContaining({
          valueQuantity: {
            value: 2.5,
            unit: 'mmol/L',
            system: 'http://unitsofmeasure.org',
            code: 'mmol/L',
          },
          interpretation: [
            expect.objectContaining({ coding: [expect.objectContaining({ code: 'LL' })] }),
          ],
        }),
        expect.objectContaining({ valueString: '阴性' }),
      ]);
      expect(observations[2]?.resource['interpretation']).toBeUndefined();

      const missing = await fetch(
        `${platform.httpUrl('hospital-integration')}/fhir/DiagnosticReport/0190c2a4-0000-7000-8000-000000000000`,
      );
      expect(missing.status).toBe(404);
      const bad = await fetch(
        `${platform.httpUrl('hospital-integration')}/fhir/DiagnosticReport/not-a-uuid`,
      );
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  describe('durable intake', () => {
    it('answers a resent message id with the first outcome and duplicate = true, changing nothing', async () => {
      const request = labReport('R-DUP');
      const first = await clientA.call.publishLabReport(request);
      // Even with a different body: the message id decides.
      const changed = labReport('R-DUP-OTHER', {}, request.messageId);
      const [again, concurrent] = await Promise.all([
        clientA.call.publishLabReport(request),
        clientA.call.publishLabReport(changed),
      ]);
      expect(again).toEqual({ ...first, duplicate: true });
      expect(concurrent).toEqual({ ...first, duplicate: true });
      const counts = await db.query<{ messages: string; reports: string; events: string }>(
        `SELECT (SELECT count(*) FROM inbound_messages WHERE hospital_id = $1 AND message_id = $2) AS messages,
                (SELECT count(*) FROM lab_reports WHERE hospital_id = $1 AND report_code IN ('R-DUP', 'R-DUP-OTHER')) AS reports,
                (SELECT count(*) FROM outbox_events WHERE key = $3) AS events`,
        [hospitalA, request.messageId, first.reportId],
      );
      expect(counts.rows[0]).toEqual({ messages: '1', reports: '1', events: '1' });
    });

    it('de-duplicates per hospital: another hospital may use the same message id', async () => {
      const fromA = labReport('R-SHARED-ID', {}, 'shared-message-id');
      const fromB = labReport('R-SHARED-ID', {}, 'shared-message-id');
      const [ra, rb] = [
        await clientA.call.publishLabReport(fromA),
        await clientB.call.publishLabReport(fromB),
      ];
      expect(ra.duplicate).toBe(false);
      expect(rb.duplicate).toBe(false);
      expect(rb.reportId).not.toBe(ra.reportId);
    });

    it('applies a newer version of a report and records an older one without applying it', async () => {
      const base = Date.now() - 10 * 3600_000;
      const version = (hoursLater: number, hb: string) =>
        labReport('R-ORDER', {
          collectedAt: timestampFromDate(new Date(base)),
          reportedAt: timestampFromDate(new Date(base + hoursLater * 3600_000)),
          observations: [
            {
              loincCode: '718-7',
              localCode: 'HGB',
              name: '血红蛋白',
              value: hb,
              unit: 'g/L',
              referenceRange: '130-175',
              flag: hospitalV1.HospitalResultFlag.HOSPITAL_RESULT_FLAG_UNSPECIFIED,
            },
          ],
        });
      const first = await clientA.call.publishLabReport(version(1, '150'));
      const corrected = await clientA.call.publishLabReport(version(3, '120'));
      const late = version(2, '999');
      const outOfOrder = await clientA.call.publishLabReport(late);
      expect(corrected.reportId).toBe(first.reportId);
      expect(outOfOrder).toMatchObject({ reportId: first.reportId, duplicate: false });
      const stored = await db.query<{ version: number; value: string }>(
        `SELECT r.version, o.value FROM lab_reports r JOIN lab_observations o ON o.report_id = r.id
          WHERE r.id = $1`,
        [first.reportId],
      );
      expect(stored.rows).toEqual([{ version: 2, value: '120' }]);
      const statuses = await db.query<{ status: string }>(
        'SELECT status FROM inbound_messages WHERE hospital_id = $1 AND message_id = $2',
        [hospitalA, late.messageId],
      );
      expect(statuses.rows).toEqual([{ status: 'STALE' }]);
    });

    it('refuses a malformed message with INVALID_ARGUMENT naming each field, keeps it, and lists it', async () => {
      const bad = labReport('R-BAD');
      const report = bad.report!;
      const malformed: hospitalV1.PublishLabReportRequest = {
        messageId: 'bad-message-1',
        report: {
          ...report,
          reportedAt: null,
          observations: [
            { ...report.observations[0]!, loincCode: '718-8' },
            { ...report.observations[1]!, value: '' },
          ],
        },
      };
      const refused = await refusal(clientA.call.publishLabReport(malformed));
      expect(refused).toEqual({
        code: GrpcStatus.INVALID_ARGUMENT,
        reason: 'LAB_REPORT.INVALID',
        fields: expect.arrayContaining([
          'report.reported_at',
          'report.observations.0.loinc_code',
          'report.observations.1.value',
        ]) as string[],
      });
      const badId = await refusal(
        clientA.call.publishLabReport({ ...labReport('R-BAD-2'), messageId: '' }),
      );
      expect(badId).toEqual({
        code: GrpcStatus.INVALID_ARGUMENT,
        reason: 'INBOUND.INVALID_MESSAGE',
        fields: ['message_id'],
      });

      const kept = await db.query<{ message_id: string; status: string; code: string }>(
        'SELECT message_id, status, code FROM rejected_inbound_messages WHERE hospital_id = $1 ORDER BY received_at',
        [hospitalA],
      );
      expect(kept.rows).toEqual(
        expect.arrayContaining([
          { message_id: 'bad-message-1', status: 'INVALID_ARGUMENT', code: 'LAB_REPORT.INVALID' },
          { message_id: '', status: 'INVALID_ARGUMENT', code: 'INBOUND.INVALID_MESSAGE' },
        ]),
      );
      expect(
        (await db.query('SELECT 1 FROM lab_reports WHERE report_code = $1', ['R-BAD'])).rowCount,
      ).toBe(0);

      const listed = await admin('rejected', 'list', '--hospital', a.code);
      const lines = listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { messageId: string; violations: { field: string }[] });
      expect(
        lines.find((l) => l.messageId === 'bad-message-1')?.violations.map((v) => v.field),
      ).toEqual(expect.arrayContaining(['report.observations.0.loinc_code']));

      // A refused message id is not consumed: the corrected message goes through.
      const fixed = await clientA.call.publishLabReport(labReport('R-BAD', {}, 'bad-message-1'));
      expect(fixed.duplicate).toBe(false);
    });
  });

  describe('isolation between hospitals', () => {
    it('a hospital cannot replace or touch another hospital report of the same code', async () => {
      const fromA = await clientA.call.publishLabReport(labReport('R-ISO'));
      const fromB = await clientB.call.publishLabReport(
        labReport('R-ISO', { reportedAt: timestampFromDate(new Date()) }),
      );
      expect(fromB.reportId).not.toBe(fromA.reportId);
      const rows = await db.query<{ id: string; hospital_id: string; version: number }>(
        "SELECT id, hospital_id, version FROM lab_reports WHERE report_code = 'R-ISO' ORDER BY hospital_id",
      );
      expect(rows.rows).toEqual(
        expect.arrayContaining([
          { id: fromA.reportId, hospital_id: hospitalA, version: 1 },
          { id: fromB.reportId, hospital_id: hospitalB, version: 1 },
        ]),
      );
    });
  });

  describe('hospital-simulator', () => {
    it('pushes lab reports of each simulated hospital with its own certificate', async () => {
      const published = await eventually(async () => {
        const { rows } = await db.query<{ code: string; reports: string }>(
          `SELECT h.code, count(r.id) AS reports FROM hospitals h
             JOIN lab_reports r ON r.hospital_id = h.id
            WHERE h.code LIKE $1 GROUP BY h.code ORDER BY h.code`,
          [`${platform.simulatorId}-%`],
        );
        return rows.length === 3 && rows.every((r) => r.reports === '2') ? rows : undefined;
      }, 60_000);
      expect(published.map((r) => r.code)).toEqual(
        [1, 2, 3].map((n) => `${platform.simulatorId}-000${n}`),
      );
      const kinds = await db.query<{ kind: string; status: string; n: string }>(
        `SELECT m.kind, m.status, count(*) AS n FROM inbound_messages m
           JOIN hospitals h ON h.id = m.hospital_id WHERE h.code LIKE $1 GROUP BY m.kind, m.status`,
        [`${platform.simulatorId}-%`],
      );
      expect(kinds.rows).toEqual([{ kind: 'PublishLabReport', status: 'APPLIED', n: '6' }]);
    });
  });

  describe('revocation', () => {
    it('a revoked certificate stops working at once, the other hospitals keep working', async () => {
      expect((await clientB.call.publishLabReport(labReport('R-BEFORE-REVOKE'))).duplicate).toBe(
        false,
      );
      const revoked = await admin(
        'credentials',
        'revoke',
        certs.certFile(b.code),
        '--reason',
        'key leaked',
      );
      expect(JSON.parse(revoked.stdout)).toMatchObject({ hospitalId: hospitalB, revoked: true });
      expect(
        await refusal(clientB.call.publishLabReport(labReport('R-AFTER-REVOKE'))),
      ).toMatchObject({
        code: GrpcStatus.UNAUTHENTICATED,
        reason: 'INBOUND.CREDENTIAL_REVOKED',
      });
      expect((await clientA.call.publishLabReport(labReport('R-A-STILL'))).duplicate).toBe(false);
      const listed = await admin('credentials', 'list', b.code);
      expect(JSON.parse(listed.stdout.trim().split('\n')[0] ?? '{}')).toMatchObject({
        revokedWhy: 'key leaked',
      });
    });
  });
});
