import type { TriageConcept, TriageCondition, TriageFactName } from './triage.types';

// Small constructors so rule files read as data. Each returns a plain object.

export function concept(id: string, zh: readonly string[], en: readonly string[]): TriageConcept {
  return { id, zh, en };
}

export function has(c: TriageConcept): TriageCondition {
  return { kind: 'concept', concept: c };
}

export function anyOf(...of: TriageCondition[]): TriageCondition {
  return { kind: 'any', of };
}

export function allOf(...of: TriageCondition[]): TriageCondition {
  return { kind: 'all', of };
}

export function fact(
  name: TriageFactName,
  bounds: { readonly atLeast?: number; readonly below?: number },
): TriageCondition {
  return { kind: 'fact', fact: name, ...bounds };
}

export const PREGNANT_IN_CONTEXT: TriageCondition = { kind: 'context', flag: 'pregnant' };

/** Freezes a value and everything reachable from it, so a published ruleset cannot drift. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) {
      deepFreeze((value as Record<PropertyKey, unknown>)[key]);
    }
  }
  return value;
}
