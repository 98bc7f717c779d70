import { Injectable } from '@nestjs/common';
import { uuidv7 } from '@meridian/platform';

import { PrismaClient } from '../generated/prisma/client';
import type { Prisma } from '../generated/prisma/client';
import type { WrappedKey } from './envelope-cipher';
import type { PatientKey } from './health-profile';

export type ProfileTx = Prisma.TransactionClient;

/** A profile row as stored: sealed fields and the wrapped data key that opens them. */
export interface SealedProfile {
  readonly patient: PatientKey;
  readonly version: number;
  readonly key: WrappedKey;
  readonly sealedFields: Readonly<Record<string, string>>;
  readonly updatedAt: Date;
}

export type ProfileAction = 'read' | 'update';

export interface AccessEntry {
  readonly patient: PatientKey;
  readonly action: ProfileAction;
  readonly actor: string;
  readonly correlationId: string | undefined;
  readonly profileVersion: number;
}

export interface RecordedUpdate {
  readonly requestHash: string;
  readonly version: number;
}

type ProfileRow = Prisma.HealthProfileGetPayload<object>;

function toSealed(row: ProfileRow): SealedProfile {
  return {
    patient: { partnerId: row.partnerId, patientId: row.patientId },
    version: row.version,
    key: { keyId: row.keyId, wrapped: row.wrappedKey },
    sealedFields: row.sealedFields as Record<string, string>,
    updatedAt: row.updatedAt,
  };
}

/** The only place that touches the health profile tables. Never sees a plaintext field. */
@Injectable()
export class HealthProfileRepository {
  constructor(readonly prisma: PrismaClient) {}

  async find(tx: ProfileTx, patient: PatientKey): Promise<SealedProfile | undefined> {
    const row = await tx.healthProfile.findUnique({ where: { partnerId_patientId: patient } });
    return row ? toSealed(row) : undefined;
  }

  /**
   * Claims an idempotency key for an update. Resolves to undefined when this call claimed it, or to
   * the update that claimed it first (a concurrent duplicate waits here until that one commits).
   */
  async claimUpdateKey(
    tx: ProfileTx,
    patient: PatientKey,
    idempotencyKey: string,
    requestHash: string,
  ): Promise<RecordedUpdate | undefined> {
    const claimed = await tx.$executeRaw`
      INSERT INTO health_profile_updates (partner_id, patient_id, idempotency_key, request_hash, version)
      VALUES (${patient.partnerId}, ${patient.patientId}, ${idempotencyKey}, ${requestHash}, 0)
      ON CONFLICT DO NOTHING`;
    if (claimed === 1) return undefined;
    const existing = await tx.healthProfileUpdate.findUniqueOrThrow({
      where: { partnerId_patientId_idempotencyKey: { ...patient, idempotencyKey } },
    });
    return { requestHash: existing.requestHash, version: existing.version };
  }

  async completeUpdateKey(
    tx: ProfileTx,
    patient: PatientKey,
    idempotencyKey: string,
    version: number,
  ): Promise<void> {
    await tx.healthProfileUpdate.update({
      where: { partnerId_patientId_idempotencyKey: { ...patient, idempotencyKey } },
      data: { version },
    });
  }

  /**
   * Writes the next version if the stored one is still `expectedVersion` (0: none stored yet).
   * Resolves to false when another write got there first.
   */
  async write(
    tx: ProfileTx,
    patient: PatientKey,
    expectedVersion: number,
    key: WrappedKey,
    sealedFields: Readonly<Record<string, string>>,
    now: Date,
  ): Promise<boolean> {
    const fields = JSON.stringify(sealedFields);
    const written =
      expectedVersion === 0
        ? await tx.$executeRaw`
            INSERT INTO health_profiles (partner_id, patient_id, version, key_id, wrapped_key, sealed_fields, created_at, updated_at)
            VALUES (${patient.partnerId}, ${patient.patientId}, 1, ${key.keyId}, ${key.wrapped}, ${fields}::jsonb, ${now}, ${now})
            ON CONFLICT DO NOTHING`
        : await tx.$executeRaw`
            UPDATE health_profiles
               SET version = version + 1, key_id = ${key.keyId}, wrapped_key = ${key.wrapped},
                   sealed_fields = ${fields}::jsonb, updated_at = ${now}
             WHERE partner_id = ${patient.partnerId} AND patient_id = ${patient.patientId}
               AND version = ${expectedVersion}`;
    return written === 1;
  }

  async recordAccess(tx: ProfileTx, entry: AccessEntry): Promise<void> {
    await tx.healthProfileAccess.create({
      data: {
        id: uuidv7(),
        partnerId: entry.patient.partnerId,
        patientId: entry.patient.patientId,
        action: entry.action,
        actor: entry.actor,
        correlationId: entry.correlationId ?? null,
        profileVersion: entry.profileVersion,
      },
    });
  }

  /** Profiles whose data key is wrapped under another key than `activeKeyId`, locked for rewrapping. */
  async lockWrappedUnderOtherKeys(
    tx: ProfileTx,
    activeKeyId: string,
    limit: number,
  ): Promise<SealedProfile[]> {
    const rows = await tx.$queryRaw<ProfileRow[]>`
      SELECT partner_id AS "partnerId", patient_id AS "patientId", version, key_id AS "keyId",
             wrapped_key AS "wrappedKey", sealed_fields AS "sealedFields", created_at AS "createdAt",
             updated_at AS "updatedAt"
        FROM health_profiles
       WHERE key_id <> ${activeKeyId}
       ORDER BY partner_id, patient_id
       LIMIT ${limit}
         FOR UPDATE SKIP LOCKED`;
    return rows.map(toSealed);
  }

  async replaceWrappedKey(tx: ProfileTx, patient: PatientKey, key: WrappedKey): Promise<void> {
    await tx.healthProfile.update({
      where: { partnerId_patientId: patient },
      data: { keyId: key.keyId, wrappedKey: key.wrapped },
    });
  }

  async countByKey(): Promise<Record<string, number>> {
    const groups = await this.prisma.healthProfile.groupBy({
      by: ['keyId'],
      _count: { _all: true },
    });
    return Object.fromEntries(groups.map((group) => [group.keyId, group._count._all]));
  }
}
