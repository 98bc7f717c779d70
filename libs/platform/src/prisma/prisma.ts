import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapterFactory } from '@prisma/client/runtime/client';

import type { ReadinessCheck } from '../health/health';

export interface PrismaConnectionOptions {
  readonly url: string;
  readonly schema: string;
  readonly poolMax: number;
}

/**
 * The driver adapter every service's generated PrismaClient is built with. With the pg adapter a
 * `?schema=` in the URL is ignored, so the schema is passed explicitly (and set as the search path of
 * every connection for raw SQL).
 */
export function prismaAdapter(options: PrismaConnectionOptions): SqlDriverAdapterFactory {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.schema))
    throw new Error(`Unsafe schema name "${options.schema}"`);
  return new PrismaPg(
    {
      connectionString: options.url,
      max: options.poolMax,
      connectionTimeoutMillis: 5_000,
      // Raw SQL (locks, upserts with guards) must see the same schema as the generated queries.
      options: `-c search_path=${options.schema}`,
    },
    { schema: options.schema },
  );
}

/** Readiness of a service's database through its Prisma client. */
export function prismaReadiness(client: {
  $queryRawUnsafe(query: string): Promise<unknown>;
}): ReadinessCheck {
  return {
    name: 'postgres',
    check: async () => {
      await client.$queryRawUnsafe('SELECT 1');
    },
  };
}
