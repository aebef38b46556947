// Conformance cases we do not run, each with its reason. A skipped case counts as not passed.
// Matched by the case's `note`.

export interface ConformanceSkip {
  note: string;
  reason: string;
}

export const CONFORMANCE_SKIPS: readonly ConformanceSkip[] = [];
