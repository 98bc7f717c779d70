import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { hospitalV1 } from '@meridian/proto';
import { Client } from 'pg';

import { accessToken, createPartnerClient, getJson } from './support/gateway';
import { hospitalDirectory, registration } from './support/grpc';
import { TestPlatform } from './support/platform';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

interface HospitalJson {
  id: string;
  code: string;
  name: string;
  level: string;
  city: string;
  regionCode: string;
  departments: { code: string; name: string; mapping: string }[];
  unmappedDepartments: string[];
}
interface DoctorJson {
  id: string;
  hospitalId: string;
  code: string;
  name: string;
  title: string;
  departments: string[];
  specialties: string[];
  specialty: string;
  languages: string[];
  rating: number | null;
  ratingCount: number;
}
interface PageJson<T> {
  data: T[];
  page: { limit: number; nextCursor: string | null };
}
interface ProblemJson {
  status: number;
  code: string;
  errors?: { field: string; description: string }[];
}

// The machine running the suite may be busy; the generator and paging through results take a while.
jest.setTimeout(60_000);

const LEVEL_ORDER = ['tertiary-a', 'tertiary', 'secondary-a', 'secondary', 'primary', 'community'];

describe('directory: departments, doctors, search, cache, seed generator', () => {
  const platform = new TestPlatform();
  const client = hospitalDirectory(platform.grpcTarget('hospital-integration'));
  const directory = () => client.call;
  const gateway = (path: string) => `${platform.httpUrl('api-gateway')}${path}`;
  let token: string;
  let db: Client;

  async function seed(...args: string[]): Promise<{ stdout: string; stderr: string }> {
    const env = platform.env('hospital-integration');
    return run(
      process.execPath,
      [join(ROOT, 'apps/hospital-integration/dist/cli/seed-directory.js'), ...args],
      {
        env: {
          PATH: env['PATH'] ?? '',
          DATABASE_URL: env['DATABASE_URL'] ?? '',
          DATABASE_SCHEMA: env['DATABASE_SCHEMA'] ?? '',
          REDIS_URL: env['REDIS_URL'] ?? '',
        },
      },
    );
  }

  async function allPages<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages += 1) {
      const separator = path.includes('?') ? '&' : '?';
      const response: Awaited<ReturnType<typeof getJson<PageJson<T>>>> = await getJson<PageJson<T>>(
        gateway(`${path}${cursor ? `${separator}cursor=${encodeURIComponent(cursor)}` : ''}`),
        token,
      );
      expect(response.status).toBe(200);
      items.push(...response.body.data);
      cursor = response.body.page.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('more than 100 pages');
  }

  async function cacheLookups(cache: string, result: string): Promise<number> {
    const text = await (await fetch(`${platform.httpUrl('hospital-integration')}/metrics`)).text();
    const line = text
      .split('\n')
      .find(
        (l) =>
          l.startsWith('directory_cache_lookups_total{') &&
          l.includes(`cache="${cache}"`) &&
          l.includes(`result="${result}"`),
      );
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
  }

  beforeAll(async () => {
    await platform.start(['hospital-integration', 'api-gateway']);
    token = await accessToken(platform, await createPartnerClient(platform));
    db = new Client({ connectionString: platform.databaseUrl('hospital-integration') });
    await db.connect();
    await db.query(`SET search_path TO "${platform.schema}"`);
  }, 120_000);

  afterAll(async () => {
    client.close();
    await db.end();
    await platform.stopAll();
  }, 60_000);

  it('maps local department names onto the taxonomy and keeps and reports the ones it cannot map', async () => {
    const created = await directory().registerHospital(
      registration({
        departments: [
          { code: 'cardiology', localName: '心血管内科一病区' },
          { code: '', localName: '心内科二病区' },
          { code: '', localName: '小儿呼吸科' },
          { code: '', localName: '国际医疗部' },
        ],
      }),
    );
    expect(created.departments.map((d) => [d.localName, d.code, d.mapping]).sort()).toEqual([
      ['小儿呼吸科', 'respiratory', hospitalV1.DepartmentMapping.DEPARTMENT_MAPPING_NAME_MATCH],
      ['心内科二病区', 'cardiology', hospitalV1.DepartmentMapping.DEPARTMENT_MAPPING_NAME_MATCH],
      ['心血管内科一病区', 'cardiology', hospitalV1.DepartmentMapping.DEPARTMENT_MAPPING_DECLARED],
    ]);
    expect(created.unmappedDepartmentNames).toEqual(['国际医疗部']);

    const stored = await db.query<{
      local_name: string;
      code: string | null;
      mapping: string | null;
    }>(
      'SELECT local_name, code, mapping FROM hospital_departments WHERE hospital_id = $1 ORDER BY local_name',
      [created.id],
    );
    expect(stored.rows).toContainEqual({ local_name: '国际医疗部', code: null, mapping: null });

    const rest = await getJson<HospitalJson>(gateway(`/v1/hospitals/${created.id}`), token);
    expect(rest.body.unmappedDepartments).toEqual(['国际医疗部']);
    expect(rest.body.departments).toContainEqual(
      expect.objectContaining({ code: 'respiratory', name: '小儿呼吸科', mapping: 'name-match' }),
    );
  });

  it('rejects unknown standard codes and repeated local names, changing nothing', async () => {
    const request = registration({
      departments: [{ code: 'astrology', localName: '星象科' }],
    });
    await expect(directory().registerHospital(request)).rejects.toMatchObject({
      code: GrpcStatus.INVALID_ARGUMENT,
    });
    await expect(
      directory().registerHospital(
        registration({
          departments: [
            { code: '', localName: '儿科' },
            { code: 'pediatrics', localName: '儿科' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ code: GrpcStatus.INVALID_ARGUMENT });
    const rows = await db.query('SELECT 1 FROM hospitals WHERE code = $1', [request.code]);
    expect(rows.rowCount).toBe(0);
  });

  it('updates a hospital only at the version the caller read, idempotently', async () => {
    const created = await directory().registerHospital(registration());
    const update = {
      idempotencyKey: `upd-${created.id}`,
      hospitalId: created.id,
      expectedVersion: created.version,
      name: '更名后的医院',
      nameEn: 'Renamed Hospital',
      level: hospitalV1.HospitalLevel.HOSPITAL_LEVEL_TERTIARY,
      address: created.address,
      latitude: created.latitude,
      longitude: created.longitude,
      departments: [{ code: '', localName: '心内科' }],
    };
    const updated = await directory().updateHospital(update);
    expect(updated).toMatchObject({ name: '更名后的医院', version: '2', code: created.code });
    expect(updated.departments.map((d) => d.code)).toEqual(['cardiology']);
    // The same request again returns the first outcome.
    expect(await directory().updateHospital(update)).toMatchObject({ version: '2' });
    // Another update from the same (now stale) read is refused.
    await expect(
      directory().updateHospital({
        ...update,
        idempotencyKey: `upd2-${created.id}`,
        name: '又改名',
      }),
    ).rejects.toMatchObject({ code: GrpcStatus.ABORTED });
    expect((await directory().getHospital({ hospitalId: created.id })).name).toBe('更名后的医院');
  });

  describe('with a generated directory', () => {
    let hospitals: HospitalJson[];

    beforeAll(async () => {
      const { stderr } = await seed(
        '--hospitals',
        '60',
        '--doctors',
        '900',
        '--seed',
        'e2e',
        '--code-prefix',
        'E2EGEN-',
      );
      expect(stderr).toContain('hospitals 60/60 (60 new), doctors 900/900 (900 new or changed)');
      hospitals = (await allPages<HospitalJson>('/v1/hospitals?limit=100')).filter((h) =>
        h.code.startsWith('E2EGEN-'),
      );
    }, 120_000);

    it('generates the requested counts, and a rerun changes nothing', async () => {
      expect(hospitals).toHaveLength(60);
      const counts = await db.query<{ doctors: string; events: string }>(
        `SELECT (SELECT count(*) FROM doctors d JOIN hospitals h ON h.id = d.hospital_id WHERE h.code LIKE 'E2EGEN-%') AS doctors,
                (SELECT count(*) FROM outbox_events WHERE type = 'meridian.hospital.registered.v1'
                   AND payload->>'code' LIKE 'E2EGEN-%') AS events`,
      );
      expect(counts.rows[0]).toEqual({ doctors: '900', events: '60' });
      const again = await seed(
        '--hospitals',
        '60',
        '--doctors',
        '900',
        '--seed',
        'e2e',
        '--code-prefix',
        'E2EGEN-',
      );
      expect(again.stderr).toContain('(0 new), doctors 900/900 (0 new or changed)');
    }, 120_000);

    it('refuses bad arguments with usage and exit code 2', async () => {
      await expect(seed('--hospitals', 'many')).rejects.toMatchObject({
        code: 2,
        stderr: expect.stringContaining('--hospitals must be an integer') as unknown,
      });
    });

    it('lists hospitals best level first, and cursors cover every match exactly once', async () => {
      const levels = hospitals.map((h) => LEVEL_ORDER.indexOf(h.level));
      expect(levels).toEqual([...levels].sort((a, b) => a - b));
      const city = hospitals[0]?.city ?? '';
      const paged = await allPages<HospitalJson>(
        `/v1/hospitals?city=${encodeURIComponent(city)}&limit=3`,
      );
      const expected = hospitals.filter((h) => h.city === city).map((h) => h.id);
      expect(paged.filter((h) => h.code.startsWith('E2EGEN-')).map((h) => h.id)).toEqual(expected);
    });

    it('filters by region (province, city or district prefix) and department', async () => {
      const sample = hospitals.find((h) => h.departments.length > 3) ?? hospitals[0];
      if (!sample) throw new Error('no hospitals generated');
      const province = `${sample.regionCode.slice(0, 2)}0000`;
      const inProvince = await allPages<HospitalJson>(`/v1/hospitals?region=${province}&limit=100`);
      expect(inProvince.map((h) => h.id)).toContain(sample.id);
      expect(inProvince.every((h) => h.regionCode.startsWith(sample.regionCode.slice(0, 2)))).toBe(
        true,
      );

      const department = sample.departments[0]?.code ?? '';
      const byDepartment = await allPages<HospitalJson>(
        `/v1/hospitals?department=${department}&limit=100`,
      );
      expect(byDepartment.map((h) => h.id)).toContain(sample.id);
      expect(byDepartment.every((h) => h.departments.some((d) => d.code === department))).toBe(
        true,
      );
    });

    it('finds hospitals by free text in Chinese and English, including department names', async () => {
      const sample = hospitals[0];
      if (!sample) throw new Error('no hospitals generated');
      const zh = await allPages<HospitalJson>(
        `/v1/hospitals?q=${encodeURIComponent(sample.name)}&limit=100`,
      );
      expect(zh.map((h) => h.id)).toContain(sample.id);
      expect(
        zh.every(
          (h) =>
            h.name.includes(sample.name) || h.departments.some((d) => d.name.includes(sample.name)),
        ),
      ).toBe(true);

      const en = await allPages<HospitalJson>(
        `/v1/hospitals?q=${encodeURIComponent(sample.city.toUpperCase())}&limit=100`,
      );
      expect(en.map((h) => h.id)).toContain(sample.id);

      // "心内科" finds hospitals whose cardiology is called 心血管内科 (mapped by standard code).
      const cardiology = await allPages<HospitalJson>(
        `/v1/hospitals?q=${encodeURIComponent('心内科')}&limit=100`,
      );
      const withCardiology = hospitals.filter((h) =>
        h.departments.some((d) => d.code === 'cardiology'),
      );
      expect(withCardiology.length).toBeGreaterThan(0);
      expect(
        cardiology
          .filter((h) => h.code.startsWith('E2EGEN-'))
          .map((h) => h.id)
          .sort(),
      ).toEqual(withCardiology.map((h) => h.id).sort());

      const none = await getJson<PageJson<HospitalJson>>(
        gateway('/v1/hospitals?q=zzzz-no-such-hospital'),
        token,
      );
      expect(none.body.data).toEqual([]);
    });

    it('finds hospitals by a doctor specialty, and lists and gets doctors', async () => {
      const byTag = await allPages<HospitalJson>(
        `/v1/hospitals?specialty=${encodeURIComponent('高血压')}&limit=100`,
      );
      expect(byTag.length).toBeGreaterThan(0);
      const byEnglish = await allPages<HospitalJson>(
        `/v1/hospitals?specialty=hypertension&limit=100`,
      );
      expect(byEnglish.map((h) => h.id).sort()).toEqual(byTag.map((h) => h.id).sort());

      const hospital = byTag[0];
      if (!hospital) throw new Error('no hospital');
      const doctors = await allPages<DoctorJson>(`/v1/hospitals/${hospital.id}/doctors?limit=5`);
      expect(doctors.length).toBeGreaterThan(0);
      expect(new Set(doctors.map((d) => d.id)).size).toBe(doctors.length);
      const hypertension = await allPages<DoctorJson>(
        `/v1/hospitals/${hospital.id}/doctors?specialty=${encodeURIComponent('高血压')}`,
      );
      expect(hypertension.length).toBeGreaterThan(0);
      expect(hypertension.every((d) => d.specialties.includes('高血压'))).toBe(true);
      const department = hypertension[0]?.departments[0] ?? '';
      const inDepartment = await allPages<DoctorJson>(
        `/v1/hospitals/${hospital.id}/doctors?department=${department}`,
      );
      expect(inDepartment.every((d) => d.departments.includes(department))).toBe(true);

      const doctor = hypertension[0];
      if (!doctor) throw new Error('no doctor');
      const single = await getJson<DoctorJson>(gateway(`/v1/doctors/${doctor.id}`), token);
      expect(single.status).toBe(200);
      expect(single.body).toMatchObject({
        id: doctor.id,
        hospitalId: hospital.id,
        name: doctor.name,
      });
      expect(['resident', 'attending', 'associate-chief', 'chief']).toContain(single.body.title);
      expect(single.body.languages.length).toBeGreaterThan(0);
    });

    it('answers bad input with problem+json and unknown ids with 404', async () => {
      const cases: [string, number, string][] = [
        ['/v1/hospitals?region=33', 400, 'REQUEST.INVALID_QUERY'],
        ['/v1/hospitals?q=', 400, 'REQUEST.INVALID_QUERY'],
        ['/v1/hospitals?specialty=' + 'x'.repeat(51), 400, 'REQUEST.INVALID_QUERY'],
        [
          `/v1/hospitals/${hospitals[0]?.id ?? ''}/doctors?city=Hangzhou`,
          400,
          'REQUEST.INVALID_QUERY',
        ],
        ['/v1/hospitals/0195f0a0-0000-7000-8000-000000000000/doctors', 404, 'HOSPITAL.NOT_FOUND'],
        ['/v1/doctors/0195f0a0-0000-7000-8000-000000000000', 404, 'DOCTOR.NOT_FOUND'],
        ['/v1/doctors/not-an-id', 404, 'DOCTOR.NOT_FOUND'],
      ];
      for (const [path, status, code] of cases) {
        const response = await getJson<ProblemJson>(gateway(path), token);
        expect([path, response.status, response.body.code]).toEqual([path, status, code]);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
      // A cursor issued for one filter set is refused for another.
      const first = await getJson<PageJson<HospitalJson>>(
        gateway('/v1/hospitals?q=hospital&limit=1'),
        token,
      );
      const replay = await getJson<ProblemJson>(
        gateway(`/v1/hospitals?q=clinic&limit=1&cursor=${first.body.page.nextCursor ?? ''}`),
        token,
      );
      expect(replay.status).toBe(400);
      expect(replay.body.code).toBe('PAGINATION.INVALID_CURSOR');
    });
  });

  it('finds hospitals with a free slot in the next days, in the department asked for', async () => {
    const city = 'Slotville';
    const [free, held, later, none] = await Promise.all(
      [1, 2, 3, 4].map(() => directory().registerHospital(registration({ city }))),
    );
    if (!free || !held || !later || !none) throw new Error('registration failed');
    // Slots belong to the schedules module; written here as a hospital push would leave them.
    const slot = async (
      hospitalId: string,
      inHours: number,
      claim?: { expiresInMinutes: number | null },
    ) => {
      const session = await db.query<{ id: string }>(
        `INSERT INTO schedule_sessions (id, hospital_id, session_code, department_code, department_local_code,
           department_local_name, doctor_code, doctor_name, doctor_title, visit_type, start_time, end_time, fee_fen,
           status, status_reason, total_slots, source_as_of, synced_at, updated_at)
         VALUES (gen_random_uuid(), $1, 'S-' || gen_random_uuid(), 'cardiology', 'XNK', '心内科', 'D1', '王医生',
           'CHIEF', 'EXPERT', now() + make_interval(hours => $2), now() + make_interval(hours => $2 + 4), 5000,
           'OPEN', '', 1, now(), now(), now())
         RETURNING id`,
        [hospitalId, inHours],
      );
      await db.query(
        `INSERT INTO schedule_slots (id, session_id, hospital_id, department_code, slot_code, start_time, end_time,
           hospital_status, status_as_of, claim_appointment_id, claim_expires_at, version, updated_at)
         VALUES (gen_random_uuid(), $1, $2, 'cardiology', 'T1', now() + make_interval(hours => $3),
           now() + make_interval(hours => $3) + interval '15 minutes', 'AVAILABLE', now(),
           CASE WHEN $4::boolean THEN gen_random_uuid() END,
           CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(mins => $5::int) END, 1, now())`,
        [
          session.rows[0]?.id,
          hospitalId,
          inHours,
          claim !== undefined,
          claim?.expiresInMinutes ?? null,
        ],
      );
    };
    await slot(free.id, 24);
    await slot(held.id, 24, { expiresInMinutes: 10 }); // held by a patient who is paying
    await slot(later.id, 24 * 10);
    const ids = async (query: string) =>
      (await allPages<HospitalJson>(`/v1/hospitals?city=${city}&${query}`)).map((h) => h.id).sort();
    expect(await ids('openWithinDays=3')).toEqual([free.id]);
    expect(await ids('openWithinDays=14')).toEqual([free.id, later.id].sort());
    expect(await ids('openWithinDays=3&department=cardiology')).toEqual([free.id]);
    expect(await ids('openWithinDays=3&department=dermatology')).toEqual([]);
    expect(await ids('limit=100')).toHaveLength(4);
    const bad = await getJson<ProblemJson>(gateway('/v1/hospitals?openWithinDays=31'), token);
    expect([bad.status, bad.body.code]).toEqual([400, 'REQUEST.INVALID_QUERY']);
  });

  it('serves repeated reads from Redis and shows a change as soon as it is made', async () => {
    const created = await directory().registerHospital(registration({ city: 'Cachetown' }));
    // Let the write's delayed second invalidation pass, so that what follows reads a settled cache.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const hitsBefore = await cacheLookups('hospital', 'hit');
    await directory().getHospital({ hospitalId: created.id });
    await directory().getHospital({ hospitalId: created.id });
    expect(await cacheLookups('hospital', 'hit')).toBeGreaterThan(hitsBefore);

    const searchHitsBefore = await cacheLookups('search', 'hit');
    const search = () =>
      getJson<PageJson<HospitalJson>>(gateway('/v1/hospitals?city=Cachetown'), token);
    expect((await search()).body.data.map((h) => h.name)).toEqual([created.name]);
    expect((await search()).body.data.map((h) => h.name)).toEqual([created.name]);
    expect(await cacheLookups('search', 'hit')).toBeGreaterThan(searchHitsBefore);

    // Changed behind the cache's back (as a write from another path would): still the cached copy.
    await db.query(`UPDATE hospitals SET name = 'Changed underneath' WHERE id = $1`, [created.id]);
    expect((await directory().getHospital({ hospitalId: created.id })).name).toBe(created.name);

    // A write through the directory invalidates: the next reads see it at once.
    const renamed = await directory().updateHospital({
      idempotencyKey: `cache-${created.id}`,
      hospitalId: created.id,
      expectedVersion: created.version,
      name: '缓存测试医院',
      nameEn: created.nameEn,
      level: created.level,
      address: created.address,
      latitude: created.latitude,
      longitude: created.longitude,
      departments: created.departments.map((d) => ({ code: d.code, localName: d.localName })),
    });
    expect(renamed.name).toBe('缓存测试医院');
    expect((await directory().getHospital({ hospitalId: created.id })).name).toBe('缓存测试医院');
    expect((await search()).body.data.map((h) => h.name)).toEqual(['缓存测试医院']);
  });
});
