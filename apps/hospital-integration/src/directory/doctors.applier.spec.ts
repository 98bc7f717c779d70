import { DomainError } from '@meridian/platform';
import { hospitalV1 } from '@meridian/proto';

import type { InboundApplyContext, InboundTx } from '../inbound/inbound-appliers';
import type { DirectoryService } from './directory.service';
import type { DoctorProfile, DoctorUpsertResult } from './doctor';
import { DirectoryDoctorsApplier, DoctorRejection, checkPushedDoctor } from './doctors.applier';

function pushed(overrides: Partial<hospitalV1.HospitalDoctor> = {}): hospitalV1.HospitalDoctor {
  return {
    doctorCode: 'D001',
    name: '王建国',
    title: hospitalV1.DoctorTitle.DOCTOR_TITLE_CHIEF,
    departmentCodes: ['cardiology'],
    specialty: '擅长高血压',
    introduction: '',
    active: true,
    specialties: ['高血压', '高血压'],
    languages: ['zh', 'en'],
    ...overrides,
  };
}

interface UpsertCall {
  hospitalId: string;
  profiles: readonly DoctorProfile[];
  publishedAt: Date;
  tx: unknown;
}

function applierWith(result: Partial<DoctorUpsertResult> = {}) {
  const calls: UpsertCall[] = [];
  const directory: Pick<DirectoryService, 'upsertDoctors'> = {
    upsertDoctors: (hospitalId, profiles, publishedAt, tx) => {
      calls.push({ hospitalId, profiles, publishedAt, tx });
      return Promise.resolve({
        inserted: profiles.length,
        updated: 0,
        unchanged: 0,
        stale: 0,
        changedDoctorIds: [],
        ...result,
      });
    },
  };
  return { applier: new DirectoryDoctorsApplier(directory as DirectoryService), calls };
}

const tx = {} as InboundTx;
const context: InboundApplyContext = {
  tx,
  hospitalId: '01a21369-2fab-7347-89db-9573f02d6406',
  message: {
    messageId: 'm-1',
    inboundMessageId: '01a21369-2fab-7347-89db-9573f02d6407',
    receivedAt: new Date('2026-11-25T10:00:00Z'),
    occurredAt: new Date('2026-11-25T09:59:00Z'),
  },
};

describe(checkPushedDoctor.name, () => {
  it('turns a pushed doctor into a profile with its title and de-duplicated lists', () => {
    expect(checkPushedDoctor(pushed())).toEqual({
      profile: {
        code: 'D001',
        name: '王建国',
        title: 'CHIEF',
        departmentCodes: ['cardiology'],
        specialties: ['高血压'],
        specialty: '擅长高血压',
        introduction: '',
        languages: ['zh', 'en'],
        active: true,
      },
    });
  });

  it('keeps a doctor without a title', () => {
    const checked = checkPushedDoctor(
      pushed({ title: hospitalV1.DoctorTitle.DOCTOR_TITLE_UNSPECIFIED }),
    );
    expect('profile' in checked ? checked.profile.title : 'rejected').toBeUndefined();
  });

  it.each<[string, Partial<hospitalV1.HospitalDoctor>, string]>([
    ['no name', { name: ' ' }, DoctorRejection.invalid],
    ['no department', { departmentCodes: [] }, DoctorRejection.invalid],
    ['a bad code', { doctorCode: 'D 1' }, DoctorRejection.invalid],
    ['a bad language tag', { languages: ['Chinese'] }, DoctorRejection.invalid],
    [
      'an unknown department',
      { departmentCodes: ['astrology'] },
      DoctorRejection.unknownDepartment,
    ],
  ])('refuses a doctor with %s', (_, change, reason) => {
    expect(checkPushedDoctor(pushed(change))).toMatchObject({ rejected: { reason } });
  });
});

describe(DirectoryDoctorsApplier.name, () => {
  it('applies the good doctors in the message transaction, stamped with the message time', async () => {
    const { applier, calls } = applierWith();
    const applied = await applier.apply(context, {
      messageId: 'm-1',
      doctors: [
        pushed(),
        pushed({ doctorCode: 'D002', departmentCodes: ['astrology'] }),
        pushed({ name: 'Duplicate' }),
      ],
    });
    expect(applied.accepted).toBe(1);
    expect(applied.rejected.map((r) => [r.code, r.reason])).toEqual([
      ['D002', DoctorRejection.unknownDepartment],
      ['D001', DoctorRejection.duplicateCode],
    ]);
    expect(applied.stale).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      hospitalId: context.hospitalId,
      tx,
      publishedAt: context.message.occurredAt,
    });
    expect(calls[0]?.profiles.map((p) => p.name)).toEqual(['王建国']);
  });

  it('answers stale when every profile is older than the stored one', async () => {
    const { applier } = applierWith({ inserted: 0, unchanged: 1, stale: 1 });
    const applied = await applier.apply(context, { messageId: 'm-2', doctors: [pushed()] });
    expect(applied.stale).toBe(true);
  });

  it('refuses a whole push that is too large, before touching anything', async () => {
    const { applier, calls } = applierWith();
    const doctors = Array.from({ length: 1_001 }, (_, i) => pushed({ doctorCode: `D${i}` }));
    await expect(applier.apply(context, { messageId: 'm-3', doctors })).rejects.toBeInstanceOf(
      DomainError,
    );
    expect(calls).toHaveLength(0);
  });
});
