import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { OutboxWriter, applyMigrations, prismaAdapter } from '@meridian/platform';
import { dropSchema, resetSchema, testDatabaseUrl } from '@meridian/testing';

import { answeredCall, failedCall } from '../../test/recorded-call';
import { PrismaClient } from '../generated/prisma/client';
import { ModelCallRecorder } from './model-call-recorder';
import { ModelCallCompleted, modelCallCompletedV1 } from '@meridian/contracts';
import { ModelCallsRepository } from './model-calls.repository';

const url = testDatabaseUrl('model-router');
const schema = `calls_${randomBytes(4).toString('hex')}`;
let prisma: PrismaClient;
let recorder: ModelCallRecorder;

beforeAll(async () => {
  await resetSchema(url, schema);
  await applyMigrations({
    connectionString: url,
    schema,
    migrationsDir: join(__dirname, '..', '..', 'prisma', 'migrations'),
  });
  prisma = new PrismaClient({ adapter: prismaAdapter({ url, schema, poolMax: 2 }) });
  recorder = new ModelCallRecorder(new ModelCallsRepository(prisma), new OutboxWriter({ schema }));
});

afterAll(async () => {
  await prisma.$disconnect();
  await dropSchema(url, schema);
});

describe(ModelCallRecorder.name, () => {
  it('writes the audit row and its event together', async () => {
    await recorder.record(answeredCall());
    const row = await prisma.modelCall.findUniqueOrThrow({ where: { id: answeredCall().callId } });
    expect(row).toMatchObject({
      outcome: 'answered',
      model: 'secondary',
      upstreamVersion: '2026-01-01',
      patientId: 'patient-42',
      costMicroFen: 560n,
      redacted: true,
    });
    const events = await prisma.outboxEvent.findMany({ where: { key: answeredCall().callId } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      topic: ModelCallCompleted.topic,
      type: ModelCallCompleted.type,
    });
    expect(modelCallCompletedV1.parse(events[0]?.payload)).toMatchObject({ outcome: 'answered' });
  });

  it('writes neither when one of them fails', async () => {
    const call = failedCall();
    await expect(recorder.record(answeredCall())).rejects.toThrow();
    await recorder.record({ ...call, callId: '01a21369-2fab-7347-89db-9573f02d6407' });
    expect(await prisma.outboxEvent.count()).toBe(2);
    expect(await prisma.modelCall.count()).toBe(2);
  });
});
