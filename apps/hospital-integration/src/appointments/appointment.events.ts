import type { AppointmentSnapshotV1 } from '@meridian/contracts';

import type { Appointment } from './appointment';

/** The appointment as its events carry it: no visitor identity (PHI stays in this service). */
export function toSnapshot(appointment: Appointment, occurredAt: Date): AppointmentSnapshotV1 {
  if (appointment.status === 'REQUESTED') {
    throw new Error('A REQUESTED appointment has no event: it is internal to the hold');
  }
  return {
    appointmentId: appointment.id,
    partnerId: appointment.patient.partnerId,
    patientId: appointment.patient.patientId,
    hospitalId: appointment.hospitalId,
    slotId: appointment.slotId,
    departmentCode: appointment.departmentCode,
    doctorCode: appointment.doctorCode,
    visitType: appointment.visitType,
    startTime: appointment.startTime.toISOString(),
    endTime: appointment.endTime.toISOString(),
    status: appointment.status,
    holdExpiresAt: appointment.holdExpiresAt?.toISOString() ?? null,
    feeFen: appointment.feeFen,
    insuranceCoveredFen: appointment.insuranceCoveredFen,
    patientPayableFen: appointment.patientPayableFen,
    certificateId: appointment.certificateId,
    paymentIntentId: appointment.paymentIntentId,
    hospitalAppointmentCode: appointment.hospitalAppointmentCode,
    failureCode: appointment.failureCode,
    endedBy: appointment.endedBy,
    consultationId: appointment.consultationId,
    version: appointment.version,
    occurredAt: occurredAt.toISOString(),
  };
}
