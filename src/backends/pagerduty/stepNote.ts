import type { NewEvent, RunbookStepEvent } from '../../core/incidents/model';

type StepFields = Pick<RunbookStepEvent, 'runId' | 'runbook' | 'step' | 'exitCode' | 'durationMs' | 'command'>;

/**
 * PagerDuty keeps notes as plain text, so a runbook step is written as a note a
 * person can read, followed by one line a machine can: `incident-desk:runbook_step`
 * and the step's fields as JSON (JSON keeps a multi-line command on that one line).
 * Reading the note back gives the runbook_step again, runId included, so the
 * retrospective pairs it with the run's execution record instead of listing it twice.
 */
export const STEP_NOTE_MARKER = 'incident-desk:runbook_step ';

export function formatStepNote(event: Extract<NewEvent, { type: 'runbook_step' }>): string {
  const outcome = event.exitCode === null ? 'exit code unknown' : `exit ${event.exitCode}`;
  const fields: StepFields = {
    ...(event.runId !== undefined ? { runId: event.runId } : {}),
    runbook: event.runbook,
    step: event.step,
    exitCode: event.exitCode,
    durationMs: event.durationMs,
    command: event.command,
  };
  return [
    `[Runbook step] ${event.runbook} › ${event.step}: ${outcome} after ${(event.durationMs / 1000).toFixed(1)} s`,
    `$ ${event.command}`,
    `${STEP_NOTE_MARKER}${JSON.stringify(fields)}`,
  ].join('\n');
}

/** The step a note records, or undefined for any other note (including one whose marker line was edited into nonsense). */
export function parseStepNote(content: string): StepFields | undefined {
  const lastLine = content.slice(content.lastIndexOf('\n') + 1).trimEnd();
  if (!lastLine.startsWith(STEP_NOTE_MARKER)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(lastLine.slice(STEP_NOTE_MARKER.length));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o.runbook !== 'string' || typeof o.step !== 'string' || typeof o.command !== 'string') return undefined;
  if (o.exitCode !== null && !Number.isInteger(o.exitCode)) return undefined;
  if (typeof o.durationMs !== 'number' || !Number.isFinite(o.durationMs) || o.durationMs < 0) return undefined;
  if (o.runId !== undefined && typeof o.runId !== 'string') return undefined;
  return {
    ...(typeof o.runId === 'string' ? { runId: o.runId } : {}),
    runbook: o.runbook,
    step: o.step,
    exitCode: o.exitCode as number | null,
    durationMs: o.durationMs,
    command: o.command,
  };
}
