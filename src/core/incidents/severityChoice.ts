import type { Severity } from './model';

/**
 * The severity a fresh declaration starts on. Not the first item (Sev 0 pages everyone):
 * an Enter pressed too early then declares a minor incident, which is cheap to raise in
 * one step, rather than an all-hands one that has already paged people. Declaring still
 * takes a single Enter when Sev 3 is right, so no action is added for the common case.
 */
export const DECLARE_DEFAULT_SEVERITY: Severity = 3;

/** Where the picker's highlight starts: on the current severity (Enter changes nothing), else the safe default. */
export function initialSeverity(current?: Severity): Severity {
  return current ?? DECLARE_DEFAULT_SEVERITY;
}
