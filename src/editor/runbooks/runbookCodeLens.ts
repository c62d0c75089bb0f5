import * as vscode from 'vscode';
import { formatRunDuration, formatStepResult } from '../../core/runbooks/runResults';
import { CommandIds } from '../commandIds';
import { Disposable } from '../platform/dispose';
import type { RunbookDocuments } from './runbookDocuments';
import type { StepResults } from './stepResults';

export const TRUST_LENS_TITLE = '$(shield) Trust workspace to run';

/**
 * Run / Run from here on each step, Run all / Reset at the top, and each step's
 * last result. In an untrusted workspace the only lens is the way to trust it:
 * run buttons that would refuse anyway are noise.
 */
export class RunbookCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly documents: RunbookDocuments,
    private readonly results: StepResults,
    private readonly isTrusted: () => boolean = () => vscode.workspace.isTrusted,
  ) {
    super();
    this._register(results.onDidChange(() => this.changed.fire()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()));
  }

  /** Asks VS Code for fresh lenses (a changed glob can make a file a runbook). */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.documents.isRunbook(document)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    if (!this.isTrusted()) return [new vscode.CodeLens(top, { title: TRUST_LENS_TITLE, command: 'workbench.trust.manage', tooltip: 'Runbook steps run only in a trusted workspace.' })];

    const parsed = this.documents.parse(document);
    const uri = document.uri;
    const lenses: vscode.CodeLens[] = [
      new vscode.CodeLens(top, { title: '$(run-all) Run all', command: CommandIds.runAll, arguments: [{ uri }], tooltip: 'Run every step, stopping at the first failure' }),
      new vscode.CodeLens(top, { title: '$(clear-all) Reset', command: CommandIds.resetRunbook, arguments: [{ uri }], tooltip: 'Clear the results shown in this runbook' }),
    ];
    for (const step of parsed.steps) {
      if (!step.runnable || !step.closed || step.commands.trim() === '') continue;
      const range = new vscode.Range(step.range.startLine, 0, step.range.startLine, 0);
      const args = [{ uri, stepIndex: step.index }];
      lenses.push(
        new vscode.CodeLens(range, { title: '$(play) Run', command: CommandIds.runStep, arguments: args, tooltip: `Run step '${step.name}' in the runbook's terminal` }),
        new vscode.CodeLens(range, { title: '$(run-below) Run from here', command: CommandIds.runFromHere, arguments: args, tooltip: 'Run this step and the ones after it' }),
      );
      const result = this.results.forStep(uri, step);
      if (result?.running === true && result.background === true) {
        lenses.push(
          new vscode.CodeLens(range, { title: '$(radio-tower) running in background', command: '', tooltip: 'Started in a terminal of its own; Run all went on without waiting for it.' }),
          new vscode.CodeLens(range, { title: '$(debug-stop) Stop', command: CommandIds.stopBackgroundStep, arguments: args, tooltip: `Stop background step '${step.name}' (closes its terminal)` }),
        );
      } else if (result?.stopped === true) {
        lenses.push(new vscode.CodeLens(range, { title: `$(debug-stop) stopped · ${formatRunDuration(result.durationMs)}`, command: '', tooltip: 'This background step was stopped.' }));
      } else if (result) {
        const title = result.running ? '$(sync~spin) running…' : formatStepResult(result);
        // An empty command id makes a CodeLens plain text.
        lenses.push(new vscode.CodeLens(range, { title, command: '', tooltip: result.exitCode === null && !result.running ? 'The exit code could not be observed (no shell integration in this terminal).' : '' }));
      }
    }
    return lenses;
  }
}
