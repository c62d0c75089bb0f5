import type { NewEvent } from '../../core/incidents/model';
import type { ExecutionRecord } from '../../core/runbooks/executionRecord';
import type { RunPlan } from '../../core/runbooks/runPlan';
import type { ParamSpec, RunbookStep } from '../../core/runbooks/types';

/**
 * What a run session needs from the world, each as small as its one job. The
 * editor supplies terminals and modal dialogs, the command line child shells and
 * a terminal prompt; unit tests supply in-memory fakes.
 */

/** What every executor reports about one step; executors may add their own details. */
export interface StepResult {
  /** null when it could not be observed (no shell integration, the shell never started). */
  exitCode: number | null;
  startedAt: Date;
  durationMs: number;
}

export interface StepContext {
  /** The folder the step runs in, already checked (see StepFolders). */
  cwd: string;
  /** The params as environment variables (validated names, no NUL bytes). */
  env: Readonly<Record<string, string>>;
  /** 0-based position of the step in the plan, and the plan's length. */
  position: number;
  total: number;
  /** Values asked for this step (`export X=placeholder` prompting): X for it and later steps. */
  stepEnv?: Readonly<Record<string, string>>;
  /**
   * The part of stepEnv asked for this very step. An executor whose shell outlives
   * the step (the editor's terminal) hands over only these: the earlier ones are
   * already in its shell, where a later step may have changed them.
   */
  askedEnv?: Readonly<Record<string, string>>;
}

/**
 * The run engine: runs one step and says how it ended. It is the seam where how
 * steps run (terminal, child shell, a future engine) changes without the session.
 */
export interface StepExecutor<R extends StepResult = StepResult> {
  /** Undefined when the step never started (e.g. its terminal closed first): nothing is recorded. */
  execute(step: RunbookStep, context: StepContext): Promise<R | undefined>;
  /** The run is over: stop what it left running (background steps, a shell session). */
  close?(): Promise<void>;
}

/** Asks for the value of an `export X=placeholder` line (Runme's promptEnv); undefined keeps the line as written. */
export interface ExportPrompter {
  valueFor(name: string, placeholder: string, mode: 'always' | 'auto'): Promise<string | undefined>;
}

/** How the session asks a person. Each answer is a yes only when the person said yes. */
export interface RunAsker {
  /** False when nobody can answer (no terminal): steps that ask first are then refused up front. */
  readonly interactive: boolean;
  /** The one question before a multi-step run. */
  confirmPlan(plan: RunPlan): Promise<boolean>;
  /** Before a destructive or `confirm=true` step, with why it asks. */
  confirmStep(step: RunbookStep, reasons: readonly string[]): Promise<boolean>;
  /** After a step of a multi-step run whose exit code could not be observed. */
  continueAfterUnknown(step: RunbookStep): Promise<boolean>;
}

export interface ParamRequest {
  /** The runbook's declared params. */
  declared: Readonly<Record<string, ParamSpec>>;
  /** The declared params the planned steps need (see paramsNeeded). */
  needed: readonly string[];
}

/** Values for the run, or the params that have none (empty when the person cancelled). */
export type ParamAnswer = { ok: true; values: Record<string, string> } | { ok: false; missing: string[] };

/** Where param values come from: given ones, the environment, a prompt. Values are never stored by the session. */
export interface ParamSource {
  valuesFor(request: ParamRequest): Promise<ParamAnswer>;
}

/** Resolves the folder a step runs in; throws StepCwdError when it must not run there. */
export interface StepFolders {
  folderFor(step: RunbookStep): Promise<string>;
}

/** Where every step's record goes (the execution log). */
export interface ExecutionSink {
  append(record: ExecutionRecord): Promise<void>;
}

/** The incident the runs belong to, and (when the front end can) its timeline. */
export interface IncidentLink {
  /** Read at each record: the current incident may change during a run. */
  currentIncidentId(): string | undefined;
  /** Posts without blocking the run; the adapter reports its own failures. */
  post?(incidentId: string, event: Extract<NewEvent, { type: 'runbook_step' }>): void;
}

/** Who runs the steps and how runs are told apart. */
export interface RunIdentity {
  userName(): Promise<string>;
  newRunId(): string;
}

/** What the session tells a front end as it goes, for display only. */
export interface RunProgress<R extends StepResult = StepResult> {
  planned?(plan: RunPlan): void;
  stepStarting?(step: RunbookStep, position: number, total: number): void;
  stepFinished?(run: StepRun<R>): void;
}

/** One step that ran: the step, what the executor saw, and the record written for it. */
export interface StepRun<R extends StepResult = StepResult> {
  step: RunbookStep;
  result: R;
  record: ExecutionRecord;
}
