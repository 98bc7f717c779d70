import { SetMetadata } from '@nestjs/common';
import type { EventData, EventDefinition } from '@meridian/contracts';

import type { ReceivedEvent } from './received-event';

/** Metadata key under which `@HandleEvent` stores its definitions on the method. */
export const HANDLE_EVENT_METADATA = 'meridian:messaging:handle-event';

type EventMethod<TDefs extends readonly EventDefinition[]> = (
  event: ReceivedEvent<EventData<TDefs[number]>>,
  // `never` accepts whatever transaction client type the method declares (PrismaClient's, pg's, ...).
  tx: never,
) => Promise<unknown>;

/**
 * Marks a provider method as the handler of one or more events that share a topic. `MessagingModule`
 * finds it at bootstrap and calls it as `method(event, tx)` inside the inbox transaction of the service's
 * consumer group; the method's signature is checked against the events' data type.
 *
 * ```ts
 * @HandleEvent(HospitalRegistered, HospitalUpdated)
 * async onHospitalChanged(event: ReceivedEvent<HospitalSnapshotV1>, tx: Prisma.TransactionClient) { ... }
 * ```
 */
export function HandleEvent<const TDefs extends readonly [EventDefinition, ...EventDefinition[]]>(
  ...definitions: TDefs
) {
  const topics = new Set(definitions.map((definition) => definition.topic));
  if (topics.size !== 1) {
    throw new Error(`@HandleEvent events must share a topic, got ${[...topics].join(', ')}`);
  }
  const setMetadata = SetMetadata(HANDLE_EVENT_METADATA, definitions);
  return <M extends EventMethod<TDefs>>(
    target: object,
    propertyKey: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    setMetadata(target, propertyKey, descriptor);
  };
}
