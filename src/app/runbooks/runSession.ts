import { confirmationReasons } from '../../core/runbooks/danger';
import { paramsAsEnv, paramsNeeded, secretValues } from '../../core/runbooks/params';
import { exportsFromEnvironment, promptedExports, type PromptedExport } from '../../core/runbooks/promptEnv';
import { executionRecordFor, timelineEventFor } from '../../core/runbooks/runRecord';
import { planRun, type RunMode, type RunPlan } from '../../core/runbooks/runPlan';
import type { ParsedRunbook, RunbookStep } from '../../core/runbooks/types';
import { StepCwdError } from './stepCwd';
import type {
  ExecutionSink,
  ExportPrompter,
  IncidentLink,
  ParamSource,
  RunAsker,
  RunIdentity,
  RunProgress,
  StepExecutor,
  StepFolders,
  StepResult,
  StepRun,
} from './ports';

/**
 * "Run session", the one use case behind Run / Run from here / Run all in the
 * editor and `incident-desk runbook run`: plan the run, ask once for a multi-step
 * run, get the params, ask again before each step that needs it, run each step,
 * record it (secrets masked) and post it to the current incident, and stop a
 * multi-step run at the first step that did not exit 0. Front ends turn the
 * outcome into their own messages.
 */

export interface RunSessionRequest {
  parsed: ParsedRunbook;
  mode: RunMode;
  /** The chosen step for `step` and `fromHere` (RunbookStep.index). */
  stepIndex?: number;
  /** The runbook as records name it: workspace-relative, forward slashes. */
  runbook: string;
  /** Every confirmation answered yes (CI, tests). */
  assumeYes: boolean;
}

export interface RunSessionPorts<R extends StepResult> {
  executor: StepExecutor<R>;
  asker: RunAsker;
  params: ParamSource;
  folders: StepFolders;
  sink: ExecutionSink;
  incident: IncidentLink;
  identity: RunIdentity;
  progress?: RunProgress<R>;
  /** Asks for `export X=placeholder` values; without it the lines run as written. */
  exports?: ExportPrompter;
}

export type RunSessionOutcome<R extends StepResult = StepResult> =
  | { status: 'completed'; plan: RunPlan; runs: StepRun<R>[] }
  /** A single step exited non-zero, or its exit code is unknown. */
  | { status: 'failed' | 'unknown'; plan: RunPlan; runs: StepRun<R>[] }
  /** A multi-step run stopped at `stoppedAt` (position in the plan). */
  | { status: 'stopped'; plan: RunPlan; runs: StepRun<R>[]; stoppedAt: StepRun<R>; position: number }
  /** The plan was declined: nothing ran. */
  | { status: 'declined-plan'; plan: RunPlan; runs: [] }
  /** Params without a value (none listed: the person cancelled): nothing ran. */
  | { status: 'missing-params'; plan: RunPlan; missing: string[]; runs: [] }
  /** Steps that must ask first, with nobody to ask and no assumeYes: nothing ran. */
  | { status: 'needs-confirmation'; plan: RunPlan; steps: RunbookStep[]; runs: [] }
  /** A step was not confirmed: it and later ones did not run. */
  | { status: 'declined-step'; plan: RunPlan; step: RunbookStep; position: number; runs: StepRun<R>[] }
  /** A step could not start (its terminal closed): it was not recorded. */
  | { status: 'not-started'; plan: RunPlan; step: RunbookStep; runs: StepRun<R>[] }
  /** The run cannot happen as asked (no such step, bad params, a cwd outside the repository). */
  | { status: 'refused'; message: string; plan?: RunPlan; runs: StepRun<R>[] };

export async function runSession<R extends StepResult>(request: RunSessionRequest, ports: RunSessionPorts<R>): Promise<RunSessionOutcome<R>> {
  try {
    return await runPlanned(request, ports);
  } finally {
    // Background steps and a shell session end with the run, however it ended.
    await ports.executor.close?.();
  }
}

