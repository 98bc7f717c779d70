import { DEPARTMENT_CODE_PATTERN } from '@meridian/clinical';
import { violationsOf } from '@meridian/platform';
import type { FieldViolation } from '@meridian/platform';
import { dateFromTimestamp } from '@meridian/proto';
import type { hospitalV1 } from '@meridian/proto';
import { z } from 'zod';

import type { IncomingSession } from './schedule';

const code = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1–64 letters, digits or . _ : -');
const timestamp = z
  .object({ seconds: z.string(), nanos: z.number() })
  .nullable()
  .transform((value, ctx) => {
    const date = value ? dateFromTimestamp(value) : null;
    if (!date || Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'is required' });
      return z.NEVER;
    }
    return date;
  });
const strip = (prefix: string) => (value: string) => value.replace(prefix, '');

const slot = z
  .object({
    slotCode: code,
    startTime: timestamp,
    endTime: timestamp,
    status: z
      .string()
      .transform(strip('SLOT_STATUS_'))
      .pipe(z.enum(['AVAILABLE', 'HELD', 'BOOKED', 'CLOSED'], { error: 'must be a slot status' })),
  })
  .refine((s) => s.endTime > s.startTime, {
    message: 'must end after it starts',
    path: ['endTime'],
  });

const session = z
  .object({
    sessionCode: code,
    departmentCode: z.string().regex(DEPARTMENT_CODE_PATTERN, 'must be a standard department code'),
    departmentLocalCode: z.string().max(64),
    departmentLocalName: z.string().max(200),
    doctorCode: z.union([z.literal(''), code]),
    doctorName: z.string().max(100),
    doctorTitle: z
      .string()
      .transform(strip('DOCTOR_TITLE_'))
      .pipe(z.enum(['UNSPECIFIED', 'RESIDENT', 'ATTENDING', 'ASSOCIATE_CHIEF', 'CHIEF'])),
    visitType: z
      .string()
      .transform(strip('VISIT_TYPE_'))
      .pipe(z.enum(['UNSPECIFIED', 'GENERAL', 'SPECIALIST', 'EXPERT', 'SPECIAL_NEEDS', 'ONLINE'])),
    startTime: timestamp,
    endTime: timestamp,
    fee: z
      .object({ amountFen: z.string(), currency: z.literal('CNY', 'must be CNY') })
      .nullable()
      .transform((fee, ctx) => {
        const fen = fee ? Number(fee.amountFen) : NaN;
        if (!Number.isSafeInteger(fen) || fen < 0) {
          ctx.addIssue({ code: 'custom', message: 'is required, in fen, not negative' });
          return z.NEVER;
        }
        return fen;
      }),
    status: z
      .string()
      .transform(strip('SESSION_STATUS_'))
      .pipe(z.enum(['OPEN', 'SUSPENDED', 'CLOSED'], { error: 'must be a session status' })),
    statusReason: z.string().max(500),
    slots: z
      .array(slot)
      .max(1_000)
      .refine(
        (slots) => new Set(slots.map((s) => s.slotCode)).size === slots.length,
        'repeats a slot code',
      ),
  })
  .refine((s) => s.endTime > s.startTime, {
    message: 'must end after it starts',
    path: ['endTime'],
  });

export type SessionParseResult =
  | { readonly ok: true; readonly session: IncomingSession }
  | { readonly ok: false; readonly sessionCode: string; readonly violations: FieldViolation[] };

/**
 * Validates one session as a hospital sent it (pulled or pushed). A malformed session is reported
 * with its violations so that the caller can reject or skip it; it never reaches the tables.
 */
export function parseHospitalSession(input: hospitalV1.HospitalSession): SessionParseResult {
  const result = session.safeParse(input);
  if (!result.success) {
    return { ok: false, sessionCode: input.sessionCode, violations: violationsOf(result.error) };
  }
  const { fee, ...rest } = result.data;
  return { ok: true, session: { ...rest, feeFen: fee } };
}
