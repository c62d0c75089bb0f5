/** Shared by the benchmark scripts: percentiles and timing summaries. Figures only. */

export interface Figure {
  name: string;
  input: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
}

/** Nearest-rank percentile of an ascending list; NaN for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export function summarize(name: string, input: string, times: readonly number[]): Figure {
  const sorted = [...times].sort((a, b) => a - b);
  return { name, input, runs: times.length, medianMs: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)), minMs: round(sorted[0] ?? 0) };
}

/** Times `fn` `runs` times after a short JIT warm-up. */
export function measure(name: string, input: string, runs: number, fn: () => unknown): Figure {
  for (let i = 0; i < Math.min(3, runs); i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return summarize(name, input, times);
}
