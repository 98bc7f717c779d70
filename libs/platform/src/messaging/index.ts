export { buildCloudEventHeaders, parseCloudEventHeaders, readHeader } from './cloud-event-headers';
export type { CloudEventAttributes, EnvelopeParseResult } from './cloud-event-headers';
export { EventErrorCode, buildDeadLetterHeaders, errorCodeOf, errorMessageOf } from './dead-letter';
export type { DeadLetterInfo } from './dead-letter';
export { EventConsumer } from './event-consumer';
export type { ConsumerTuning, EventConsumerOptions } from './event-consumer';
export { HANDLE_EVENT_METADATA, HandleEvent } from './handle-event.decorator';
export { InboxProcessor, InboxUnavailableError } from './inbox-processor';
export type {
  DeadLetterMessage,
  DeadLetterPublisher,
  InboundRecord,
  InboxProcessorOptions,
  ProcessingControl,
  RecordOutcome,
} from './inbox-processor';
export { createKafkaClient, ensureTopics } from './kafka-client';
export type { KafkaClientOptions, TopicSettings } from './kafka-client';
export { KafkaHealth } from './kafka-health';
export type { HealthProbe, HealthStatus } from './kafka-health';
export { MESSAGING_KAFKA, MESSAGING_OPTIONS } from './messaging-options';
export type { MessagingModuleAsyncOptions, MessagingModuleOptions } from './messaging-options';
export { MessagingRuntime } from './messaging-runtime.service';
export {
  INBOX_TABLE,
  MESSAGING_TABLES_SQL,
  MESSAGING_TABLES_STATEMENTS,
  OUTBOX_TABLE,
  assertSqlIdentifier,
  qualifiedTable,
} from './messaging-tables';
export { MessagingModule } from './messaging.module';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayOptions } from './outbox-relay';
export { EventSchemaError, OutboxWriter } from './outbox-writer';
export type { AppendOptions, OutboxWriterOptions } from './outbox-writer';
export {
  PgSqlExecutor,
  PgTransactionRunner,
  TransactionTimeoutError,
  createPgPool,
} from './pg-transaction-runner';
export type { PgPoolOptions } from './pg-transaction-runner';
export type { EventHandler, ReceivedEvent } from './received-event';
export { decideRetry, pollBackoffMs, retryDelayMs } from './retry-policy';
export type { RetryDecision, RetryPolicy } from './retry-policy';
export type {
  SqlExecutor,
  TransactionIsolationLevel,
  TransactionOptions,
  TransactionRunner,
} from './transaction-runner';
