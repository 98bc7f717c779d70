import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ERROR_KINDS,
  OutboxWriter,
  invalidArgument,
  uuidv7,
} from '@meridian/platform';
import { status as GrpcStatus } from '@grpc/grpc-js';

import { Prisma } from '../generated/prisma/client';
import type { InboundApplyContext } from './inbound-appliers';
import type { AuthenticatedHospital } from './inbound-auth';
import { InboundErrorCode, messageIdReused, withProtoFieldNames } from './inbound.errors';
import { InboundRepository } from './inbound.repository';

/** The RPCs of HospitalInbound; stored as the message kind. */
export type InboundKind =
  'PushSchedule' | 'PushDoctors' | 'PublishLabReport' | 'UpdateAppointment' | 'CheckIn';

/** What applying a message produced: the response fields (minus message_id and duplicate). */
export interface Applied<TOutcome extends object> {
  readonly outcome: TOutcome;
  /** Older than what is applied: recorded, nothing changed. */
  readonly stale: boolean;
}

export interface InboundEnvelope {
  readonly messageId: string;
}

export type Received<TOutcome extends object> = TOutcome & {
  readonly messageId: string;
  readonly duplicate: boolean;
};

const MESSAGE_ID = /^[A-Za-z0-9._:@/-]{1,128}$/;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * The durable intake of hospital messages. Each message is recorded in the same transaction as its
 * effects, before the response; a resent message id returns the first outcome with duplicate = true
 * and changes nothing; refused messages are kept, with the reasons, in rejected_inbound_messages.
 */
@Injectable()
export class InboundService {
  private readonly logger = new Logger(InboundService.name);

  constructor(
    private readonly repository: InboundRepository,
    private readonly outbox: OutboxWriter,
  ) {}

  async receive<TOutcome extends object>(
    hospital: AuthenticatedHospital,
    kind: InboundKind,
    request: InboundEnvelope,
    occurredAt: Date | undefined,
    apply: (context: InboundApplyContext) => Promise<Applied<TOutcome>>,
  ): Promise<Received<TOutcome>> {
    const receivedAt = new Date();
    const { messageId } = request;
    try {
      if (!MESSAGE_ID.test(messageId)) {
        throw invalidArgument(InboundErrorCode.invalidMessage, [
          {
            field: 'message_id',
            description: 'must be 1–128 characters of letters, digits and . _ : @ / -',
          },
        ]);
      }
      const result = await this.applyOnce(hospital, kind, request, receivedAt, occurredAt, apply);
      this.outbox.notifyCommitted();
      return result;
    } catch (error) {
      if (!(error instanceof DomainError) || ERROR_KINDS[error.kind].grpc === GrpcStatus.INTERNAL) {
        throw error;
      }
      const refused = withProtoFieldNames(error);
      await this.keepRejected(hospital, kind, request, receivedAt, refused);
      throw refused;
    }
  }

  private async applyOnce<TOutcome extends object>(
    hospital: AuthenticatedHospital,
    kind: InboundKind,
    request: InboundEnvelope,
    receivedAt: Date,
    occurredAt: Date | undefined,
    apply: (context: InboundApplyContext) => Promise<Applied<TOutcome>>,
  ): Promise<Received<TOutcome>> {
    const attempt = () =>
      this.repository.transaction(async (tx) => {
        await this.repository.lockMessageId(tx, hospital.hospitalId, request.messageId);
        const earlier = await this.repository.findMessage(
          tx,
          hospital.hospitalId,
          request.messageId,
        );
        if (earlier) {
          if (earlier.kind !== kind) throw messageIdReused(earlier.kind);
          return {
            ...(earlier.outcome as TOutcome),
            messageId: request.messageId,
            duplicate: true,
          };
        }
        const inboundMessageId = uuidv7();
        const applied = await apply({
          tx,
          hospitalId: hospital.hospitalId,
          message: {
            messageId: request.messageId,
            inboundMessageId,
            receivedAt,
            occurredAt: occurredAt ?? receivedAt,
          },
        });
        await this.repository.recordMessage(tx, {
          id: inboundMessageId,
          hospitalId: hospital.hospitalId,
          messageId: request.messageId,
          kind,
          payload: request,
          status: applied.stale ? 'STALE' : 'APPLIED',
          outcome: applied.outcome as Record<string, unknown>,
          occurredAt: occurredAt ?? receivedAt,
          receivedAt,
          fingerprint: hospital.fingerprint,
        });
        this.logger.log(
          {
            hospitalId: hospital.hospitalId,
            messageId: request.messageId,
            kind,
            stale: applied.stale,
          },
          'inbound message recorded',
        );
        return { ...applied.outcome, messageId: request.messageId, duplicate: false };
      });
    try {
      return await attempt();
    } catch (error) {
      // A concurrent first delivery of related data won a unique key; the retry sees its result.
      if (!isUniqueViolation(error)) throw error;
      return attempt();
    }
  }

  private async keepRejected(
    hospital: AuthenticatedHospital,
    kind: InboundKind,
    request: InboundEnvelope,
    receivedAt: Date,
    error: DomainError,
  ): Promise<void> {
    try {
      await this.repository.recordRejected({
        id: uuidv7(),
        hospitalId: hospital.hospitalId,
        messageId: typeof request.messageId === 'string' ? request.messageId : '',
        kind,
        payload: request,
        status: GrpcStatus[ERROR_KINDS[error.kind].grpc],
        code: error.code,
        message: error.message,
        violations: error.violations,
        receivedAt,
        fingerprint: hospital.fingerprint,
      });
      this.logger.warn(
        { hospitalId: hospital.hospitalId, messageId: request.messageId, kind, code: error.code },
        'inbound message rejected',
      );
    } catch (storeError) {
      // The caller still gets the precise refusal; the failure to keep it must be seen.
      this.logger.error(
        { err: storeError, hospitalId: hospital.hospitalId, kind },
        'could not keep a rejected inbound message',
      );
    }
  }
}