async function runPlanned<R extends StepResult>(request: RunSessionRequest, ports: RunSessionPorts<R>): Promise<RunSessionOutcome<R>> {
  const planned = planRun(request.parsed, request.mode, request.stepIndex);
  if (!planned.ok) return { status: 'refused', message: planned.error, runs: [] };
  const { plan } = planned;
  ports.progress?.planned?.(plan);
  const multi = plan.mode !== 'step';
  if (multi && !request.assumeYes && ports.asker.interactive && !(await ports.asker.confirmPlan(plan))) {
    return { status: 'declined-plan', plan, runs: [] };
  }

  const declared = request.parsed.frontMatter?.params ?? {};
  const answer = await ports.params.valuesFor({ declared, needed: paramsNeeded(request.parsed, plan.steps) });
  if (!answer.ok) return { status: 'missing-params', plan, missing: answer.missing, runs: [] };
  let env: Record<string, string>;
  try {
    env = paramsAsEnv(answer.values);
  } catch (error) {
    return { status: 'refused', message: messageOf(error), plan, runs: [] };
  }
  const secrets = secretValues(declared, answer.values);

  const asking = plan.steps.filter((step) => confirmationReasons(step).length > 0);
  if (!request.assumeYes && !ports.asker.interactive && asking.length > 0) return { status: 'needs-confirmation', plan, steps: asking, runs: [] };

  // Every step's folder is checked before the first one runs: a bad cwd late in
  // the runbook must not leave a run half done.
  const folders: string[] = [];
  for (const step of plan.steps) {
    try {
      folders.push(await ports.folders.folderFor(step));
    } catch (error) {
      if (!(error instanceof StepCwdError)) throw error;
      return { status: 'refused', message: `Step '${step.name}': ${error.message}`, plan, runs: [] };
    }
  }

  const runs: StepRun<R>[] = [];
  const total = plan.steps.length;
  const stepEnv: Record<string, string> = {};
  for (const [position, step] of plan.steps.entries()) {
    const reasons = confirmationReasons(step);
    if (!request.assumeYes && reasons.length > 0 && !(await ports.asker.confirmStep(step, reasons))) {
      return { status: 'declined-step', plan, step, position, runs };
    }
    const cwd = folders[position] ?? '';
    const answered = await askExports(request, step, ports.exports, stepEnv);
    const toRun = answered.length > 0 ? { ...step, commands: exportsFromEnvironment(step.commands, answered) } : step;
    ports.progress?.stepStarting?.(step, position, total);
    const asked = answered.length > 0 ? { askedEnv: Object.fromEntries(answered.map((a) => [a.name, Object.hasOwn(stepEnv, a.name) ? (stepEnv[a.name] ?? '') : ''])) } : {};
    const result = await ports.executor.execute(toRun, { cwd, env, position, total, ...(Object.keys(stepEnv).length > 0 ? { stepEnv: { ...stepEnv } } : {}), ...asked });
    if (result === undefined) return { status: 'not-started', plan, step, runs };
    const run = { step, result, record: await record(request.runbook, step, result, secrets, ports) };
    runs.push(run);
    ports.progress?.stepFinished?.(run);

    if (result.exitCode === 0) continue;
    if (!multi) return { status: result.exitCode === null ? 'unknown' : 'failed', plan, runs };
    const isLast = position === total - 1;
    if (result.exitCode === null) {
      if (isLast) return { status: 'unknown', plan, runs };
      if (await ports.asker.continueAfterUnknown(step)) continue;
    }
    return { status: 'stopped', plan, runs, stoppedAt: run, position };
  }
  return { status: 'completed', plan, runs };
}

/** Asks for a step's `export X=placeholder` values, unless the runbook or the step says not to. */
async function askExports(request: RunSessionRequest, step: RunbookStep, prompter: ExportPrompter | undefined, stepEnv: Record<string, string>): Promise<PromptedExport[]> {
  const mode = step.attributes.promptEnv ?? 'auto';
  if (!prompter || mode === 'never' || request.parsed.frontMatter?.skipPrompts === true) return [];
  const answered: PromptedExport[] = [];
  for (const prompted of promptedExports(step.commands)) {
    const value = await prompter.valueFor(prompted.name, prompted.placeholder, mode);
    if (value === undefined) continue;
    // An own key even for `export __proto__=x`, which plain assignment would drop.
    Object.defineProperty(stepEnv, prompted.name, { value, enumerable: true, writable: true, configurable: true });
    answered.push(prompted);
  }
  return answered;
}

/** The one place a step's record is made: masked here, then logged and posted as it is. */
async function record<R extends StepResult>(runbook: string, step: RunbookStep, result: R, secrets: string[], ports: RunSessionPorts<R>) {
  const incidentId = ports.incident.currentIncidentId();
  const record = executionRecordFor({
    runId: ports.identity.newRunId(),
    runbook,
    step,
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    exitCode: result.exitCode,
    user: await ports.identity.userName(),
    ...(incidentId !== undefined && incidentId !== '' ? { incidentId } : {}),
    secrets,
  });
  await ports.sink.append(record);
  // Posting does not hold up the next step: the incident link queues while offline.
  if (record.incidentId !== undefined) ports.incident.post?.(record.incidentId, timelineEventFor(record));
  return record;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
