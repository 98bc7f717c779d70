/**
 * CloudEvents 1.0 Kafka protocol binding, binary content mode: attributes travel as `ce_*` headers,
 * the record value is the event data, the record key is the aggregate id.
 */
export const CloudEventHeader = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  source: 'ce_source',
  type: 'ce_type',
  time: 'ce_time',
  subject: 'ce_subject',
  dataSchema: 'ce_dataschema',
  /** Extension attribute: the correlation id of the request that caused the event. */
  correlationId: 'ce_correlationid',
  contentType: 'content-type',
} as const;

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const EVENT_CONTENT_TYPE = 'application/json';

/** Headers added to a record moved to a dead-letter topic. */
export const DeadLetterHeader = {
  originalTopic: 'dlq_original_topic',
  originalPartition: 'dlq_original_partition',
  originalOffset: 'dlq_original_offset',
  consumerGroup: 'dlq_consumer_group',
  attempts: 'dlq_attempts',
  errorCode: 'dlq_error_code',
  errorMessage: 'dlq_error_message',
  failedAt: 'dlq_failed_at',
} as const;
