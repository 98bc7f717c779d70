import { createHmac } from 'node:crypto';

import type { InboundTx } from '../inbound/inbound-appliers';
import type { ReportedPatient } from './lab-report';

// How a hospital's patient becomes a platform patient.
//
// 1. By appointment: a visit booked through Meridian carries Meridian's appointment id (or the
//    hospital's visit code returned at confirmation), and the appointment knows its patient. The
//    appointments module answers through `PatientMatcher`, scoped to the publishing hospital.
// 2. Otherwise the report is kept unmatched (`patient_matched = false`) with a patient key: an HMAC
//    of the identity document (type and number) under PATIENT_MATCH_KEY, so that reports can be
//    attached once the patient's identity is linked on the platform, without storing a searchable
//    document number index.
// Names and phone numbers never match on their own: they are not unique.

/** Finds the platform patient of an appointment of this hospital. */
export interface PatientMatcher {
  patientOfAppointment(
    tx: InboundTx,
    hospitalId: string,
    reference: { readonly appointmentId?: string; readonly hospitalAppointmentCode?: string },
  ): Promise<string | undefined>;
}

/** DI token; bound by the appointments module. Optional: without it reports stay unmatched. */
export const PATIENT_MATCHER = Symbol('PATIENT_MATCHER');

/** Hex HMAC-SHA256 of the identity document, or undefined when the report carries none. */
export function patientKeyOf(patient: ReportedPatient, key: string): string | undefined {
  if (patient.documentNumber === '' || patient.documentType === 'UNSPECIFIED') return undefined;
  const document = `${patient.documentType}:${patient.documentNumber.trim().toUpperCase()}`;
  return createHmac('sha256', key).update(document).digest('hex');
}
