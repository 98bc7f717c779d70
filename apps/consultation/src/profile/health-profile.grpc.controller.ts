import type { Metadata } from '@grpc/grpc-js';
import { Controller } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import { parseInput } from '@meridian/platform';
import { GRPC_SERVICES, commonV1, consultationV1, timestampFromDate } from '@meridian/proto';
import { z } from 'zod';

import { externalId, profileFieldsSchema } from './health-profile';
import type { HealthProfile } from './health-profile';
import { HealthProfileService } from './health-profile.service';

const INVALID_REQUEST = 'HEALTH_PROFILE.INVALID_REQUEST';
const SERVICE = GRPC_SERVICES.consultation.name;

/** gRPC metadata naming who reads or writes, recorded in the access log (the gateway sets it). */
export const ACTOR_METADATA = 'x-meridian-actor';
const UNATTRIBUTED = 'unattributed';

const patientRef = z.object({ partnerId: externalId, patientId: externalId });

const getRequest = z.object({ patient: patientRef });

function enumName<T extends string>(prefix: string, values: readonly T[]) {
  return z
    .string()
    .transform((raw) => (raw.startsWith(prefix) ? raw.slice(prefix.length) : raw))
    .pipe(z.enum(values as [T, ...T[]]));
}

const updateRequest = z.object({
  idempotencyKey: z.string().trim().min(1, 'is required').max(128),
  patient: patientRef,
  profile: profileFieldsSchema.extend({
    sex: enumName('SEX_', ['UNSPECIFIED', 'MALE', 'FEMALE', 'OTHER'] as const),
    pregnancyStatus: enumName('PREGNANCY_STATUS_', [
      'UNSPECIFIED',
      'NOT_PREGNANT',
      'PREGNANT',
      'BREASTFEEDING',
    ] as const),
  }),
  expectedVersion: z
    .string()
    .regex(/^\d{1,15}$/, 'must be the version you read (0 when there is no profile yet)')
    .transform(Number),
});

function actorOf(metadata: Metadata | undefined): string {
  const value = metadata?.get(ACTOR_METADATA)[0];
  if (typeof value !== 'string') return UNATTRIBUTED;
  const actor = value.trim().slice(0, 128);
  return actor === '' ? UNATTRIBUTED : actor;
}

function toCalendarDate(isoDate: string | null): commonV1.CalendarDate | null {
  if (isoDate === null) return null;
  const [year, month, day] = isoDate.split('-').map(Number);
  return { year: year ?? 0, month: month ?? 0, day: day ?? 0 };
}

function toProto(profile: HealthProfile): consultationV1.HealthProfile {
  return {
    patient: { ...profile.patient },
    sex: commonV1.Sex[`SEX_${profile.sex}`],
    birthDate: toCalendarDate(profile.birthDate),
    heightCm: profile.heightCm ?? 0,
    weightKg: profile.weightKg ?? 0,
    pregnancyStatus: consultationV1.PregnancyStatus[`PREGNANCY_STATUS_${profile.pregnancyStatus}`],
    allergies: profile.allergies.map((c) => ({ ...c })),
    chronicConditions: profile.chronicConditions.map((c) => ({ ...c })),
    currentMedications: profile.currentMedications.map((c) => ({ ...c })),
    pastSurgeries: profile.pastSurgeries.map((c) => ({ ...c })),
    updatedAt: profile.updatedAt ? timestampFromDate(profile.updatedAt) : null,
    version: String(profile.version),
  };
}

/** The health-profile RPCs of ConsultationService. */
@Controller()
export class HealthProfileGrpcController {
  constructor(private readonly profiles: HealthProfileService) {}

  @GrpcMethod(SERVICE, 'GetHealthProfile')
  async getHealthProfile(
    request: consultationV1.GetHealthProfileRequest,
    metadata?: Metadata,
  ): Promise<consultationV1.HealthProfile> {
    const { patient } = parseInput(getRequest, request, INVALID_REQUEST);
    return toProto(await this.profiles.get(patient, actorOf(metadata)));
  }

  @GrpcMethod(SERVICE, 'UpdateHealthProfile')
  async updateHealthProfile(
    request: consultationV1.UpdateHealthProfileRequest,
    metadata?: Metadata,
  ): Promise<consultationV1.HealthProfile> {
    const input = parseInput(updateRequest, request, INVALID_REQUEST);
    const updated = await this.profiles.update({
      patient: input.patient,
      idempotencyKey: input.idempotencyKey,
      expectedVersion: input.expectedVersion,
      fields: input.profile,
      actor: actorOf(metadata),
    });
    return toProto(updated);
  }
}
