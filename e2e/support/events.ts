import { CloudEventHeader } from '@meridian/contracts';
import { testInfra } from '@meridian/testing';
import { Kafka, logLevel } from 'kafkajs';
import type { Consumer } from 'kafkajs';

export interface ObservedEvent {
  readonly topic: string;
  readonly type: string;
  readonly key: string;
  readonly data: Record<string, unknown>;
  /** When this observer received it (ms since epoch). */
  readonly receivedAt: number;
}

/** An independent reader of the real broker: records every event of the given topics. */
export class EventObserver {
  readonly events: ObservedEvent[] = [];
  private consumer: Consumer | undefined;
  private readonly listeners = new Set<(event: ObservedEvent) => void>();

  constructor(
    private readonly namespace: string,
    private readonly topics: readonly string[],
  ) {}

  async start(): Promise<void> {
    const kafka = new Kafka({
      clientId: 'e2e-observer',
      brokers: [...testInfra.kafkaBrokers],
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const wanted = this.topics.map((t) => `${this.namespace}${t}`);
    const existing = new Set(await admin.listTopics());
    await admin.createTopics({
      topics: wanted.filter((t) => !existing.has(t)).map((topic) => ({ topic, numPartitions: 3 })),
    });
    await admin.disconnect();
    this.consumer = kafka.consumer({
      groupId: `${this.namespace}observer`,
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: wanted, fromBeginning: true });
    await this.consumer.run({
      eachMessage: ({ topic, message }) => {
        const type = message.headers?.[CloudEventHeader.type];
        const event: ObservedEvent = {
          topic: topic.slice(this.namespace.length),
          type: type === undefined ? '' : String(type),
          key: message.key?.toString('utf8') ?? '',
          data: JSON.parse(message.value?.toString('utf8') ?? '{}') as Record<string, unknown>,
          receivedAt: Date.now(),
        };
        this.events.push(event);
        for (const listener of this.listeners) listener(event);
        return Promise.resolve();
      },
    });
  }

  of(type: string, key?: string): ObservedEvent[] {
    return this.events.filter((e) => e.type === type && (key === undefined || e.key === key));
  }

  onEvent(listener: (event: ObservedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
