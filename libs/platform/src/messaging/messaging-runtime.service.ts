import { Inject, Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { EventDefinition } from '@meridian/contracts';
import type { Kafka } from 'kafkajs';
import type { Pool } from 'pg';

import { errorMessageOf } from './dead-letter';
import { EventConsumer } from './event-consumer';
import { HANDLE_EVENT_METADATA } from './handle-event.decorator';
import { KafkaHealth } from './kafka-health';
import {
  DEFAULT_CONSUMER_OPTIONS,
  MESSAGING_KAFKA,
  MESSAGING_OPTIONS,
  messagingSchema,
} from './messaging-options';
import type { MessagingModuleOptions } from './messaging-options';
import { OutboxRelay } from './outbox-relay';
import { PgTransactionRunner, createPgPool } from './pg-transaction-runner';
import type { EventHandler } from './received-event';
import type { TransactionRunner } from './transaction-runner';

interface DiscoveredHandler {
  readonly name: string;
  readonly definitions: readonly [EventDefinition, ...EventDefinition[]];
  readonly invoke: EventHandler<unknown>;
}

interface HandlerMethod {
  readonly methodName: string;
  readonly definitions: DiscoveredHandler['definitions'];
  readonly bind: (instance: object) => EventHandler<unknown>;
}

/**
 * Runs the messaging of a service: starts the outbox relay and the consumer of the `@HandleEvent` methods
 * once every module is initialised, and stops both before the application shuts down.
 */
@Injectable()
export class MessagingRuntime implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MessagingRuntime.name);
  private relay: OutboxRelay | undefined;
  private consumer: EventConsumer | undefined;
  private readonly pools: Pool[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    @Inject(MESSAGING_KAFKA) private readonly kafka: Kafka,
    private readonly health: KafkaHealth,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const handlers = this.discoverHandlers();
    try {
      await this.startRelay();
      await this.startConsumer(handlers);
    } catch (error) {
      await this.shutdown();
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.shutdown();
  }

  /** Nudges the relay of this process, if it runs one. */
  wakeRelay(): void {
    this.relay?.wake();
  }

  /** The consumer of this process's handlers, once started. */
  eventConsumer(): EventConsumer | undefined {
    return this.consumer;
  }

  private async startRelay(): Promise<void> {
    const { outbox, kafka, serviceName } = this.options;
    if (!outbox) return;
    const pool = createPgPool({
      connectionString: outbox.databaseUrl,
      schema: outbox.schema,
      max: 2,
      applicationName: `${serviceName}-outbox-relay`,
    });
    this.pools.push(pool);
    this.relay = new OutboxRelay({
      pool,
      kafka: this.kafka,
      namespace: kafka.namespace,
      schema: outbox.schema,
      batchSize: outbox.batchSize,
      pollIntervalMs: outbox.pollIntervalMs,
      topicSettings: this.options.topics,
    });
    await this.relay.start();
  }

  private async startConsumer(handlers: readonly DiscoveredHandler[]): Promise<void> {
    if (handlers.length === 0) return;
    const settings = this.options.consumer ?? DEFAULT_CONSUMER_OPTIONS;
    const tuning = this.options.consumer?.tuning;
    const consumer = new EventConsumer({
      kafka: this.kafka,
      namespace: this.options.kafka.namespace,
      group: this.options.consumerGroup ?? this.options.serviceName,
      transactionRunner:
        this.options.transactionRunner ??
        this.defaultTransactionRunner(tuning?.partitionsConsumedConcurrently),
      schema: messagingSchema(this.options),
      maxAttempts: settings.maxAttempts,
      backoffMs: settings.backoffMs,
      maxBackoffMs: this.options.consumer?.maxBackoffMs,
      transactionOptions: this.options.consumer?.transactionOptions,
      topicSettings: this.options.topics,
      tuning,
    });
    for (const handler of handlers) {
      consumer.subscribe(handler.definitions, handler.invoke);
      this.logger.log(
        `${handler.name} handles ${handler.definitions.map((d) => d.type).join(', ')}`,
      );
    }
    this.consumer = consumer;
    this.health.addProbe(() => {
      const failure = consumer.failure();
      return failure
        ? `consumer group ${consumer.groupId} stopped: ${errorMessageOf(failure)}`
        : undefined;
    });
    await consumer.start();
  }

  private defaultTransactionRunner(concurrency = 1): TransactionRunner {
    const { outbox, serviceName } = this.options;
    if (!outbox) {
      throw new Error(
        'MessagingModule: @HandleEvent handlers need a database; pass `transactionRunner` (the PrismaClient) or `outbox`',
      );
    }
    const pool = createPgPool({
      connectionString: outbox.databaseUrl,
      schema: outbox.schema,
      max: concurrency + 1,
      applicationName: `${serviceName}-inbox`,
    });
    this.pools.push(pool);
    return new PgTransactionRunner(pool);
  }

  private discoverHandlers(): DiscoveredHandler[] {
    const handlers: DiscoveredHandler[] = [];
    const scanned = new Set<object>();
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) {
      if (!wrapper.isDependencyTreeStatic()) {
        const methods = this.handlerMethods(wrapper.metatype?.prototype);
        if (methods.length > 0) {
          throw new Error(
            `${String(wrapper.name)}: @HandleEvent works on singleton providers only, not request-scoped`,
          );
        }
        continue;
      }
      const instance: unknown = wrapper.instance;
      if (typeof instance !== 'object' || instance === null || scanned.has(instance)) continue;
      scanned.add(instance);
      for (const { methodName, definitions, bind } of this.handlerMethods(
        Object.getPrototypeOf(instance),
      )) {
        handlers.push({
          name: `${String(wrapper.name)}.${methodName}`,
          definitions,
          invoke: bind(instance),
        });
      }
    }
    return handlers;
  }

  private handlerMethods(prototype: unknown): HandlerMethod[] {
    if (typeof prototype !== 'object' || prototype === null) return [];
    const found: HandlerMethod[] = [];
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const method: unknown = Reflect.get(prototype, methodName);
      if (typeof method !== 'function') continue;
      const definitions = this.reflector.get<readonly EventDefinition[] | undefined>(
        HANDLE_EVENT_METADATA,
        method,
      );
      const first = definitions?.at(0);
      if (definitions === undefined || first === undefined) continue;
      found.push({
        methodName,
        definitions: [first, ...definitions.slice(1)],
        bind: (instance) => async (event, tx) => {
          await Reflect.apply(method, instance, [event, tx]);
        },
      });
    }
    return found;
  }

  private async shutdown(): Promise<void> {
    const failures: unknown[] = [];
    // Consumers first: their handlers may append outbox events that the relay's final pass then publishes.
    for (const [what, stop] of [
      ['consumer', () => this.consumer?.stop()],
      ['outbox relay', () => this.relay?.stop()],
      ...this.pools.map((pool) => ['pool', () => pool.end()] as const),
    ] as const) {
      try {
        await stop();
      } catch (error) {
        this.logger.error(`Stopping the ${what} failed: ${errorMessageOf(error)}`);
        failures.push(error);
      }
    }
    this.consumer = undefined;
    this.relay = undefined;
    this.pools.length = 0;
    if (failures.length > 0)
      throw new AggregateError(failures, 'Messaging did not shut down cleanly');
  }
}
