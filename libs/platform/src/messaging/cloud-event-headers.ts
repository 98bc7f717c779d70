import {
  CLOUDEVENTS_SPEC_VERSION,
  CloudEventHeader,
  EVENT_CONTENT_TYPE,
} from '@meridian/contracts';
import type { IHeaders } from 'kafkajs';

/** The CloudEvents attributes Meridian sets on every event. */
export interface CloudEventAttributes {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  /** RFC 3339 timestamp; optional in CloudEvents, always set by `OutboxWriter`. */
  readonly time?: string;
  readonly subject?: string;
  readonly correlationId?: string;
}

/** The `ce_*` headers of an event in CloudEvents binary content mode, as a plain string map. */
export function buildCloudEventHeaders(attributes: CloudEventAttributes): Record<string, string> {
  const headers: Record<string, string> = {
    [CloudEventHeader.specVersion]: CLOUDEVENTS_SPEC_VERSION,
    [CloudEventHeader.id]: attributes.id,
    [CloudEventHeader.source]: attributes.source,
    [CloudEventHeader.type]: attributes.type,
    [CloudEventHeader.contentType]: EVENT_CONTENT_TYPE,
  };
  if (attributes.time !== undefined) headers[CloudEventHeader.time] = attributes.time;
  if (attributes.subject !== undefined) headers[CloudEventHeader.subject] = attributes.subject;
  if (attributes.correlationId !== undefined)
    headers[CloudEventHeader.correlationId] = attributes.correlationId;
  return headers;
}

/** The first value of a Kafka header as UTF-8 text, or undefined when absent. */
export function readHeader(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

/** Outcome of reading an envelope: the attributes, or why the record is not a usable CloudEvent. */
export type EnvelopeParseResult =
  | { readonly ok: true; readonly attributes: CloudEventAttributes }
  | { readonly ok: false; readonly problem: string };

/** Reads and checks the CloudEvents binary-mode headers of a Kafka record. */
export function parseCloudEventHeaders(headers: IHeaders | undefined): EnvelopeParseResult {
  const specVersion = readHeader(headers, CloudEventHeader.specVersion);
  if (specVersion !== CLOUDEVENTS_SPEC_VERSION) {
    return {
      ok: false,
      problem: `${CloudEventHeader.specVersion} is ${describe(specVersion)}, expected "1.0"`,
    };
  }
  const id = readHeader(headers, CloudEventHeader.id);
  const type = readHeader(headers, CloudEventHeader.type);
  const source = readHeader(headers, CloudEventHeader.source);
  if (!id) return { ok: false, problem: `${CloudEventHeader.id} is ${describe(id)}` };
  if (!type) return { ok: false, problem: `${CloudEventHeader.type} is ${describe(type)}` };
  if (!source) return { ok: false, problem: `${CloudEventHeader.source} is ${describe(source)}` };
  const time = readHeader(headers, CloudEventHeader.time);
  if (time !== undefined && Number.isNaN(Date.parse(time))) {
    return {
      ok: false,
      problem: `${CloudEventHeader.time} is not a timestamp: ${JSON.stringify(time)}`,
    };
  }
  const contentType = readHeader(headers, CloudEventHeader.contentType);
  if (
    contentType !== undefined &&
    contentType.split(';').at(0)?.trim().toLowerCase() !== EVENT_CONTENT_TYPE
  ) {
    return {
      ok: false,
      problem: `content-type ${JSON.stringify(contentType)} is not ${EVENT_CONTENT_TYPE}`,
    };
  }
  return {
    ok: true,
    attributes: {
      id,
      type,
      source,
      time,
      subject: readHeader(headers, CloudEventHeader.subject),
      correlationId: readHeader(headers, CloudEventHeader.correlationId),
    },
  };
}

function describe(value: string | undefined): string {
  if (value === undefined) return 'missing';
  if (value === '') return 'empty';
  return JSON.stringify(value);
}
