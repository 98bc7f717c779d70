import { CloudEventHeader } from '@meridian/contracts';
import type { IHeaders } from 'kafkajs';

import { buildCloudEventHeaders, parseCloudEventHeaders, readHeader } from './cloud-event-headers';

const attributes = {
  id: '01936f6e-8a2b-7c3d-9e4f-a1b2c3d4e5f6',
  type: 'meridian.hospital.registered.v1',
  source: '/meridian/hospital-integration',
  time: '2025-01-02T03:04:05.678Z',
  subject: 'hospital-1',
  correlationId: 'corr-12345678',
};

function asKafkaHeaders(headers: Record<string, string>): IHeaders {
  // What kafkajs hands a consumer: every value as a Buffer.
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, Buffer.from(value)]),
  );
}

describe('buildCloudEventHeaders', () => {
  it('sets the binary-mode attributes, the content type and the correlation extension', () => {
    expect(buildCloudEventHeaders(attributes)).toEqual({
      ce_specversion: '1.0',
      ce_id: attributes.id,
      ce_source: attributes.source,
      ce_type: attributes.type,
      ce_time: attributes.time,
      ce_subject: attributes.subject,
      ce_correlationid: attributes.correlationId,
      'content-type': 'application/json',
    });
  });

  it('leaves out optional attributes that are not set', () => {
    const headers = buildCloudEventHeaders({ id: 'a', type: 't', source: '/s' });
    expect(Object.keys(headers).sort()).toEqual([
      'ce_id',
      'ce_source',
      'ce_specversion',
      'ce_type',
      'content-type',
    ]);
  });
});

describe('parseCloudEventHeaders', () => {
  it('reads back what buildCloudEventHeaders wrote, from Buffers', () => {
    const parsed = parseCloudEventHeaders(asKafkaHeaders(buildCloudEventHeaders(attributes)));
    expect(parsed).toEqual({ ok: true, attributes });
  });

  it.each([
    ['ce_specversion', /ce_specversion is missing/],
    ['ce_id', /ce_id is missing/],
    ['ce_type', /ce_type is missing/],
    ['ce_source', /ce_source is missing/],
  ])('rejects an envelope without %s', (name, problem) => {
    const headers = Object.fromEntries(
      Object.entries(buildCloudEventHeaders(attributes)).filter(([header]) => header !== name),
    );
    const parsed = parseCloudEventHeaders(asKafkaHeaders(headers));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.problem).toMatch(problem);
  });

  it('rejects an empty id, another spec version, a bad time and a non-JSON content type', () => {
    const base = buildCloudEventHeaders(attributes);
    for (const broken of [
      { ...base, [CloudEventHeader.id]: '' },
      { ...base, [CloudEventHeader.specVersion]: '0.3' },
      { ...base, [CloudEventHeader.time]: 'yesterday' },
      { ...base, [CloudEventHeader.contentType]: 'application/avro' },
    ]) {
      expect(parseCloudEventHeaders(asKafkaHeaders(broken)).ok).toBe(false);
    }
  });

  it('accepts a content type with parameters and treats a record without headers as malformed', () => {
    const headers = {
      ...buildCloudEventHeaders(attributes),
      'content-type': 'application/json; charset=utf-8',
    };
    expect(parseCloudEventHeaders(asKafkaHeaders(headers)).ok).toBe(true);
    expect(parseCloudEventHeaders(undefined)).toEqual({
      ok: false,
      problem: 'ce_specversion is missing, expected "1.0"',
    });
  });
});

describe('readHeader', () => {
  it('takes the first value of a repeated header and decodes Buffers as UTF-8', () => {
    const headers: IHeaders = { a: [Buffer.from('首诊'), 'second'], b: 'plain', c: undefined };
    expect(readHeader(headers, 'a')).toBe('首诊');
    expect(readHeader(headers, 'b')).toBe('plain');
    expect(readHeader(headers, 'c')).toBeUndefined();
    expect(readHeader(headers, 'missing')).toBeUndefined();
  });
});
