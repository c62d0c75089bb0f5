import * as vscode from 'vscode';
import { applyLineEdit, resultForStep, type ShownResult, type StepOutcome } from '../../core/runbooks/runResults';
import type { RunbookStep } from '../../core/runbooks/types';
import { Disposable } from '../platform/dispose';

export interface StoredResult extends ShownResult {
  /** Identifies one run, so its result lands where its step has moved to meanwhile. */
  runId: number;
  /** True while the step runs; exitCode and duration are not known yet. */
  running: boolean;
  /** A `background=true` step: running means "running in background", in a terminal of its own. */
  background?: boolean;
  /** The person stopped it (a background step): its exit code says how, not whether it worked. */
  stopped?: boolean;
}

type StepRef = Pick<RunbookStep, 'range' | 'commands'>;

/**
 * The last result of each step of each runbook, shown by CodeLens and decorations.
 * Results follow edits above their step and disappear when their step's lines
 * change or the user resets. Memory only: a reload starts clean.
 */
export class StepResults extends Disposable {
  private readonly byUri = new Map<string, StoredResult[]>();
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private nextRunId = 1;

  constructor() {
    super();
    this._register(vscode.workspace.onDidChangeTextDocument((event) => this.followEdits(event)));
  }

  all(uri: vscode.Uri): readonly StoredResult[] {
    return this.byUri.get(uri.toString()) ?? [];
  }

  forStep(uri: vscode.Uri, step: StepRef): StoredResult | undefined {
    return resultForStep(this.all(uri), step);
  }

  /** Marks the step as running (replacing its previous result); returns the run's id. */
  start(uri: vscode.Uri, step: StepRef, options: { background?: boolean } = {}): number {
    const runId = this.nextRunId++;
    const others = this.all(uri).filter((r) => r.range.startLine !== step.range.startLine);
    const background = options.background === true ? { background: true } : {};
    this.replace(uri, [...others, { runId, range: { ...step.range }, commands: step.commands, exitCode: null, durationMs: 0, running: true, ...background }]);
    return runId;
  }

  /** The run's result, at wherever its step is now; nothing when its step was edited meanwhile. */
  finish(uri: vscode.Uri, runId: number, outcome: StepOutcome & { stopped?: boolean }): void {
    const current = this.all(uri);
    if (!current.some((r) => r.runId === runId)) return;
    this.replace(uri, current.map((r) => (r.runId === runId ? { ...r, ...outcome, running: false } : r)));
  }

  /** Drops a run that never got a result (refused, or failed to start). */
  discard(uri: vscode.Uri, runId: number): void {
    const current = this.all(uri);
    if (current.some((r) => r.runId === runId)) this.replace(uri, current.filter((r) => r.runId !== runId));
  }

  reset(uri: vscode.Uri): void {
    if (this.byUri.delete(uri.toString())) this.changed.fire(uri);
  }

  private replace(uri: vscode.Uri, results: StoredResult[]): void {
    if (results.length === 0) this.byUri.delete(uri.toString());
    else this.byUri.set(uri.toString(), results);
    this.changed.fire(uri);
  }

  private followEdits(event: vscode.TextDocumentChangeEvent): void {
    const before = this.byUri.get(event.document.uri.toString());
    if (!before || event.contentChanges.length === 0) return;
    let results = before;
    for (const change of event.contentChanges) {
      results = applyLineEdit(results, {
        startLine: change.range.start.line,
        endLine: change.range.end.line,
        insertedLineBreaks: countLineBreaks(change.text),
      });
    }
    if (results.length !== before.length || results.some((r, i) => r !== before[i])) this.replace(event.document.uri, results);
  }
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
