import type { ModelSpec } from '../catalog/catalog.schema';

/** Sensitivity of a prompt. Unspecified is treated as PHI by the edges. */
export const DATA_CLASSES = ['PUBLIC', 'DEIDENTIFIED', 'PHI'] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

/** How a model may see a prompt: as it is, with PHI replaced by placeholders, or not at all. */
export type Exposure =
  | { readonly allowed: true; readonly redact: boolean }
  | { readonly allowed: false; readonly reason: string };

/**
 * The data policy, in one place:
 * - public data may go to any model;
 * - health data (de-identified, or PHI once redacted) stays in the country: in-boundary and
 *   domestic models only;
 * - unredacted PHI only to models that permit it (which the catalog allows only inside the country);
 *   other in-country models get it redacted, when a redactor is available.
 */
export function exposureFor(
  dataClass: DataClass,
  model: Pick<ModelSpec, 'residency' | 'phiPermitted'>,
  redactionAvailable: boolean,
): Exposure {
  switch (dataClass) {
    case 'PUBLIC':
      return { allowed: true, redact: false };
    case 'DEIDENTIFIED':
      return model.residency === 'cross-border'
        ? { allowed: false, reason: 'health data may not go to a cross-border model' }
        : { allowed: true, redact: false };
    case 'PHI':
      if (model.residency === 'cross-border') {
        return { allowed: false, reason: 'PHI may not go to a cross-border model, even redacted' };
      }
      if (model.phiPermitted) return { allowed: true, redact: false };
      return redactionAvailable
        ? { allowed: true, redact: true }
        : { allowed: false, reason: 'model does not permit PHI and no redactor is available' };
  }
}
