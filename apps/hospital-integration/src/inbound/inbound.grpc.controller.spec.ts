import type { Metadata } from '@grpc/grpc-js';

import type { LabReportsService } from '../lab-reports/lab-reports.service';
import type { InboundAuthenticator } from './inbound-auth';
import { InboundGrpcController } from './inbound.grpc.controller';
import type { InboundService } from './inbound.service';

describe(InboundGrpcController.name, () => {
  const auth = {
    authenticate: async () => ({ hospitalId: 'h', hospitalCode: 'H', fingerprint: 'f' }),
  } as unknown as InboundAuthenticator;
  let received = 0;
  const inbound = {
    receive: async () => {
      received += 1;
      return {};
    },
  } as unknown as InboundService;
  const controller = new InboundGrpcController(auth, inbound, {} as LabReportsService);
  const call = { getAuthContext: () => null };
  const metadata = {} as Metadata;

  it.each([
    [
      'PushSchedule',
      () =>
        controller.pushSchedule(
          { messageId: 'm', windowStart: null, windowEnd: null, sessions: [] },
          metadata,
          call,
        ),
    ],
    ['PushDoctors', () => controller.pushDoctors({ messageId: 'm', doctors: [] }, metadata, call)],
  ])(
    'answers UNIMPLEMENTED for %s while no module applies it, recording nothing',
    async (kind, invoke) => {
      await expect(invoke()).rejects.toMatchObject({
        kind: 'UNIMPLEMENTED',
        code: 'INBOUND.NOT_IMPLEMENTED',
        message: expect.stringContaining(kind) as string,
      });
      expect(received).toBe(0);
    },
  );
});
