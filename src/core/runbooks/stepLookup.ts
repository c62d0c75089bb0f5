import type { ParsedRunbook, RunbookStep } from './types';

/** Finds a step by name (as `--step NAME` and the editor's commands do): ours, else the name Runme derives. */
export function findStep(parsed: ParsedRunbook, name: string): RunbookStep | undefined {
  // Our names first: a Runme-derived name never shadows a step's own name.
  return parsed.steps.find((step) => step.name === name) ?? parsed.steps.find((step) => step.derivedName === name);
}

/** The step whose fence contains a 0-based line (for CodeLens and "run at cursor"). */
export function stepAtLine(parsed: ParsedRunbook, line: number): RunbookStep | undefined {
  // Steps are in file order and do not overlap: binary search keeps 500-step files cheap.
  let lo = 0;
  let hi = parsed.steps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const step = parsed.steps[mid];
    if (!step) return undefined;
    if (line < step.range.startLine) hi = mid - 1;
    else if (line > step.range.endLine) lo = mid + 1;
    else return step;
  }
  return undefined;
}
