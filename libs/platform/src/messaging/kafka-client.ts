import { Logger } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import type { Admin, ITopicConfig, KafkaConfig, LogEntry } from 'kafkajs';

/** Connection settings of the Kafka client. */
export interface KafkaClientOptions {
  readonly clientId: string;
  readonly brokers: readonly string[];
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly retry?: KafkaConfig['retry'];
}

/** A kafkajs client whose logs go through Nest's `Logger` (and from there to pino in the apps). */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    requestTimeout: options.requestTimeoutMs ?? 30_000,
    retry: options.retry,
    logLevel: logLevel.INFO,
    logCreator: () => logKafkaEntry,
  });
}

const kafkaLogger = new Logger('kafkajs');

function logKafkaEntry({ namespace, level, log }: LogEntry): void {
  const { message, timestamp: _timestamp, ...extra } = log;
  const details = Object.keys(extra).length > 0 ? ` ${safeJson(extra)}` : '';
  const line = `[${namespace}] ${message}${details}`;
  switch (level) {
    case logLevel.ERROR:
      kafkaLogger.error(line);
      return;
    case logLevel.WARN:
      kafkaLogger.warn(line);
      return;
    // kafkajs narrates joins, fetches and reconnects at INFO; that is debugging detail for a service.
    case logLevel.INFO:
    case logLevel.DEBUG:
    case logLevel.NOTHING:
      kafkaLogger.debug(line);
      return;
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    return `(unserialisable: ${String(error)})`;
  }
}

/** Partitions and replication of topics created by `ensureTopics`; -1 means the broker's default. */
export interface TopicSettings {
  readonly numPartitions?: number;
  readonly replicationFactor?: number;
}

/**
 * Creates those of `names` that do not exist yet and resolves to the names it created. Topics are created
 * explicitly because broker-side auto-creation is off in production and would pick arbitrary settings.
 */
export async function ensureTopics(
  admin: Admin,
  names: readonly string[],
  settings: TopicSettings = {},
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = [...new Set(names)].filter((name) => !existing.has(name));
  if (missing.length === 0) return [];
  const topics: ITopicConfig[] = missing.map((topic) => ({
    topic,
    numPartitions: settings.numPartitions ?? -1,
    replicationFactor: settings.replicationFactor ?? -1,
  }));
  // Another instance may create the same topics concurrently; kafkajs treats "already exists" as success.
  await admin.createTopics({ topics, waitForLeaders: true });
  return missing;
}
