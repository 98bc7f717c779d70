import { HospitalRegistered } from '@meridian/contracts';
import type { HospitalSnapshotV1 } from '@meridian/contracts';

import { runWithContext } from '../context/correlation';
import { isUuid } from '../ids/uuidv7';
import { EventSchemaError, OutboxWriter } from './outbox-writer';
import type { SqlExecutor } from './transaction-runner';

interface Statement {
  readonly query: string;
  readonly values: readonly unknown[];
}

class RecordingExecutor implements SqlExecutor {
  readonly statements: Statement[] = [];

  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number> {
    this.statements.push({ query, values });
    return Promise.resolve(1);
  }

  $queryRawUnsafe<T = unknown>(query: string): Promise<T> {
    return Promise.reject(new Error(`unexpected query: ${query}`));
  }
}

function hospital(overrides: Partial<HospitalSnapshotV1> = {}): HospitalSnapshotV1 {
  return {
    hospitalId: '0193a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b',
    code: 'PUMCH',
    name: '北京协和医院',
    nameEn: 'Peking Union Medical College Hospital',
    regionCode: '110101',
    city: 'Beijing',
    level: 'HOSPITAL_LEVEL_TERTIARY_A',
    address: '1 Shuaifuyuan, Dongcheng',
    latitude: 39.91,
    longitude: 116.41,
    departments: [
      { code: 'CARD', localName: '心内科', nameZh: '心血管内科', nameEn: 'Cardiology' },
    ],
    version: 1,
    occurredAt: '2025-01-02T03:04:05.000Z',
    ...overrides,
  };
}

describe(OutboxWriter.name, () => {
  const now = new Date('2025-06-07T08:09:10.111Z');

  it('inserts the event into the schema-qualified outbox through the given transaction', async () => {
    const tx = new RecordingExecutor();
    const writer = new OutboxWriter({ schema: 'hospital_integration', now: () => now });
    const data = hospital();

    const id = await writer.append(tx, HospitalRegistered, data, { key: data.hospitalId });

    expect(isUuid(id)).toBe(true);
    expect(tx.statements).toHaveLength(1);
    const statement = tx.statements.at(0);
    expect(statement?.query).toContain('INSERT INTO "hospital_integration"."outbox_events"');
    const [rowId, topic, key, type, headers, payload] = statement?.values ?? [];
    expect([rowId, topic, key, type]).toEqual([
      id,
      'meridian.hospital.directory.v1',
      data.hospitalId,
      HospitalRegistered.type,
    ]);
    expect(JSON.parse(String(headers))).toEqual({
      ce_specversion: '1.0',
      ce_id: id,
      ce_source: '/meridian/hospital-integration',
      ce_type: 'meridian.hospital.registered.v1',
      ce_time: '2025-06-07T08:09:10.111Z',
      ce_subject: data.hospitalId,
      'content-type': 'application/json',
    });
    expect(JSON.parse(String(payload))).toEqual(data);
  });

  it('carries the correlation id of the current request and an explicit subject', async () => {
    const tx = new RecordingExecutor();
    const writer = new OutboxWriter();

    await runWithContext({ correlationId: 'req-0000001' }, () =>
      writer.append(tx, HospitalRegistered, hospital(), { key: 'k-1', subject: 'hospitals/k-1' }),
    );

    const statement = tx.statements.at(0);
    const headers: unknown = JSON.parse(String(statement?.values.at(4)));
    expect(headers).toMatchObject({ ce_correlationid: 'req-0000001', ce_subject: 'hospitals/k-1' });
    expect(statement?.query).toContain('"public"."outbox_events"');
  });

  it('gives every event a new, increasing id', async () => {
    const tx = new RecordingExecutor();
    const writer = new OutboxWriter();
    const ids = [];
    for (let i = 0; i < 5; i += 1)
      ids.push(await writer.append(tx, HospitalRegistered, hospital(), { key: 'k' }));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
  });

  it('refuses data that violates the schema and writes nothing', async () => {
    const tx = new RecordingExecutor();
    const writer = new OutboxWriter();

    const appending = writer.append(tx, HospitalRegistered, hospital({ regionCode: 'Beijing' }), {
      key: 'k',
    });

    await expect(appending).rejects.toThrow(EventSchemaError);
    await expect(appending).rejects.toThrow(/regionCode/);
    expect(tx.statements).toHaveLength(0);
  });

  it('refuses an empty key', async () => {
    const writer = new OutboxWriter();
    await expect(
      writer.append(new RecordingExecutor(), HospitalRegistered, hospital(), { key: '' }),
    ).rejects.toThrow(/non-empty key/);
  });

  it('passes notifyCommitted on to the relay hook', () => {
    const onCommitted = jest.fn<undefined, []>();
    new OutboxWriter({ onCommitted }).notifyCommitted();
    expect(onCommitted).toHaveBeenCalledTimes(1);
  });
});
