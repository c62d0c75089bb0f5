/**
 * Percentile by linear interpolation between closest ranks (the "R-7" / Excel
 * PERCENTILE.INC method): rank = p × (n − 1) on the sorted values. Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

export function percentileOfSorted(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const rank = Math.min(1, Math.max(0, p)) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (b - a) * (rank - low);
}

export function median(values: readonly number[]): number | undefined {
  return percentile(values, 0.5);
}

/** Rounded to 3 decimals, so JSON carries no floating-point noise (0.30000000000000004). */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** `*` any run of characters, `?` one character; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
