import { Injectable } from '@nestjs/common';
import { DEPARTMENT_CODE_PATTERN, findDepartment } from '@meridian/clinical';
import { invalidArgument } from '@meridian/platform';
import type { hospitalV1 } from '@meridian/proto';
import { z } from 'zod';

import type {
  BatchApplied,
  DoctorsApplier,
  InboundApplyContext,
  InboundRejectedItem,
} from '../inbound/inbound-appliers';
import { DirectoryService } from './directory.service';
import type { DoctorProfile, DoctorTitle } from './doctor';
import { DOCTOR_TITLES } from './doctor';

/** Stable reasons for refusing one doctor of a PushDoctors batch. */
export const DoctorRejection = {
  invalid: 'DOCTOR.INVALID',
  unknownDepartment: 'DOCTOR.UNKNOWN_DEPARTMENT',
  duplicateCode: 'DOCTOR.DUPLICATE_CODE',
} as const;

export const MAX_DOCTORS_PER_PUSH = 1_000;

const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

const hospitalDoctor = z.object({
  doctorCode: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, ".", "_" or "-"'),
  name: z.string().trim().min(1, 'is required').max(100),
  title: z.string(),
  departmentCodes: z
    .array(z.string().regex(DEPARTMENT_CODE_PATTERN, 'must be standard department codes'))
    .min(1, 'must name at least one department')
    .max(10),
  specialty: z.string().trim().max(2000),
  introduction: z.string().trim().max(4000),
  active: z.boolean(),
  specialties: z.array(z.string().trim().min(1).max(50)).max(30),
  languages: z
    .array(z.string().regex(LANGUAGE_TAG, 'must be BCP 47 tags such as "zh" or "en"'))
    .max(10),
});

function titleOf(title: string): DoctorTitle | undefined {
  const bare = title.replace(/^DOCTOR_TITLE_/, '');
  return DOCTOR_TITLES.find((t) => t === bare);
}

/**
 * Checks one pushed doctor; a profile, or the reason it is refused. Pure, so that a batch can be
 * checked item by item: one bad doctor does not refuse the others.
 */
export function checkPushedDoctor(
  doctor: hospitalV1.HospitalDoctor,
): { profile: DoctorProfile } | { rejected: InboundRejectedItem } {
  const parsed = hospitalDoctor.safeParse(doctor);
  const code = doctor.doctorCode;
  if (!parsed.success) {
    const description = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    return { rejected: { code, reason: DoctorRejection.invalid, description } };
  }
  const unknown = parsed.data.departmentCodes.filter((c) => findDepartment(c) === undefined);
  if (unknown.length > 0) {
    return {
      rejected: {
        code,
        reason: DoctorRejection.unknownDepartment,
        description: `department_codes not in the standard taxonomy: ${unknown.join(', ')}`,
      },
    };
  }
  const title = titleOf(parsed.data.title);
  const data = parsed.data;
  return {
    profile: {
      code: data.doctorCode,
      name: data.name,
      ...(title ? { title } : {}),
      departmentCodes: [...new Set(data.departmentCodes)],
      specialties: [...new Set(data.specialties)],
      specialty: data.specialty,
      introduction: data.introduction,
      languages: [...new Set(data.languages)],
      active: data.active,
    },
  };
}

/**
 * Applies HospitalInbound.PushDoctors: the hospital's doctors, upserted by (hospital, doctor code)
 * in the inbound message's transaction. Versioned (a changed profile gets the next version, an
 * unchanged one keeps it) and ordered by the message's time (an older push never overwrites a newer
 * one). Bad items are refused one by one; the rest are applied.
 */
@Injectable()
export class DirectoryDoctorsApplier implements DoctorsApplier {
  constructor(private readonly directory: DirectoryService) {}

  async apply(
    context: InboundApplyContext,
    request: hospitalV1.PushDoctorsRequest,
  ): Promise<BatchApplied> {
    if (request.doctors.length > MAX_DOCTORS_PER_PUSH) {
      // Refusing the whole message keeps a runaway push from holding a long transaction.
      throw invalidArgument('DOCTOR.BATCH_TOO_LARGE', [
        {
          field: 'doctors',
          description: `must hold at most ${MAX_DOCTORS_PER_PUSH} doctors per push`,
        },
      ]);
    }
    const rejected: InboundRejectedItem[] = [];
    const profiles: DoctorProfile[] = [];
    const seen = new Set<string>();
    for (const doctor of request.doctors) {
      if (seen.has(doctor.doctorCode)) {
        rejected.push({
          code: doctor.doctorCode,
          reason: DoctorRejection.duplicateCode,
          description: 'doctor_code appears more than once in this push; the first one was applied',
        });
        continue;
      }
      seen.add(doctor.doctorCode);
      const checked = checkPushedDoctor(doctor);
      if ('rejected' in checked) rejected.push(checked.rejected);
      else profiles.push(checked.profile);
    }
    const result = await this.directory.upsertDoctors(
      context.hospitalId,
      profiles,
      context.message.occurredAt,
      context.tx,
    );
    return {
      accepted: profiles.length,
      rejected,
      ...(profiles.length > 0 && result.stale === profiles.length ? { stale: true } : {}),
    };
  }
}
