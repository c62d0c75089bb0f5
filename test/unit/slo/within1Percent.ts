import * as assert from 'node:assert/strict';

/** The bar for figures computed from Prometheus: within 1% of an independent calculation. */
export function within1Percent(actual: number | null | undefined, expected: number, what: string): void {
  assert.ok(actual !== null && actual !== undefined, `${what}: no value`);
  assert.ok(Math.abs(actual - expected) <= Math.abs(expected) * 0.01, `${what}: ${actual}, expected ${expected} ±1%`);
}
