import type { z } from 'zod';

import type { TopicName } from './topics';

/** A versioned event type: its CloudEvents `type`, the topic it travels on and the schema of its data. */
export interface EventDefinition<TSchema extends z.ZodType = z.ZodType> {
  /** CloudEvents `type`, e.g. `meridian.hospital.registered.v1`. */
  readonly type: string;
  readonly topic: TopicName;
  /** CloudEvents `source` of the producing service, e.g. `/meridian/hospital-integration`. */
  readonly source: string;
  readonly schema: TSchema;
}

export type EventData<TDef extends EventDefinition> = z.infer<TDef['schema']>;

/** Declares an event type; the definition is the single source for producers and consumers. */
export function defineEvent<TSchema extends z.ZodType>(
  definition: EventDefinition<TSchema>,
): EventDefinition<TSchema> {
  return Object.freeze(definition);
}
