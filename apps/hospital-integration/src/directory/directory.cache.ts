import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RedisService, counter } from '@meridian/platform';

import type { Doctor } from './doctor';
import type { Hospital } from './hospital';

/** How long a cached entry may live even if no invalidation reaches it. */
export const DIRECTORY_CACHE_TTL_SECONDS = 300;
/** Search results change with any hospital or doctor; they are cached for a short while only. */
export const SEARCH_CACHE_TTL_SECONDS = 60;

export type CacheName = 'hospital' | 'doctor' | 'search';

const lookups = counter(
  'directory_cache_lookups_total',
  'Directory cache lookups in Redis by cache and result (hit, miss, error)',
  ['cache', 'result'],
);

/** Namespace of the cache keys: the database schema the cache mirrors, so deployments sharing a Redis never mix. */
export const DIRECTORY_CACHE_NAMESPACE = Symbol('DIRECTORY_CACHE_NAMESPACE');

export interface SearchPageValue {
  readonly hospitals: readonly Hospital[];
  readonly nextCursor?: string;
}

function reviveHospital(raw: Hospital): Hospital {
  return {
    ...raw,
    createdAt: new Date(raw.createdAt),
    updatedAt: new Date(raw.updatedAt),
  };
}

function reviveDoctor(raw: Doctor): Doctor {
  return { ...raw, createdAt: new Date(raw.createdAt), updatedAt: new Date(raw.updatedAt) };
}

/**
 * Hot directory reads in Redis: hospitals and doctors by id, and first pages of searches.
 * Entries are dropped when the directory changes (after the change commits, and again when the
 * change's event comes back from Kafka) and expire on their own in any case. Redis failures never
 * fail a read: the directory answers from PostgreSQL and counts the error.
 */
@Injectable()
export class DirectoryCache {
  private readonly logger = new Logger(DirectoryCache.name);
  private readonly keys: {
    readonly hospital: (id: string) => string;
    readonly doctor: (id: string) => string;
    readonly searches: string;
  };

  constructor(
    private readonly redis: RedisService,
    @Inject(DIRECTORY_CACHE_NAMESPACE) namespace: string,
  ) {
    const prefix = `directory:${namespace}`;
    this.keys = {
      hospital: (id: string) => `${prefix}:hospital:${id}`,
      doctor: (id: string) => `${prefix}:doctor:${id}`,
      // One hash for all cached searches: a single DEL invalidates them all.
      searches: `${prefix}:searches`,
    };
  }

  async getHospital(id: string): Promise<Hospital | undefined> {
    const raw = await this.read('hospital', () => this.redis.client.get(this.keys.hospital(id)));
    return raw === undefined ? undefined : reviveHospital(JSON.parse(raw) as Hospital);
  }

  async setHospital(hospital: Hospital): Promise<void> {
    await this.write(() =>
      this.redis.client.set(
        this.keys.hospital(hospital.id),
        JSON.stringify(hospital),
        'EX',
        DIRECTORY_CACHE_TTL_SECONDS,
      ),
    );
  }

  async getDoctor(id: string): Promise<Doctor | undefined> {
    const raw = await this.read('doctor', () => this.redis.client.get(this.keys.doctor(id)));
    return raw === undefined ? undefined : reviveDoctor(JSON.parse(raw) as Doctor);
  }

  async setDoctor(doctor: Doctor): Promise<void> {
    await this.write(() =>
      this.redis.client.set(
        this.keys.doctor(doctor.id),
        JSON.stringify(doctor),
        'EX',
        DIRECTORY_CACHE_TTL_SECONDS,
      ),
    );
  }

  async getSearch(
    criteria: Readonly<Record<string, unknown>>,
  ): Promise<SearchPageValue | undefined> {
    const field = searchField(criteria);
    const raw = await this.read('search', () => this.redis.client.hget(this.keys.searches, field));
    if (raw === undefined) return undefined;
    const page = JSON.parse(raw) as SearchPageValue;
    return { ...page, hospitals: page.hospitals.map(reviveHospital) };
  }

  async setSearch(
    criteria: Readonly<Record<string, unknown>>,
    page: SearchPageValue,
  ): Promise<void> {
    await this.write(() =>
      this.redis.client
        .multi()
        .hset(this.keys.searches, searchField(criteria), JSON.stringify(page))
        // The whole hash lives at most one TTL from its first entry, which also bounds its size.
        .expire(this.keys.searches, SEARCH_CACHE_TTL_SECONDS, 'NX')
        .exec(),
    );
  }

  /** Drops a changed hospital and every cached search (any of them may now read differently). */
  async invalidateHospitals(ids: readonly string[]): Promise<void> {
    await this.write(() =>
      this.redis.client.del(this.keys.searches, ...ids.map((id) => this.keys.hospital(id))),
    );
  }

  /** Drops changed doctors and every cached search (the specialty filter reads doctors). */
  async invalidateDoctors(ids: readonly string[]): Promise<void> {
    await this.write(() =>
      this.redis.client.del(this.keys.searches, ...ids.map((id) => this.keys.doctor(id))),
    );
  }

  private async read(
    cache: CacheName,
    get: () => Promise<string | null>,
  ): Promise<string | undefined> {
    try {
      const raw = await get();
      lookups.inc({ cache, result: raw === null ? 'miss' : 'hit' });
      return raw ?? undefined;
    } catch (error) {
      lookups.inc({ cache, result: 'error' });
      this.logger.warn(`directory cache read failed: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async write(command: () => Promise<unknown>): Promise<void> {
    try {
      await command();
    } catch (error) {
      this.logger.warn(`directory cache write failed: ${(error as Error).message}`);
    }
  }
}

function searchField(criteria: Readonly<Record<string, unknown>>): string {
  const canonical = JSON.stringify(
    Object.keys(criteria)
      .sort()
      .map((k) => [k, criteria[k] ?? null]),
  );
  return createHash('sha256').update(canonical).digest('base64url');
}
