import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Kafka } from 'kafkajs';

import { createKafkaClient } from './kafka-client';
import { KafkaHealth } from './kafka-health';
import { MESSAGING_KAFKA, MESSAGING_OPTIONS, messagingSchema } from './messaging-options';
import type { MessagingModuleAsyncOptions, MessagingModuleOptions } from './messaging-options';
import { MessagingRuntime } from './messaging-runtime.service';
import { OutboxWriter } from './outbox-writer';

/**
 * Kafka messaging for a service: provides `OutboxWriter` and `KafkaHealth` everywhere (global module), runs
 * the outbox relay when `outbox` is configured and consumes the events of every `@HandleEvent` method.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return MessagingModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          inject: options.inject ?? [],
          // Nest resolves `inject` into the factory's arguments; their types are the factory's own business.
          useFactory: (...args: unknown[]) => options.useFactory(...(args as never[])),
        },
        {
          provide: MESSAGING_KAFKA,
          inject: [MESSAGING_OPTIONS],
          useFactory: (resolved: MessagingModuleOptions): Kafka =>
            createKafkaClient({
              clientId: resolved.kafka.clientId ?? resolved.serviceName,
              brokers: resolved.kafka.brokers,
            }),
        },
        {
          provide: KafkaHealth,
          inject: [MESSAGING_KAFKA],
          useFactory: (kafka: Kafka) => new KafkaHealth(kafka),
        },
        MessagingRuntime,
        {
          provide: OutboxWriter,
          inject: [MESSAGING_OPTIONS, MessagingRuntime],
          useFactory: (resolved: MessagingModuleOptions, runtime: MessagingRuntime) =>
            new OutboxWriter({
              schema: messagingSchema(resolved),
              onCommitted: () => {
                runtime.wakeRelay();
              },
            }),
        },
      ],
      exports: [OutboxWriter, KafkaHealth, MessagingRuntime, MESSAGING_KAFKA, MESSAGING_OPTIONS],
    };
  }
}
