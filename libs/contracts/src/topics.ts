/**
 * Kafka topics, one per aggregate stream so that every event of one aggregate is ordered by its key.
 * The version suffix changes only with an incompatible change of the stream.
 */
export const Topics = {
  hospitalDirectory: 'meridian.hospital.directory.v1',
  hospitalAppointments: 'meridian.hospital.appointments.v1',
  hospitalLabReports: 'meridian.hospital.lab-reports.v1',
  consultations: 'meridian.consultation.consultations.v1',
  medicalRecords: 'meridian.consultation.records.v1',
  modelCalls: 'meridian.model-router.calls.v1',
  insuranceCertificates: 'meridian.insurance.certificates.v1',
  insuranceSettlements: 'meridian.insurance.settlements.v1',
  payments: 'meridian.payments.payments.v1',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Every topic a service may publish or consume. */
export const ALL_TOPICS: readonly TopicName[] = Object.values(Topics);

/**
 * The dead-letter topic for records of `topic` that consumer group `group` could not process.
 * Per group, because a record that poisons one consumer may be fine for another.
 */
export function deadLetterTopic(topic: string, group: string): string {
  return `${topic}.dlq.${group}`;
}
