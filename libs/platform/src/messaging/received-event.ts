import type { SqlExecutor } from './transaction-runner';

/** An event as a handler sees it: CloudEvents attributes, validated data and where the record came from. */
export interface ReceivedEvent<T> {
  /** CloudEvents `id`; the inbox deduplicates on it. */
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: string | undefined;
  /** CloudEvents `time` (RFC 3339), when the producer set it. */
  readonly time: string | undefined;
  /** From `ce_correlationid`, or a new id when the producer sent none; also the current request context. */
  readonly correlationId: string;
  /** The record value, parsed against the event definition's schema. */
  readonly data: T;
  /** The Kafka topic, namespace included. */
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
}

/**
 * Handles one event inside the transaction that records it in the inbox: whatever the handler writes through
 * `tx` commits together with the inbox row, or not at all.
 */
export type EventHandler<T, Tx extends SqlExecutor = SqlExecutor> = (
  event: ReceivedEvent<T>,
  tx: Tx,
) => Promise<void>;
