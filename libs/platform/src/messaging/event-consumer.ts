import { Logger } from '@nestjs/common';
import { deadLetterTopic } from '@meridian/contracts';
import type { EventData, EventDefinition } from '@meridian/contracts';
import { Partitioners } from 'kafkajs';
import type { Consumer, EachBatchPayload, Kafka, Producer } from 'kafkajs';

import { errorMessageOf } from './dead-letter';
import { InboxProcessor } from './inbox-processor';
import type { DeadLetterMessage, DeadLetterPublisher } from './inbox-processor';
import { ensureTopics } from './kafka-client';
import type { TopicSettings } from './kafka-client';
import type { EventHandler, ReceivedEvent } from './received-event';
import type { SqlExecutor, TransactionOptions, TransactionRunner } from './transaction-runner';

/** Group-membership and fetch settings; the defaults suit production, tests shorten them. */
export interface ConsumerTuning {
  readonly sessionTimeout?: number;
  readonly heartbeatInterval?: number;
  readonly rebalanceTimeout?: number;
  readonly maxWaitTimeInMs?: number;
  /** Partitions processed in parallel; records of one partition are always processed in order. */
  readonly partitionsConsumedConcurrently?: number;
  /** Where a new group starts; from the beginning by default, so a new consumer misses no event. */
  readonly fromBeginning?: boolean;
  /**
   * Longest time processed offsets may stay uncommitted within a batch (default 1 s). Offsets are always
   * committed at the end of a batch, on stop and after a dead letter, and never before processing.
   */
  readonly commitIntervalMs?: number;
}

export interface EventConsumerOptions<Tx extends SqlExecutor> {
  readonly kafka: Kafka;
  /** Prepended to topic and group names (`KAFKA_NAMESPACE`). */
  readonly namespace: string;
  /** Consumer group without namespace, usually the service name; also names the dead-letter topics. */
  readonly group: string;
  /** Runs the inbox insert and the handler in one transaction; pass the service's PrismaClient. */
  readonly transactionRunner: TransactionRunner<Tx>;
  /** PostgreSQL schema of `inbox_messages`; defaults to `public`. */
  readonly schema?: string;
  /** `CONSUMER_MAX_ATTEMPTS`. */
  readonly maxAttempts: number;
  /** `CONSUMER_RETRY_BACKOFF_MS`. */
  readonly backoffMs: number;
  readonly maxBackoffMs?: number;
  readonly transactionOptions?: TransactionOptions;
  /** Used when the consumer creates missing topics and dead-letter topics at start. */
  readonly topicSettings?: TopicSettings;
  readonly tuning?: ConsumerTuning;
}

type State = 'idle' | 'starting' | 'running' | 'stopping';

/**
 * An idempotent Kafka consumer: one consumer group, any number of event types. Records of a partition are
 * processed one at a time, in order; an offset is committed only after its record was processed, recognised
 * as a duplicate or dead-lettered.
 */
export class EventConsumer<Tx extends SqlExecutor = SqlExecutor> {
  /** The Kafka group id, namespace included. */
  readonly groupId: string;
  private readonly logger = new Logger(EventConsumer.name);
  private readonly processor: InboxProcessor<Tx>;
  private state: State = 'idle';
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  private stopping = new AbortController();
  private crash: Error | undefined;
  private starting: Promise<void> | undefined;

  constructor(private readonly options: EventConsumerOptions<Tx>) {
    this.groupId = `${options.namespace}${options.group}`;
    const deadLetters: DeadLetterPublisher = {
      publish: (topic, message) => this.publishDeadLetter(topic, message),
    };
    this.processor = new InboxProcessor<Tx>({
      groupId: this.groupId,
      deadLetterTopicOf: (topic) => deadLetterTopic(topic, options.group),
      transactionRunner: options.transactionRunner,
      schema: options.schema ?? 'public',
      retry: {
        maxAttempts: options.maxAttempts,
        baseDelayMs: options.backoffMs,
        maxDelayMs: options.maxBackoffMs ?? 30_000,
      },
      deadLetters,
      transactionOptions: options.transactionOptions,
    });
  }

  /**
   * Handles events of `definitions`, which must share one topic. Call before `start()`. A type may have
   * one handler per consumer group.
   */
  subscribe<const TDefs extends readonly [EventDefinition, ...EventDefinition[]]>(
    definitions: TDefs,
    handler: EventHandler<EventData<TDefs[number]>, Tx>,
  ): this {
    if (this.state !== 'idle') {
      throw new Error('EventConsumer.subscribe must be called before start()');
    }
    const topics = new Set(definitions.map((definition) => definition.topic));
    if (topics.size !== 1) {
      throw new Error(`Events handled together must share a topic, got ${[...topics].join(', ')}`);
    }
    const topic = definitions[0].topic;
    // The processor parsed `data` with the schema of the event's own definition, one of `definitions`.
    const untyped: EventHandler<unknown, Tx> = (event, tx) =>
      handler(event as ReceivedEvent<EventData<TDefs[number]>>, tx);
    this.processor.register(`${this.options.namespace}${topic}`, definitions, untyped);
    return this;
  }

  /** The Kafka topics this consumer reads, namespace included. */
  topics(): string[] {
    return this.processor.topics();
  }

  /** The dead-letter topics this consumer writes to. */
  deadLetterTopics(): string[] {
    return this.topics().map((topic) => deadLetterTopic(topic, this.options.group));
  }

  /** The error that stopped the consumer for good (kafkajs gave up restarting it), if any. */
  failure(): Error | undefined {
    return this.crash;
  }

