import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { decodeStatusDetails } from '@meridian/platform';
import { commonV1, consultationV1 } from '@meridian/proto';
import { Client } from 'pg';

import { consultationService } from './support/grpc';
import { TEST_PROFILE_KEYS, TestPlatform } from './support/platform';

const REWRAP_CLI = join(
  __dirname,
  '..',
  'apps',
  'consultation',
  'dist',
  'cli',
  'rewrap-health-profiles.js',
);

function profile(
  patient: commonV1.PatientRef,
  overrides: Partial<consultationV1.HealthProfile> = {},
): consultationV1.HealthProfile {
  return {
    patient,
    sex: commonV1.Sex.SEX_FEMALE,
    birthDate: { year: 1988, month: 6, day: 1 },
    heightCm: 163,
    weightKg: 55.5,
    pregnancyStatus: consultationV1.PregnancyStatus.PREGNANCY_STATUS_PREGNANT,
    allergies: [{ system: 'local', code: '', display: 'Penicillin 青霉素过敏' }],
    chronicConditions: [{ system: 'ICD-10', code: 'E03.9', display: 'Hypothyroidism' }],
    currentMedications: [{ system: 'local', code: '', display: 'Levothyroxine' }],
    pastSurgeries: [],
    updatedAt: null,
    version: '0',
    ...overrides,
  };
}

