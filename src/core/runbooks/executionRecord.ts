/**
 * One runbook step run, as the editor and the command line record it.
 * Appended to a JSONL log; the retrospective timeline reads these back.
 * Parameter values are never part of a record (secrets included).
 */
export interface ExecutionRecord {
  /** Identifies the run; the incident timeline's runbook_step event carries the same id. */
  runId?: string;
  /** Workspace-relative path of the runbook, forward slashes. */
  runbook: string;
  step: string;
  stepIndex: number;
  command: string;
  /** ISO 8601 UTC. */
  startedAt: string;
  durationMs: number;
  /** null when the exit code could not be observed. */
  exitCode: number | null;
  user: string;
  /** Set when the run happened while an incident was current. */
  incidentId?: string;
}

/**
 * What every account of one step run says, wherever it was read from: a record of
 * the execution log, or the incident's runbook_step event for the same run (which
 * the wire format sends without the step's index). The timeline shows runs from either.
 */
export type StepRunFacts = Pick<ExecutionRecord, 'runId' | 'runbook' | 'step' | 'command' | 'startedAt' | 'durationMs' | 'exitCode' | 'user'>;

export function parseExecutionLog(text: string): { records: ExecutionRecord[]; badLines: number[] } {
  const records: ExecutionRecord[] = [];
  const badLines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (isExecutionRecord(value)) records.push(value);
      else badLines.push(index + 1);
    } catch {
      badLines.push(index + 1);
    }
  });
  return { records, badLines };
}

function isExecutionRecord(value: unknown): value is ExecutionRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.runbook === 'string' &&
    typeof r.step === 'string' &&
    typeof r.stepIndex === 'number' &&
    typeof r.command === 'string' &&
    typeof r.startedAt === 'string' &&
    typeof r.durationMs === 'number' &&
    (typeof r.exitCode === 'number' || r.exitCode === null) &&
    typeof r.user === 'string' &&
    (r.runId === undefined || typeof r.runId === 'string')
  );
}
