import { confirmationReasons } from './danger';
import type { ParsedRunbook, RunbookStep } from './types';

/**
 * Which steps a Run / Run from here / Run all will run, and which it skips and why.
 * The editor shows this list before a multi-step run and asks once; the plan never
 * contains a fence that is not a shell step, is empty, or was never closed (an
 * unclosed fence swallows the rest of the file, which must not reach a shell).
 */

export type RunMode = 'step' | 'fromHere' | 'all';

export interface SkippedStep {
  step: RunbookStep;
  reason: string;
}

export interface RunPlan {
  mode: RunMode;
  steps: RunbookStep[];
  skipped: SkippedStep[];
}

export type PlanResult = { ok: true; plan: RunPlan } | { ok: false; error: string };

export function planRun(parsed: ParsedRunbook, mode: RunMode, stepIndex?: number): PlanResult {
  if (mode === 'all') return collect(parsed.steps.filter((s) => s.runnable), mode, undefined);
  const start = parsed.steps.find((s) => s.index === stepIndex);
  if (!start) return { ok: false, error: `This runbook has no step #${String(stepIndex)} (the file may have changed).` };
  const refusal = whyNotRunnable(start);
  if (refusal) return { ok: false, error: `Step '${start.name}' cannot run: ${refusal}.` };
  if (mode === 'step') return { ok: true, plan: { mode, steps: [start], skipped: [] } };
  const rest = parsed.steps.filter((s) => s.runnable && s.index > start.index);
  return collect([start, ...rest], mode, start.index);
}

function collect(candidates: readonly RunbookStep[], mode: RunMode, explicitStart: number | undefined): PlanResult {
  const plan: RunPlan = { mode, steps: [], skipped: [] };
  for (const step of candidates) {
    const refusal = whyNotRunnable(step);
    if (refusal) plan.skipped.push({ step, reason: refusal });
    // The step a user picked for "Run from here" runs even when Run all would skip it.
    else if (step.attributes.excludeFromRunAll === true && step.index !== explicitStart) plan.skipped.push({ step, reason: 'marked excludeFromRunAll' });
    else plan.steps.push(step);
  }
  if (plan.steps.length === 0) return { ok: false, error: 'There are no runnable steps to run.' };
  return { ok: true, plan };
}

function whyNotRunnable(step: RunbookStep): string | undefined {
  if (!step.runnable) return `a ${step.language || 'plain'} block is shown, never run`;
  if (!step.closed) return 'its code fence is never closed';
  if (step.commands.trim() === '') return 'it has nothing to run';
  return undefined;
}

/**
 * The text of the one confirmation a multi-step run asks: every step it will run,
 * in order, with its first command line, and the skipped ones with the reason.
 */
export function describePlan(plan: RunPlan): string {
  const lines = plan.steps.map((step, i) => {
    const commandLines = step.commands.split('\n');
    const first = clip(commandLines[0] ?? '', 100);
    const more = commandLines.length > 1 ? ` (+${commandLines.length - 1} more line${commandLines.length > 2 ? 's' : ''})` : '';
    const asks = confirmationReasons(step).length > 0 ? ' — will ask again: destructive or marked confirm' : '';
    return `${i + 1}. ${step.name}: ${first}${more}${asks}`;
  });
  if (plan.skipped.length > 0) {
    lines.push('', 'Skipped:');
    for (const { step, reason } of plan.skipped) lines.push(`• ${step.name}: ${reason}`);
  }
  return lines.join('\n');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
