import type { LineRange } from './types';

/**
 * What the editor shows after a step ran (`✓ exit 0 · 1.2 s`), and how those
 * results follow the text as it is edited: a result stays while its step's lines
 * are untouched (moving with edits above it) and goes when the step itself changes.
 */

export interface StepOutcome {
  /** null when the exit code could not be observed (no shell integration). */
  exitCode: number | null;
  durationMs: number;
}

export interface ShownResult extends StepOutcome {
  range: LineRange;
  /** The step's commands when it ran; a result never sticks to different commands. */
  commands: string;
}

/** `✓ exit 0 · 1.2 s`, `✗ exit 3 · 0.4 s`, `? exit unknown · 2.0 s`: unknown is never shown as success. */
export function formatStepResult(outcome: StepOutcome): string {
  const duration = formatRunDuration(outcome.durationMs);
  if (outcome.exitCode === null) return `? exit unknown · ${duration}`;
  return `${outcome.exitCode === 0 ? '✓' : '✗'} exit ${outcome.exitCode} · ${duration}`;
}

/** `0.4 s`, `59.9 s`, `1 m 05 s`, `2 h 03 m`. */
export function formatRunDuration(durationMs: number): string {
  const ms = Math.max(0, Number.isFinite(durationMs) ? durationMs : 0);
  if (ms < 60_000) return `${(Math.floor(ms / 100) / 10).toFixed(1)} s`;
  const totalSeconds = Math.floor(ms / 1000);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)} m ${pad(totalSeconds % 60)} s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${pad(totalMinutes % 60)} m`;
}

/** One text change as lines: lines `startLine..endLine` (inclusive) were replaced by text holding `insertedLineBreaks` line breaks. */
export interface LineEdit {
  startLine: number;
  endLine: number;
  insertedLineBreaks: number;
}

/**
 * The results that survive an edit, moved to their new lines. An edit touching a
 * step's lines (fence included) drops its result; edits above it move it.
 */
export function applyLineEdit<T extends { range: LineRange }>(results: readonly T[], edit: LineEdit): T[] {
  const delta = edit.insertedLineBreaks - (edit.endLine - edit.startLine);
  const kept: T[] = [];
  for (const result of results) {
    const { startLine, endLine } = result.range;
    if (edit.startLine > endLine || (edit.endLine < startLine && delta === 0)) kept.push(result);
    else if (edit.endLine < startLine) kept.push({ ...result, range: { startLine: startLine + delta, endLine: endLine + delta } });
    // else: the edit touched the step; its result no longer describes it.
  }
  return kept;
}

/** The result to show for a step: one recorded at the same lines for the same commands. */
export function resultForStep<T extends ShownResult>(results: readonly T[], step: { range: LineRange; commands: string }): T | undefined {
  return results.find((r) => r.range.startLine === step.range.startLine && r.range.endLine === step.range.endLine && r.commands === step.commands);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
