import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeFileSystem } from '../../app/node/nodeFileSystem';
import type { StepRun } from '../../app/runbooks/ports';
import { runSession } from '../../app/runbooks/runSession';
import { stepFoldersFor } from '../../app/runbooks/stepFolders';
import { stepAtLine } from '../../core/runbooks/parse';
import type { RunMode } from '../../core/runbooks/runPlan';
import type { ParsedRunbook } from '../../core/runbooks/types';
import { requireWorkspaceTrust } from '../platform/trust';
import type { IncidentRecorder, UserName } from '../shared/incidentServices';
import type { BackgroundSteps } from './backgroundSteps';
import { editorExportPrompter } from './editorExports';
import { editorParamSource } from './editorParamSource';
import type { ExecutionLog } from './executionLog';
import { modalAsker } from './modalAsker';
import type { RunArguments } from './runArguments';
import type { RunbookDocuments } from './runbookDocuments';
import type { RunbookIndex } from './runbookIndex';
import type { RunbookTerminals } from './runbookTerminals';
import type { StepScripts } from './stepScripts';
import { editorExecutionSink, editorIncidentLink } from './runRecording';
import type { StepResults } from './stepResults';
import { terminalExecutor } from './terminalExecutor';
import { errorText } from '../platform/errorText';

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
  /** `background=true` steps, each in a terminal of its own. */
  background: BackgroundSteps;
  scripts: StepScripts;
  executionLog: ExecutionLog;
  recorder: IncidentRecorder;
  userName: UserName;
  log: vscode.LogOutputChannel;
  /** Whether `assumeYes` may skip confirmations: only for tests and development, never for a published build. */
  allowAssumeYes: boolean;
}

/**
 * The editor's front end of the run session (src/app/runbooks/runSession.ts):
 * checks trust (inside the command, before anything starts), finds the runbook and
 * the step, keeps one run per runbook at a time, supplies the session's ports
 * (terminal, modal dialogs, input boxes, execution log, current incident) and
 * turns its outcome into messages and the RunOutcome commands return.
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
      return this.refuse(outcome, `Could not open ${uri.fsPath}: ${errorText(error)}`);
    }
    if (!this.deps.documents.isRunbook(document)) {
      return this.refuse(outcome, `${this.deps.index.displayPath(uri)} is not a runbook: it is not under incidentDesk.runbooks.globs and has no runbook front matter.`);
    }
    const parsed = this.deps.documents.parse(document);
    const stepIndex = mode === 'all' ? undefined : (args.stepIndex ?? (args.firstStep === true && args.line === undefined ? parsed.steps.find((step) => step.runnable)?.index : this.stepAtCursor(document, parsed, args.line)));
    if (mode !== 'all' && stepIndex === undefined) return this.refuse(outcome, 'Put the cursor in a step (a fenced shell block) or use the Run buttons above each step.');
    // Run from an incident's row: the step is likely off-screen, and its result shows on it.
    if (args.firstStep === true && stepIndex !== undefined) this.revealStep(document, parsed, stepIndex);
    const key = uri.toString();
    if (this.busy.has(key)) return this.refuse(outcome, 'A step of this runbook is still running; wait for it or interrupt it (Ctrl-C in its terminal).', 'busy');
    this.busy.add(key);
    try {
      return await this.runPlan(document, parsed, mode, stepIndex, args, outcome);
    } finally {
      this.busy.delete(key);
    }
  }

  private async runPlan(
    document: vscode.TextDocument,
    parsed: ParsedRunbook,
    mode: RunMode,
    stepIndex: number | undefined,
    args: RunArguments,
    outcome: (status: RunOutcome['status'], message?: string, steps?: StepRunSummary[]) => RunOutcome,
  ): Promise<RunOutcome> {
    const assumeYes = args.assumeYes === true && this.deps.allowAssumeYes;
    if (args.assumeYes === true && !this.deps.allowAssumeYes) this.deps.log.warn('Runbooks: assumeYes is ignored outside tests and development; confirmations are still asked.');
    const uri = document.uri;
    const title = parsed.frontMatter?.title?.trim() || path.posix.basename(uri.path);
    const folder = this.workspaceRootFor(uri);
    if (!folder) return this.refuse(outcome, 'Open the workspace folder that holds this runbook: steps run inside a workspace folder.');
    const baseFile = this.baseFileFor(uri, folder);
    const shownPath = this.deps.index.displayPath(uri);

    const session = await runSession(
      { parsed, mode, ...(stepIndex !== undefined ? { stepIndex } : {}), runbook: shownPath, assumeYes },
      {
        executor: terminalExecutor(this.deps, { uri, title, shownPath, baseFile }),
        asker: modalAsker(title, assumeYes),
        params: editorParamSource(title, args.params, this.deps.terminals.paramsFor(uri.toString()) ?? {}, this.deps.log),
        folders: stepFoldersFor(nodeFileSystem, baseFile, folder),
        sink: editorExecutionSink(this.deps.executionLog, this.deps.log),
        incident: editorIncidentLink(this.deps.recorder, this.deps.log),
        identity: { userName: this.deps.userName, newRunId: randomUUID },
        exports: editorExportPrompter(title, args.exports),
      },
    );
    const done = session.runs.map(summaryOf);
    const multi = mode !== 'step';
    switch (session.status) {
      case 'completed':
        if (multi) void vscode.window.showInformationMessage(`Runbook “${title}”: ${done.length} step(s) ran${done.every((s) => s.exitCode === 0) ? ', all exited 0' : ''}.`);
        return outcome('completed', undefined, done);
      case 'failed':
      case 'unknown':
        return outcome(session.status, undefined, done);
      case 'stopped': {
        const stoppedAt = summaryOf(session.stoppedAt);
        const total = session.plan.steps.length;
        const isLast = session.position === total - 1;
        const where = `step ${session.position + 1} of ${total}, '${stoppedAt.name}' (line ${stoppedAt.line + 1})`;
        const why = stoppedAt.exitCode === null ? 'its exit code could not be observed' : `exit ${stoppedAt.exitCode}`;
        const message = `Runbook “${title}” stopped at ${where}: ${why}.${isLast ? '' : ' Later steps did not run.'}`;
        this.showStop(message, document, stoppedAt.line);
        return { ...outcome('stopped', message, done), stoppedAt };
      }
      case 'declined-plan':
        return outcome('cancelled', 'Nothing was run.');
      case 'missing-params':
        return outcome('cancelled', 'No params were given; nothing was run.');
      case 'declined-step':
        return outcome('cancelled', `Step '${session.step.name}' was not run${session.position > 0 ? `; ${session.position} earlier step(s) ran` : ''}.`, done);
      case 'not-started':
        return this.refuse(outcome, `Step '${session.step.name}' could not start: its terminal closed.`, 'refused', done);
      case 'needs-confirmation':
        return this.refuse(outcome, `Steps ${session.steps.map((s) => `'${s.name}'`).join(', ')} need confirmation, and nobody can be asked.`);
      case 'refused':
        return this.refuse(outcome, session.message, 'refused', done);
    }
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

  private revealStep(document: vscode.TextDocument, parsed: ParsedRunbook, stepIndex: number): void {
    const line = parsed.steps.find((step) => step.index === stepIndex)?.range.startLine;
    const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === document.uri.toString());
    if (line === undefined || !editor) return;
    editor.selection = new vscode.Selection(line, 0, line, 0);
    editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
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

function summaryOf(run: StepRun): StepRunSummary {
  return { stepIndex: run.step.index, name: run.step.name, line: run.step.range.startLine, exitCode: run.result.exitCode, durationMs: run.result.durationMs };
}
