import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { confirmationReasons } from '../../core/runbooks/danger';
import { paramsAsEnv, secretValues } from '../../core/runbooks/params';
import { stepAtLine } from '../../core/runbooks/parse';
import { executionRecordFor, timelineEventFor } from '../../core/runbooks/runRecord';
import { terminalCommandLine, terminalShellFor } from '../../core/runbooks/terminalCommand';
import { describePlan, planRun, type RunMode, type RunPlan } from '../../core/runbooks/runPlan';
import type { ParsedRunbook, RunbookStep } from '../../core/runbooks/types';
import { resolveStepCwd, StepCwdError } from '../../runbooks/workspace';
import { requireWorkspaceTrust } from '../platform/trust';
import type { IncidentRecorder, UserName } from '../shared/incidentServices';
import type { ExecutionLog } from './executionLog';
import { askForParams } from './paramPrompt';
import type { RunArguments } from './runArguments';
import type { RunbookDocuments } from './runbookDocuments';
import type { RunbookIndex } from './runbookIndex';
import type { RunbookTerminals } from './runbookTerminals';
import type { StepResults } from './stepResults';
import { runInTerminal, TerminalClosedError } from './terminalExecution';

export interface StepRunSummary {
  stepIndex: number;
  name: string;
  line: number;
  exitCode: number | null;
  durationMs: number;
}

/** What a run command returns (tests and callers read it; the user sees messages and CodeLens). */
export interface RunOutcome {
  /** `unknown`: the (last) step ran but its exit code could not be observed. */
  status: 'completed' | 'failed' | 'unknown' | 'stopped' | 'cancelled' | 'refused' | 'untrusted' | 'busy';
  message?: string;
  steps: StepRunSummary[];
  /** The step a multi-step run stopped at (non-zero or unknown exit). */
  stoppedAt?: StepRunSummary;
  /** The execution log the records went to. */
  executionLog: string;
}

export interface RunnerDeps {
  index: RunbookIndex;
  documents: RunbookDocuments;
  results: StepResults;
  terminals: RunbookTerminals;
  executionLog: ExecutionLog;
  recorder: IncidentRecorder;
  userName: UserName;
  log: vscode.LogOutputChannel;
  /** Whether `assumeYes` may skip confirmations: only for tests and development, never for a published build. */
  allowAssumeYes: boolean;
}

/**
 * Runs runbook steps in the runbook's terminal: checks trust (inside the command,
 * before anything starts), plans the run, asks once for a multi-step run and again
 * for each destructive step with its full command, asks for params once per
 * terminal, runs each step, shows and records the result, and stops a multi-step
 * run at the first step that did not exit 0.
 */
export class RunbookRunner {
  private readonly busy = new Set<string>();

  constructor(private readonly deps: RunnerDeps) {}

  async run(mode: RunMode, args: RunArguments): Promise<RunOutcome> {
    const outcome = (status: RunOutcome['status'], message?: string, steps: StepRunSummary[] = []): RunOutcome => ({
      status,
      ...(message === undefined ? {} : { message }),
      steps,
      executionLog: this.deps.executionLog.uri.toString(),
    });
    // Inside the handler: a keybinding or another extension can call this command whatever the `when` clauses say.
    if (!(await requireWorkspaceTrust('Running runbook steps'))) return outcome('untrusted', 'The workspace is not trusted; nothing was run.');

    const uri = args.uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri) return this.refuse(outcome, 'Open a runbook to run its steps.');
    let document: vscode.TextDocument;
    try {
      document = await this.deps.documents.open(uri);
    } catch (error) {
      return this.refuse(outcome, `Could not open ${uri.fsPath}: ${messageOf(error)}`);
    }
    if (!this.deps.documents.isRunbook(document)) {
      return this.refuse(outcome, `${this.deps.index.displayPath(uri)} is not a runbook: it is not under incidentDesk.runbooks.globs and has no runbook front matter.`);
    }
    const parsed = this.deps.documents.parse(document);
    const stepIndex = mode === 'all' ? undefined : (args.stepIndex ?? this.stepAtCursor(document, parsed, args.line));
    if (mode !== 'all' && stepIndex === undefined) return this.refuse(outcome, 'Put the cursor in a step (a fenced shell block) or use the Run buttons above each step.');
    const planned = planRun(parsed, mode, stepIndex);
    if (!planned.ok) return this.refuse(outcome, planned.error);

