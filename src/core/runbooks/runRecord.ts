import type { ExecutionRecord } from './executionRecord';
import type { NewEvent } from '../incidents/model';
import type { RunbookStep } from './types';

/**
 * The one record of a step run, made once by the run session for the editor and
 * the command line alike, and its timeline event (the same facts in the server's
 * wire format; the retrospective reads both back as StepRunFacts). The command is
 * the step's text as written (`$API_KEY`, never its value); as a second guard any
 * secret value that still appears in it (a param whose value is also written in
 * the runbook) is masked, so no record or event can carry one.
 */

export const REDACTED = '[redacted]';

export interface StepRun {
  /** Unique per run; the record and the timeline event share it. */
  runId?: string;
  runbook: string;
  step: Pick<RunbookStep, 'name' | 'index' | 'commands'>;
  startedAt: Date;
  durationMs: number;
  exitCode: number | null;
  user: string;
  incidentId?: string;
  /** Values of `secret: true` params used for the run. */
  secrets: readonly string[];
}

export function executionRecordFor(run: StepRun): ExecutionRecord {
  const record: ExecutionRecord = {
    runbook: run.runbook,
    step: run.step.name,
    stepIndex: run.step.index,
    command: redact(run.step.commands, run.secrets),
    startedAt: run.startedAt.toISOString(),
    durationMs: Math.max(0, Math.round(run.durationMs)),
    exitCode: run.exitCode,
    user: run.user,
  };
  if (run.incidentId !== undefined) record.incidentId = run.incidentId;
  if (run.runId !== undefined) record.runId = run.runId;
  return record;
}

export function timelineEventFor(record: ExecutionRecord): Extract<NewEvent, { type: 'runbook_step' }> {
  return {
    type: 'runbook_step',
    ...(record.runId !== undefined ? { runId: record.runId } : {}),
    author: record.user,
    runbook: record.runbook,
    step: record.step,
    exitCode: record.exitCode,
    durationMs: record.durationMs,
    command: record.command,
  };
}

export function redact(text: string, secrets: readonly string[]): string {
  // Longest first, so a secret that contains another is masked whole.
  const values = [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const value of values) out = out.split(value).join(REDACTED);
  return out;
}
