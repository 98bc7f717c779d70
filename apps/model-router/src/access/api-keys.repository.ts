import { Injectable } from '@nestjs/common';

import { PrismaClient } from '../generated/prisma/client';
import type { ApiKey } from './api-key';

/** The only place that touches `api_keys`. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** The active key with this digest, if any. */
  async findActive(digest: string): Promise<ApiKey | undefined> {
    const row = await this.prisma.apiKey.findUnique({ where: { keyDigest: digest } });
    return row === null || row.revokedAt !== null ? undefined : toKey(row);
  }

  async insert(key: ApiKey, digest: string): Promise<void> {
    await this.prisma.apiKey.create({
      data: {
        id: key.id,
        partnerId: key.partnerId,
        name: key.name,
        shown: key.shown,
        keyDigest: digest,
        createdAt: key.createdAt,
      },
    });
  }

  /** Revokes a key of the partner; undefined when the partner has no such key. */
  async revoke(partnerId: string, id: string, at: Date): Promise<ApiKey | undefined> {
    const found = await this.prisma.apiKey.findFirst({ where: { id, partnerId } });
    if (found === null) return undefined;
    if (found.revokedAt !== null) return toKey(found);
    return toKey(await this.prisma.apiKey.update({ where: { id }, data: { revokedAt: at } }));
  }

  async list(partnerId: string): Promise<ApiKey[]> {
    const rows = await this.prisma.apiKey.findMany({
      where: { partnerId },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toKey);
  }
}

function toKey(row: {
  id: string;
  partnerId: string;
  name: string;
  shown: string;
  createdAt: Date;
  revokedAt: Date | null;
}): ApiKey {
  return {
    id: row.id,
    partnerId: row.partnerId,
    name: row.name,
    shown: row.shown,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