    const key = uri.toString();
    if (this.busy.has(key)) return this.refuse(outcome, 'A step of this runbook is still running; wait for it or interrupt it (Ctrl-C in its terminal).', 'busy');
    this.busy.add(key);
    try {
      return await this.runPlan(document, parsed, planned.plan, args, outcome);
    } finally {
      this.busy.delete(key);
    }
  }

  private async runPlan(
    document: vscode.TextDocument,
    parsed: ParsedRunbook,
    plan: RunPlan,
    args: RunArguments,
    outcome: (status: RunOutcome['status'], message?: string, steps?: StepRunSummary[]) => RunOutcome,
  ): Promise<RunOutcome> {
    const assumeYes = args.assumeYes === true && this.deps.allowAssumeYes;
    if (args.assumeYes === true && !this.deps.allowAssumeYes) this.deps.log.warn('Runbooks: assumeYes is ignored outside tests and development; confirmations are still asked.');
    const uri = document.uri;
    const title = parsed.frontMatter?.title?.trim() || path.posix.basename(uri.path);
    const multi = plan.mode !== 'step';

    if (multi && !assumeYes) {
      const go = `Run ${plan.steps.length} Step${plan.steps.length === 1 ? '' : 's'}`;
      const choice = await vscode.window.showWarningMessage(
        `${plan.mode === 'all' ? 'Run all steps' : `Run from step '${plan.steps[0]?.name ?? ''}'`} of “${title}”? The run stops at the first step that does not exit 0.`,
        { modal: true, detail: describePlan(plan) },
        go,
      );
      if (choice !== go) return outcome('cancelled', 'Nothing was run.');
    }

    const params = await this.params(uri, title, parsed, args.params);
    if (!params) return outcome('cancelled', 'No params were given; nothing was run.');
    let env: Record<string, string>;
    try {
      env = paramsAsEnv(params);
    } catch (error) {
      return this.refuse(outcome, messageOf(error));
    }
    const secrets = secretValues(parsed.frontMatter?.params ?? {}, params);
    const folder = this.workspaceRootFor(uri);
    if (!folder) return this.refuse(outcome, 'Open the workspace folder that holds this runbook: steps run inside a workspace folder.');

    const done: StepRunSummary[] = [];
    for (const [position, step] of plan.steps.entries()) {
      if (!assumeYes && !(await this.confirmDestructive(step, title))) {
        return outcome('cancelled', `Step '${step.name}' was not run${position > 0 ? `; ${position} earlier step(s) ran` : ''}.`, done);
      }
      let cwd: string;
      try {
        cwd = await resolveStepCwd(this.baseFileFor(uri, folder), folder, step.attributes.cwd);
      } catch (error) {
        const message = error instanceof StepCwdError ? `Step '${step.name}': ${error.message}` : `Step '${step.name}': ${messageOf(error)}`;
        return this.refuse(outcome, message, 'refused', done);
      }
      const summary = await this.runStep(document, title, step, { cwd, folder, env, secrets, position, total: plan.steps.length });
      if (!summary) return this.refuse(outcome, `Step '${step.name}' could not start: its terminal closed.`, 'refused', done);
      done.push(summary);
      if (summary.exitCode === 0) continue;
      if (!multi) return outcome(summary.exitCode === null ? 'unknown' : 'failed', undefined, done);
      const isLast = position === plan.steps.length - 1;
      if (summary.exitCode === null) {
        if (isLast) return outcome('unknown', undefined, done);
        if (assumeYes || (await this.continueAfterUnknown(step))) continue;
      }
      const where = `step ${position + 1} of ${plan.steps.length}, '${step.name}' (line ${summary.line + 1})`;
      const why = summary.exitCode === null ? 'its exit code could not be observed' : `exit ${summary.exitCode}`;
      const message = `Runbook “${title}” stopped at ${where}: ${why}.${isLast ? '' : ' Later steps did not run.'}`;
      this.showStop(message, document, summary.line);
      return { ...outcome('stopped', message, done), stoppedAt: summary };
    }
    if (multi) void vscode.window.showInformationMessage(`Runbook “${title}”: ${done.length} step(s) ran${done.every((s) => s.exitCode === 0) ? ', all exited 0' : ''}.`);
    return outcome('completed', undefined, done);
  }

  private async runStep(
    document: vscode.TextDocument,
    title: string,
    step: RunbookStep,
    context: { cwd: string; folder: string; env: Record<string, string>; secrets: string[]; position: number; total: number },
  ): Promise<StepRunSummary | undefined> {
    const uri = document.uri;
    const shell = terminalShellFor(step.language);
    const relativeCwd = path.relative(path.dirname(this.baseFileFor(uri, context.folder)), context.cwd);
    const { terminal } = this.deps.terminals.terminalFor({
      runbookKey: uri.toString(),
      title,
      cwd: context.cwd,
      ...(relativeCwd !== '' ? { cwdLabel: relativeCwd.split(path.sep).join('/') } : {}),
      shell,
      env: context.env,
    });
    terminal.show(true);
    const runId = this.deps.results.start(uri, step);
    // Names only: param values never reach the log.
    this.deps.log.info(`Runbooks: running step '${step.name}' of ${this.deps.index.displayPath(uri)} in terminal '${terminal.name}'.`);
    let result;
    try {
      result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `${title}: step ${context.position + 1}/${context.total} '${step.name}'`,
          cancellable: true,
        },
        (progress, token) => {
          progress.report({ message: 'running in the terminal… (Cancel sends Ctrl-C)' });
          return runInTerminal(terminal, terminalCommandLine(step.commands, shell), {
            token,
            ...(step.attributes.timeout !== undefined ? { timeoutSeconds: step.attributes.timeout, onTimeout: () => this.offerInterrupt(step) } : {}),
          });
        },
      );
    } catch (error) {
      this.deps.results.discard(uri, runId);
      if (error instanceof TerminalClosedError) return undefined;
      throw error;
    }
    if (!result.observed) {
      void vscode.window.showWarningMessage(
        `Step '${step.name}' was sent to the terminal without shell integration, so its exit code is unknown. Check the terminal for the result.`,
      );
    }
    this.deps.results.finish(uri, runId, result);
    await this.record(uri, step, result, context.secrets);
    return { stepIndex: step.index, name: step.name, line: step.range.startLine, exitCode: result.exitCode, durationMs: result.durationMs };
  }

  private async record(uri: vscode.Uri, step: RunbookStep, result: { exitCode: number | null; startedAt: Date; durationMs: number }, secrets: string[]): Promise<void> {
    const incidentId = this.deps.recorder.currentIncidentId;
    const record = executionRecordFor({
      runId: randomUUID(),
      runbook: this.deps.index.displayPath(uri),
      step,
      startedAt: result.startedAt,
      durationMs: result.durationMs,
      exitCode: result.exitCode,
      user: await this.deps.userName(),
      ...(incidentId !== undefined ? { incidentId } : {}),
      secrets,
    });
    try {
      await this.deps.executionLog.append(record);
    } catch (error) {
      this.deps.log.error(`Runbooks: could not append to the execution log ${this.deps.executionLog.uri.fsPath}: ${messageOf(error)}`);
      void vscode.window.showErrorMessage(`Incident Desk could not record the run of step '${step.name}' in its execution log: ${messageOf(error)}`);
    }
    if (incidentId !== undefined) {
      // The recorder queues while offline; the next step need not wait for the network.
      this.deps.recorder.recordEvent(incidentId, timelineEventFor(record)).then(
        (how) => this.deps.log.info(`Runbooks: step '${step.name}' ${how === 'sent' ? 'posted to' : 'queued for'} the timeline of ${incidentId}.`),
        (error: unknown) => this.deps.log.error(`Runbooks: could not add step '${step.name}' to the timeline of ${incidentId}: ${messageOf(error)}`),
      );
    }
  }

  /** Values for every declared param: given ones, then those this runbook's terminal already has, then asked. */
  private async params(uri: vscode.Uri, title: string, parsed: ParsedRunbook, given: Record<string, string> | undefined): Promise<Record<string, string> | undefined> {
    const declared = parsed.frontMatter?.params ?? {};
    const known: Record<string, string> = {};
    const previous = this.deps.terminals.paramsFor(uri.toString()) ?? {};
    for (const name of Object.keys(declared)) {
      if (given && Object.hasOwn(given, name)) known[name] = given[name] ?? '';
      else if (Object.hasOwn(previous, name)) known[name] = previous[name] ?? '';
    }
    const undeclared = Object.keys(given ?? {}).filter((name) => !Object.hasOwn(declared, name));
    if (undeclared.length > 0) this.deps.log.warn(`Runbooks: ignoring params not declared in the runbook's front matter: ${undeclared.join(', ')}.`);
    return askForParams(title, declared, known);
  }

  private async confirmDestructive(step: RunbookStep, title: string): Promise<boolean> {
    const reasons = confirmationReasons(step);
    if (reasons.length === 0) return true;
    const run = 'Run';
    const choice = await vscode.window.showWarningMessage(
      `Run step '${step.name}' of “${title}”? It asks first because: ${reasons.join('; ')}. The full command:`,
      { modal: true, detail: step.commands },
      run,
    );
    return choice === run;
  }

  private async continueAfterUnknown(step: RunbookStep): Promise<boolean> {
    const go = 'Continue';
    const choice = await vscode.window.showWarningMessage(
      `The exit code of step '${step.name}' is unknown (no shell integration). Check its terminal: continue with the next step?`,
      { modal: true },
      go,
    );
    return choice === go;
  }

  private async offerInterrupt(step: RunbookStep): Promise<boolean> {
    const interrupt = 'Interrupt (Ctrl-C)';
    const choice = await vscode.window.showWarningMessage(
      `Step '${step.name}' is still running after its timeout of ${step.attributes.timeout ?? 0} s.`,
      interrupt,
      'Keep Waiting',
    );
    return choice === interrupt;
  }

  private showStop(message: string, document: vscode.TextDocument, line: number): void {
    const show = 'Go to Step';
    void vscode.window.showErrorMessage(message, show).then(async (choice) => {
      if (choice !== show) return;
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(line, 0, line, 0);
      editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    });
  }

  private refuse(
    outcome: (status: RunOutcome['status'], message?: string, steps?: StepRunSummary[]) => RunOutcome,
    message: string,
    status: RunOutcome['status'] = 'refused',
    steps: StepRunSummary[] = [],
  ): RunOutcome {
    this.deps.log.warn(`Runbooks: ${message}`);
    void vscode.window.showErrorMessage(message);
    return outcome(status, message, steps);
  }

  private stepAtCursor(document: vscode.TextDocument, parsed: ParsedRunbook, line: number | undefined): number | undefined {
    const editor = vscode.window.activeTextEditor;
    const at = line ?? (editor && editor.document.uri.toString() === document.uri.toString() ? editor.selection.active.line : undefined);
    return at === undefined ? undefined : stepAtLine(parsed, at)?.index;
  }

  /** Steps of a workspace runbook run inside its workspace folder; shipped or stray ones in the first folder. */
  private workspaceRootFor(uri: vscode.Uri): string | undefined {
    const own = this.deps.index.isShipped(uri) ? undefined : vscode.workspace.getWorkspaceFolder(uri);
    const folder = own ?? vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  }

  /** The file whose folder a step's `cwd` is relative to: the runbook itself, or the workspace root for shipped and unsaved ones. */
  private baseFileFor(uri: vscode.Uri, folder: string): string {
    const inWorkspace = uri.scheme === 'file' && !this.deps.index.isShipped(uri) && vscode.workspace.getWorkspaceFolder(uri) !== undefined;
    return inWorkspace ? uri.fsPath : path.join(folder, 'runbook.md');
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
