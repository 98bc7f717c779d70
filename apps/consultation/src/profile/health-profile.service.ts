import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { currentCorrelationId, DomainError, invalidArgument } from '@meridian/platform';

import { Keyring, RecordCipher } from './envelope-cipher';
import { EMPTY_PROFILE, PROFILE_FIELDS, profileViolations } from './health-profile';
import type { HealthProfile, HealthProfileFields, PatientKey } from './health-profile';
import { HealthProfileRepository } from './health-profile.repository';
import type { ProfileTx, SealedProfile } from './health-profile.repository';

export const PROFILE_KEYRING = Symbol('PROFILE_KEYRING');

export interface ProfileUpdate {
  readonly patient: PatientKey;
  readonly idempotencyKey: string;
  readonly expectedVersion: number;
  readonly fields: HealthProfileFields;
  /** Who asks, as recorded in the access log. */
  readonly actor: string;
}

export interface RewrapResult {
  readonly rewrapped: number;
  readonly remaining: number;
}

function subjectOf(patient: PatientKey): string {
  return `${patient.partnerId}/${patient.patientId}`;
}

function requestHash(update: ProfileUpdate): string {
  return createHash('sha256')
    .update(JSON.stringify([update.expectedVersion, update.fields]))
    .digest('hex');
}

/**
 * Health profiles: sealed field by field under a per-version data key (see envelope-cipher), every
 * read and write recorded in the access log in the same transaction as the data it touched.
 */
@Injectable()
export class HealthProfileService {
  private readonly logger = new Logger(HealthProfileService.name);

  constructor(
    private readonly repository: HealthProfileRepository,
    @Inject(PROFILE_KEYRING) private readonly keyring: Keyring,
  ) {}

  async get(patient: PatientKey, actor: string): Promise<HealthProfile> {
    return this.repository.prisma.$transaction(async (tx) => {
      const sealed = await this.repository.find(tx, patient);
      await this.repository.recordAccess(tx, {
        patient,
        action: 'read',
        actor,
        correlationId: currentCorrelationId(),
        profileVersion: sealed?.version ?? 0,
      });
      return sealed
        ? this.open(sealed)
        : { patient, version: 0, updatedAt: null, ...EMPTY_PROFILE };
    });
  }

  async update(update: ProfileUpdate, now = new Date()): Promise<HealthProfile> {
    const violations = profileViolations(update.fields, now);
    if (violations.length > 0) throw invalidArgument('HEALTH_PROFILE.INVALID_REQUEST', violations);
    const hash = requestHash(update);
    const { patient } = update;
    return this.repository.prisma.$transaction(async (tx) => {
      const earlier = await this.repository.claimUpdateKey(
        tx,
        patient,
        update.idempotencyKey,
        hash,
      );
      if (earlier) {
        if (earlier.requestHash !== hash) {
          throw new DomainError(
            'CONFLICT',
            'HEALTH_PROFILE.IDEMPOTENCY_KEY_REUSED',
            'This idempotency key was already used for a different profile update',
          );
        }
        // A retry of an update that was applied: answer with the profile as it is now.
        return this.readWithinUpdate(tx, update);
      }
      const current = await this.repository.find(tx, patient);
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== update.expectedVersion) throw versionMismatch(currentVersion);

      const { cipher, key } = RecordCipher.create(this.keyring, subjectOf(patient));
      const sealedFields = Object.fromEntries(
        PROFILE_FIELDS.map((field) => [field, cipher.sealField(field, update.fields[field])]),
      );
      const written = await this.repository.write(
        tx,
        patient,
        update.expectedVersion,
        key,
        sealedFields,
        now,
      );
      // Someone wrote between our read and our write (the version check in SQL is the real guard).
      if (!written) throw versionMismatch(currentVersion + 1);
      const version = update.expectedVersion + 1;
      await this.repository.completeUpdateKey(tx, patient, update.idempotencyKey, version);
      await this.repository.recordAccess(tx, {
        patient,
        action: 'update',
        actor: update.actor,
        correlationId: currentCorrelationId(),
        profileVersion: version,
      });
      return { patient, version, updatedAt: now, ...update.fields };
    });
  }

  /**
   * Wraps data keys that are under older key-encryption keys again under the active one, a batch at
   * a time (rows locked with SKIP LOCKED, so it runs beside live traffic and beside other runs).
   */
  async rewrapBatch(limit: number): Promise<RewrapResult> {
    const rewrapped = await this.repository.prisma.$transaction(async (tx) => {
      const stale = await this.repository.lockWrappedUnderOtherKeys(
        tx,
        this.keyring.activeKeyId,
        limit,
      );
      for (const profile of stale) {
        const key = RecordCipher.rewrap(this.keyring, subjectOf(profile.patient), profile.key);
        await this.repository.replaceWrappedKey(tx, profile.patient, key);
      }
      return stale.length;
    });
    const byKey = await this.repository.countByKey();
    const remaining = Object.entries(byKey)
      .filter(([keyId]) => keyId !== this.keyring.activeKeyId)
      .reduce((sum, [, count]) => sum + count, 0);
    this.logger.log(
      { rewrapped, remaining, activeKeyId: this.keyring.activeKeyId },
      'rewrap batch',
    );
    return { rewrapped, remaining };
  }

  countByKey(): Promise<Record<string, number>> {
    return this.repository.countByKey();
  }

  private async readWithinUpdate(tx: ProfileTx, update: ProfileUpdate): Promise<HealthProfile> {
    const sealed = await this.repository.find(tx, update.patient);
    await this.repository.recordAccess(tx, {
      patient: update.patient,
      action: 'read',
      actor: update.actor,
      correlationId: currentCorrelationId(),
      profileVersion: sealed?.version ?? 0,
    });
    if (!sealed) throw new Error('an applied profile update left no profile behind');
    return this.open(sealed);
  }

  private open(sealed: SealedProfile): HealthProfile {
    const cipher = RecordCipher.open(this.keyring, subjectOf(sealed.patient), sealed.key);
    const fields: Record<string, unknown> = {};
    for (const field of PROFILE_FIELDS) {
      const value = sealed.sealedFields[field];
      // A field added after this version was written reads as its empty value.
      fields[field] = value === undefined ? EMPTY_PROFILE[field] : cipher.openField(field, value);
    }
    return {
      patient: sealed.patient,
      version: sealed.version,
      updatedAt: sealed.updatedAt,
      ...(fields as unknown as HealthProfileFields),
    };
  }
}

function versionMismatch(currentVersion: number): DomainError {
  return new DomainError(
    'CONFLICT',
    'HEALTH_PROFILE.VERSION_MISMATCH',
    `The profile is at version ${String(currentVersion)}; read it again and retry with that expected_version`,
    { metadata: { currentVersion: String(currentVersion) } },
  );
}
