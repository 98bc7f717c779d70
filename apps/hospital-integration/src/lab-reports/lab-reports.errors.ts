import { notFound } from '@meridian/platform';
import type { DomainError } from '@meridian/platform';

export const LabReportErrorCode = {
  invalidReport: 'LAB_REPORT.INVALID',
  notFound: 'LAB_REPORT.NOT_FOUND',
} as const;

export function labReportNotFound(id: string): DomainError {
  return notFound(LabReportErrorCode.notFound, `No lab report with id ${id}`, { reportId: id });
}
