import { Injectable } from '@nestjs/common';

import { Prisma, PrismaClient } from '../generated/prisma/client';
import type { InboundTx } from './inbound-appliers';

export interface StoredCredential {
  readonly fingerprint: string;
  readonly hospitalId: string;
  readonly serial: string;
  readonly subject: string;
  readonly notAfter: Date;
  readonly createdAt: Date;
  readonly revokedAt?: Date;
  readonly revokedWhy?: string;
}

export interface CredentialToRecord {
  readonly fingerprint: string;
  readonly hospitalId: string;
  readonly serial: string;
  readonly subject: string;
  readonly notAfter: Date;
}

export interface StoredMessage {
  readonly id: string;
  readonly kind: string;
  readonly status: 'APPLIED' | 'STALE';
  readonly outcome: Record<string, unknown>;
}

export interface MessageToRecord {
  readonly id: string;
  readonly hospitalId: string;
  readonly messageId: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly status: 'APPLIED' | 'STALE';
  readonly outcome: Record<string, unknown>;
  readonly occurredAt: Date;
  readonly receivedAt: Date;
  readonly fingerprint: string;
}

export interface RejectedMessage {
  readonly id: string;
  readonly hospitalId: string;
  readonly messageId: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly status: string;
  readonly code: string;
  readonly message: string;
  readonly violations: readonly { readonly field: string; readonly description: string }[];
  readonly receivedAt: Date;
  readonly fingerprint: string;
}

function json(value: unknown): Prisma.InputJsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as Prisma.InputJsonValue;
}

function toCredential(row: {
  fingerprint: string;
  hospitalId: string;
  serial: string;
  subject: string;
  notAfter: Date;
  createdAt: Date;
  revokedAt: Date | null;
  revokedWhy: string | null;
}): StoredCredential {
  return {
    fingerprint: row.fingerprint,
    hospitalId: row.hospitalId,
    serial: row.serial,
    subject: row.subject,
    notAfter: row.notAfter,
    createdAt: row.createdAt,
    ...(row.revokedAt === null ? {} : { revokedAt: row.revokedAt }),
    ...(row.revokedWhy === null ? {} : { revokedWhy: row.revokedWhy }),
  };
}

/** The only place that touches the inbound tables (and reads hospital ids by code). */
@Injectable()
export class InboundRepository {
  constructor(private readonly prisma: PrismaClient) {}

  transaction<T>(work: (tx: InboundTx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(work, { timeout: 15_000 });
  }

  async hospitalIdByCode(code: string): Promise<string | undefined> {
    const rows = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT id FROM hospitals WHERE code = ${code}`;
    return rows[0]?.id;
  }

  async findCredential(fingerprint: string): Promise<StoredCredential | undefined> {
    const row = await this.prisma.inboundCredential.findUnique({ where: { fingerprint } });
    return row ? toCredential(row) : undefined;
  }

  /** Records a credential unless it is already known; returns the stored one. */
  async recordCredential(credential: CredentialToRecord): Promise<StoredCredential> {
    await this.prisma.$executeRaw`
      INSERT INTO inbound_credentials (fingerprint, hospital_id, serial, subject, not_after)
      VALUES (${credential.fingerprint}, ${credential.hospitalId}::uuid, ${credential.serial},
              ${credential.subject}, ${credential.notAfter})
      ON CONFLICT (fingerprint) DO NOTHING`;
    const stored = await this.findCredential(credential.fingerprint);
    if (!stored) throw new Error(`credential ${credential.fingerprint} vanished after insert`);
    return stored;
  }

  async revokeCredential(fingerprint: string, why: string, at: Date): Promise<boolean> {
    const result = await this.prisma.inboundCredential.updateMany({
      where: { fingerprint, revokedAt: null },
      data: { revokedAt: at, revokedWhy: why },
    });
    return result.count > 0;
  }

  async credentialsOf(hospitalId: string): Promise<StoredCredential[]> {
    const rows = await this.prisma.inboundCredential.findMany({
      where: { hospitalId },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toCredential);
  }

  /** Serialises messages of one (hospital, message id) until the transaction ends. */
  async lockMessageId(tx: InboundTx, hospitalId: string, messageId: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${hospitalId}/${messageId}`}, 0))`;
  }

  async findMessage(
    tx: InboundTx,
    hospitalId: string,
    messageId: string,
  ): Promise<StoredMessage | undefined> {
    const row = await tx.inboundMessage.findUnique({
      where: { hospitalId_messageId: { hospitalId, messageId } },
      select: { id: true, kind: true, status: true, outcome: true },
    });
    return row
      ? {
          id: row.id,
          kind: row.kind,
          status: row.status,
          outcome: row.outcome as Record<string, unknown>,
        }
      : undefined;
  }

  async recordMessage(tx: InboundTx, message: MessageToRecord): Promise<void> {
    await tx.inboundMessage.create({
      data: { ...message, payload: json(message.payload), outcome: json(message.outcome) },
    });
  }

  async recordRejected(message: RejectedMessage): Promise<void> {
    await this.prisma.rejectedInboundMessage.create({
      data: {
        ...message,
        messageId: message.messageId.slice(0, 200),
        payload: json(message.payload),
        violations: json(message.violations),
      },
    });
  }

  /** Rejected messages, newest first, optionally of one hospital; keyset pagination by (received_at, id). */
  async listRejected(query: {
    readonly hospitalId?: string;
    readonly limit: number;
    readonly before?: { readonly receivedAt: Date; readonly id: string };
  }): Promise<RejectedMessage[]> {
    const rows = await this.prisma.rejectedInboundMessage.findMany({
      where: {
        ...(query.hospitalId ? { hospitalId: query.hospitalId } : {}),
        ...(query.before
          ? {
              OR: [
                { receivedAt: { lt: query.before.receivedAt } },
                { receivedAt: query.before.receivedAt, id: { lt: query.before.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
      take: query.limit,
    });
    return rows.map((row) => ({
      ...row,
      violations: row.violations as unknown as RejectedMessage['violations'],
    }));
  }
}
