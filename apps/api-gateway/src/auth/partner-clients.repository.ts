import { Injectable } from '@nestjs/common';

import { PrismaClient } from '../generated/prisma/client';
import type { PartnerClient } from './partner-client';

/** The only place that touches `partner_clients`. */
@Injectable()
export class PartnerClientsRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async findByClientId(clientId: string): Promise<PartnerClient | undefined> {
    const row = await this.prisma.partnerClient.findUnique({ where: { clientId } });
    return row ?? undefined;
  }

  /** Creates the client, or replaces its secret, scopes and limit when it exists (used by the seed). */
  async upsert(client: PartnerClient): Promise<void> {
    const now = new Date();
    const data = {
      partnerName: client.partnerName,
      secretHash: client.secretHash,
      scopes: [...client.scopes],
      rateLimitPerMinute: client.rateLimitPerMinute,
      status: client.status,
      updatedAt: now,
    };
    await this.prisma.partnerClient.upsert({
      where: { clientId: client.clientId },
      create: { id: client.id, clientId: client.clientId, ...data },
      update: data,
    });
  }
}