async function grpcError(promise: Promise<unknown>): Promise<ServiceError> {
  try {
    await promise;
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail');
}

describe('health profiles: sealed at rest, every access logged, keys rotated without downtime', () => {
  const platform = new TestPlatform();
  let client: ReturnType<typeof consultationService>;
  let db: Client;
  const patient = { partnerId: 'e2e-partner', patientId: `p-${randomBytes(4).toString('hex')}` };
  const actor = { metadata: { 'x-meridian-actor': 'partner:e2e-partner' } };

  beforeAll(async () => {
    await platform.start(['consultation']);
    client = consultationService(platform.grpcTarget('consultation'));
    db = new Client({ connectionString: platform.databaseUrl('consultation') });
    await db.connect();
    await db.query(`SET search_path TO "${platform.schema}"`);
  }, 120_000);

  afterAll(async () => {
    client.close();
    await db.end();
    await platform.stopAll();
  }, 60_000);

  async function accessLog(): Promise<
    { action: string; actor: string; profile_version: number }[]
  > {
    const result = await db.query<{ action: string; actor: string; profile_version: number }>(
      `SELECT action, actor, profile_version FROM health_profile_access_log
        WHERE partner_id = $1 AND patient_id = $2 ORDER BY occurred_at, id`,
      [patient.partnerId, patient.patientId],
    );
    return result.rows;
  }

  it('reads an empty profile at version 0, and logs the read', async () => {
    const empty = await client.call.getHealthProfile({ patient }, actor);
    expect(empty).toMatchObject({ version: '0', sex: commonV1.Sex.SEX_UNSPECIFIED, allergies: [] });
    expect(await accessLog()).toEqual([
      { action: 'read', actor: 'partner:e2e-partner', profile_version: 0 },
    ]);
  });

  it('stores a profile with no field readable in the database, and returns it decrypted', async () => {
    const saved = await client.call.updateHealthProfile(
      { idempotencyKey: 'create-1', patient, profile: profile(patient), expectedVersion: '0' },
      actor,
    );
    expect(saved).toMatchObject({
      version: '1',
      heightCm: 163,
      weightKg: 55.5,
      birthDate: { year: 1988, month: 6, day: 1 },
    });

    const row = await db.query<{
      key_id: string;
      sealed_fields: Record<string, string>;
      raw: string;
    }>(
      `SELECT key_id, sealed_fields, row_to_json(health_profiles)::text AS raw FROM health_profiles
        WHERE partner_id = $1 AND patient_id = $2`,
      [patient.partnerId, patient.patientId],
    );
    const stored = row.rows[0];
    expect(stored?.key_id).toBe('e2e-a');
    expect(Object.keys(stored?.sealed_fields ?? {}).sort()).toEqual(
      [
        'allergies',
        'birthDate',
        'chronicConditions',
        'currentMedications',
        'heightCm',
        'pastSurgeries',
        'pregnancyStatus',
        'sex',
        'weightKg',
      ].sort(),
    );
    for (const plaintext of [
      'Penicillin',
      '青霉素',
      'Hypothyroidism',
      'E03.9',
      'Levothyroxine',
      'PREGNANT',
      'FEMALE',
      '1988',
    ]) {
      expect(stored?.raw).not.toContain(plaintext);
    }

    const read = await client.call.getHealthProfile({ patient }, actor);
    expect(read).toMatchObject({
      version: '1',
      sex: commonV1.Sex.SEX_FEMALE,
      pregnancyStatus: consultationV1.PregnancyStatus.PREGNANCY_STATUS_PREGNANT,
      allergies: [{ system: 'local', code: '', display: 'Penicillin 青霉素过敏' }],
    });
    expect((await accessLog()).map((e) => `${e.action}@${String(e.profile_version)}`)).toEqual([
      'read@0',
      'update@1',
      'read@1',
    ]);
  });

  it('replays a retried update without writing again, and refuses a reused key for another update', async () => {
    const request = {
      idempotencyKey: 'create-1',
      patient,
      profile: profile(patient),
      expectedVersion: '0',
    };
    const replay = await client.call.updateHealthProfile(request, actor);
    expect(replay.version).toBe('1');
    const reused = await grpcError(
      client.call.updateHealthProfile(
        { ...request, profile: profile(patient, { heightCm: 180 }) },
        actor,
      ),
    );
    expect(reused.code).toBe(GrpcStatus.ABORTED);
    expect(decodeStatusDetails(reused.metadata).reason).toBe(
      'HEALTH_PROFILE.IDEMPOTENCY_KEY_REUSED',
    );
    const versions = await db.query<{ version: number }>(
      'SELECT version FROM health_profiles WHERE partner_id = $1 AND patient_id = $2',
      [patient.partnerId, patient.patientId],
    );
    expect(versions.rows).toEqual([{ version: 1 }]);
  });

  it('lets exactly one of two concurrent writers of the same version win', async () => {
    const results = await Promise.allSettled(
      [170, 171].map((heightCm) =>
        client.call.updateHealthProfile(
          {
            idempotencyKey: `race-${String(heightCm)}`,
            patient,
            profile: profile(patient, { heightCm }),
            expectedVersion: '1',
          },
          actor,
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected');
    const error = (loser as PromiseRejectedResult).reason as ServiceError;
    expect(error.code).toBe(GrpcStatus.ABORTED);
    expect(decodeStatusDetails(error.metadata)).toMatchObject({
      reason: 'HEALTH_PROFILE.VERSION_MISMATCH',
      metadata: { currentVersion: '2' },
    });
  });

  it('rejects bad input with every offending field named, and changes nothing', async () => {
    const before = await accessLog();
    const error = await grpcError(
      client.call.updateHealthProfile(
        {
          idempotencyKey: 'bad-1',
          patient,
          profile: profile(patient, {
            heightCm: 9,
            birthDate: { year: 2001, month: 2, day: 29 },
            allergies: [{ system: '', code: 'x', display: '' }],
          }),
          expectedVersion: '2',
        },
        actor,
      ),
    );
    expect(error.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    const fields = decodeStatusDetails(error.metadata)
      .violations.map((v) => v.field)
      .sort();
    expect(fields).toEqual(['profile.allergies.0.system', 'profile.birthDate', 'profile.heightCm']);
    const male = await grpcError(
      client.call.updateHealthProfile(
        {
          idempotencyKey: 'bad-2',
          patient,
          profile: profile(patient, { sex: commonV1.Sex.SEX_MALE }),
          expectedVersion: '2',
        },
        actor,
      ),
    );
    expect(decodeStatusDetails(male.metadata).violations).toEqual([
      {
        field: 'profile.pregnancyStatus',
        description: 'cannot be pregnant or breastfeeding when sex is male',
      },
    ]);
    const missing = await grpcError(
      client.call.getHealthProfile({ patient: { partnerId: '', patientId: 'x y' } }, actor),
    );
    expect(missing.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(await accessLog()).toEqual(before);
  });

  it('rotates keys beside the running service: rewraps data keys, and reads keep working', () => {
    const env = {
      PATH: process.env['PATH'] ?? '',
      DATABASE_URL: platform.databaseUrl('consultation'),
      DATABASE_SCHEMA: platform.schema,
      PROFILE_ENCRYPTION_KEYS: TEST_PROFILE_KEYS,
      PROFILE_ENCRYPTION_ACTIVE_KEY: 'e2e-b',
    };
    const run = spawnSync(process.execPath, [REWRAP_CLI, '--batch', '1'], {
      env,
      encoding: 'utf8',
    });
    expect(run.stderr).toContain('0 remaining');
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      rewrapped: number;
      remaining: number;
      after: Record<string, number>;
    };
    expect(summary).toMatchObject({ rewrapped: 1, remaining: 0, after: { 'e2e-b': 1 } });

    // Dropping a key that still wraps data is refused, naming the key.
    const keyB = TEST_PROFILE_KEYS.split(',').find((k) => k.startsWith('e2e-b:')) ?? '';
    const withoutA = spawnSync(process.execPath, [REWRAP_CLI], {
      env: { ...env, PROFILE_ENCRYPTION_KEYS: keyB, PROFILE_ENCRYPTION_ACTIVE_KEY: 'e2e-a' },
      encoding: 'utf8',
    });
    expect(withoutA.status).not.toBe(0);
    expect(withoutA.stderr).toContain('active key "e2e-a" is not in the keyring');
  });

  it('still reads the rewrapped profile, and writes new versions under its own active key', async () => {
    const read = await client.call.getHealthProfile({ patient }, actor);
    expect(read.version).toBe('2');
    expect(read.allergies[0]?.display).toBe('Penicillin 青霉素过敏');
    await client.call.updateHealthProfile(
      {
        idempotencyKey: 'after-rotation',
        patient,
        profile: profile(patient, { weightKg: 57 }),
        expectedVersion: '2',
      },
      actor,
    );
    const keys = await db.query<{ key_id: string }>(
      'SELECT key_id FROM health_profiles WHERE partner_id = $1 AND patient_id = $2',
      [patient.partnerId, patient.patientId],
    );
    expect(keys.rows).toEqual([{ key_id: 'e2e-a' }]);
  });

  it('refuses to start with a keyring whose active key is missing, naming the variable', async () => {
    const broken = new TestPlatform({ consultation: { PROFILE_ENCRYPTION_ACTIVE_KEY: 'nope' } });
    const result = spawnSync(
      process.execPath,
      [join(__dirname, '..', 'apps', 'consultation', 'dist', 'main.js')],
      {
        env: broken.env('consultation'),
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect(result.status).toBe(1);
    expect(`${result.stdout}${result.stderr}`).toContain(
      'PROFILE_ENCRYPTION_KEYS the active key "nope" is not in the keyring',
    );
  }, 30_000);
});