  /**
   * Creates missing topics and dead-letter topics, connects, joins the group and starts consuming.
   * Rejects when Kafka cannot be reached, so that a service does not boot without its consumers.
   */
  async start(): Promise<void> {
    if (this.state !== 'idle') {
      throw new Error(`EventConsumer ${this.groupId} is already ${this.state}`);
    }
    const topics = this.topics();
    if (topics.length === 0) throw new Error(`EventConsumer ${this.groupId} has no subscriptions`);
    this.state = 'starting';
    this.starting = this.connectAndRun(topics);
    try {
      await this.starting;
    } finally {
      this.starting = undefined;
    }
  }

  private async connectAndRun(topics: string[]): Promise<void> {
    this.stopping = new AbortController();
    this.crash = undefined;
    try {
      const admin = this.options.kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(
          admin,
          [...topics, ...this.deadLetterTopics()],
          this.options.topicSettings,
        );
      } finally {
        await admin.disconnect();
      }
      this.producer = this.options.kafka.producer({
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      await this.producer.connect();
      this.consumer = this.createConsumer();
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics,
        fromBeginning: this.options.tuning?.fromBeginning ?? true,
      });
      await this.consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: this.options.tuning?.partitionsConsumedConcurrently ?? 1,
        eachBatch: (payload) => this.eachBatch(payload),
      });
      this.state = 'running';
      this.logger.log(`Consumer group ${this.groupId} consuming ${topics.join(', ')}`);
    } catch (error) {
      await this.disconnectClients();
      this.state = 'idle';
      throw error;
    }
  }

  /**
   * Stops consuming: the record in progress finishes (a pending retry is abandoned, the record stays
   * uncommitted and comes again), the group is left and the clients disconnect.
   */
  async stop(): Promise<void> {
    if (this.state === 'starting') {
      // Let the start finish (or fail) first, so that nothing it connects is left behind.
      await this.starting?.catch((error: unknown) => {
        this.logger.warn(
          `Consumer group ${this.groupId} failed to start: ${errorMessageOf(error)}`,
        );
      });
    }
    if (this.state !== 'running') return;
    this.state = 'stopping';
    this.stopping.abort();
    try {
      await this.disconnectClients();
    } finally {
      this.state = 'idle';
    }
    this.logger.log(`Consumer group ${this.groupId} stopped`);
  }

  private createConsumer(): Consumer {
    const tuning = this.options.tuning ?? {};
    const consumer = this.options.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: tuning.sessionTimeout ?? 30_000,
      heartbeatInterval: tuning.heartbeatInterval ?? 3_000,
      rebalanceTimeout: tuning.rebalanceTimeout ?? 60_000,
      maxWaitTimeInMs: tuning.maxWaitTimeInMs ?? 1_000,
      retry: {
        restartOnFailure: (error) => {
          this.logger.error(
            `Consumer group ${this.groupId} crashed, restarting: ${errorMessageOf(error)}`,
          );
          return Promise.resolve(true);
        },
      },
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) {
        this.crash = payload.error;
        this.logger.error(
          `Consumer group ${this.groupId} stopped for good: ${errorMessageOf(payload.error)}`,
        );
      }
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const assigned = Object.entries(payload.memberAssignment)
        .map(([topic, partitions]) => `${topic}[${partitions.join(',')}]`)
        .join(' ');
      this.logger.log(
        `Joined ${this.groupId} as ${payload.memberId}: ${assigned || 'no partitions'}`,
      );
    });
    return consumer;
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const control = { heartbeat: () => payload.heartbeat(), signal: this.stopping.signal };
    const commitIntervalMs = this.options.tuning?.commitIntervalMs ?? 1_000;
    let uncommitted: string | undefined;
    let lastCommit = Date.now();
    // Commit through the batch payload: unlike consumer.commitOffsets it still commits while stopping,
    // so the records finished before stop() are not redelivered needlessly.
    const commit = async (): Promise<void> => {
      if (uncommitted === undefined) return;
      const offset = uncommitted;
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset }] }],
      });
      if (uncommitted === offset) uncommitted = undefined;
      lastCommit = Date.now();
    };
    try {
      for (const message of batch.messages) {
        // Stopping, or a seek moved the partition: leave the rest for later.
        if (!payload.isRunning() || payload.isStale()) break;
        const outcome = await this.processor.process(
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: message.offset,
            key: message.key,
            value: message.value,
            headers: message.headers,
          },
          control,
        );
        if (outcome.kind === 'interrupted') break;
        uncommitted = (BigInt(message.offset) + 1n).toString();
        payload.resolveOffset(message.offset);
        // A dead letter is committed at once so that a crash cannot publish it twice; other outcomes may wait
        // a little (the inbox absorbs a redelivery), which saves one broker round trip per record.
        if (outcome.kind === 'dead-lettered' || Date.now() - lastCommit >= commitIntervalMs)
          await commit();
        await payload.heartbeat();
      }
    } catch (error) {
      // Keep the progress made before the failure, then let kafkajs redeliver from the failed record.
      await commit().catch((commitError: unknown) => {
        this.logger.warn(
          `Committing ${batch.topic}[${batch.partition}] failed: ${errorMessageOf(commitError)}`,
        );
      });
      throw error;
    }
    await commit();
  }

  private async publishDeadLetter(topic: string, message: DeadLetterMessage): Promise<void> {
    if (!this.producer) throw new Error(`EventConsumer ${this.groupId} is not started`);
    await this.producer.send({ topic, acks: -1, messages: [{ ...message }] });
  }

  private async disconnectClients(): Promise<void> {
    // The consumer first: it waits for the record in flight, which may still need the producer.
    try {
      await this.consumer?.disconnect();
    } finally {
      this.consumer = undefined;
      await this.producer?.disconnect();
      this.producer = undefined;
    }
  }
}
