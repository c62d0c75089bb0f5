import * as vscode from 'vscode';
import type { TerminalShell } from '../../core/runbooks/terminalCommand';
import { Disposable } from '../platform/dispose';

export interface BackgroundRequest {
  /** Identifies the runbook (its URI). */
  runbookKey: string;
  title: string;
  /** The step's name: unique in its runbook, and what the terminal is called after. */
  stepName: string;
  /** Absolute folder, already checked against the workspace. */
  cwd: string;
  shell: TerminalShell;
  /** Params and the values asked so far in the run, as environment variables. */
  env: Readonly<Record<string, string>>;
}

/** One background step as it runs: `stopped` says the person ended it (Stop, or running it again). */
export interface BackgroundStep {
  readonly terminal: vscode.Terminal;
  readonly stopped: boolean;
}

interface Running {
  terminal: vscode.Terminal;
  stopped: boolean;
}

/**
 * `background=true` steps in the editor: each in a terminal of its own, named after
 * the runbook and the step, so Run all goes on while it runs (a server, a
 * port-forward). It runs until the person stops it — the Stop CodeLens, or closing
 * its terminal — and running the step again stops the one before, so two copies
 * never fight over a port. Its environment is set at creation (params, asked
 * values), never typed.
 */
export class BackgroundSteps extends Disposable {
  private readonly running = new Map<string, Running>();

  constructor() {
    super();
    this._register(vscode.window.onDidCloseTerminal((terminal) => this.forget(terminal)));
  }

  /** A fresh terminal for the step, after stopping the step's previous one. */
  start(request: BackgroundRequest): BackgroundStep {
    const key = keyOf(request.runbookKey, request.stepName);
    this.stop(request.runbookKey, request.stepName);
    const terminal = vscode.window.createTerminal({
      shellPath: request.shell,
      name: `Runbook: ${request.title} — ${request.stepName}`,
      cwd: request.cwd,
      env: { ...request.env },
      iconPath: new vscode.ThemeIcon('radio-tower'),
      // Not restored after a reload, for the same reason as the runbook's own terminal: its environment may hold secrets.
      isTransient: true,
    });
    const entry: Running = { terminal, stopped: false };
    this.running.set(key, entry);
    return entry;
  }

  /** Stops the step's background run by closing its terminal (which ends what runs in it); false when none runs. */
  stop(runbookKey: string, stepName: string): boolean {
    const key = keyOf(runbookKey, stepName);
    const entry = this.running.get(key);
    if (!entry) return false;
    this.running.delete(key);
    entry.stopped = true;
    entry.terminal.dispose();
    return true;
  }

  isRunning(runbookKey: string, stepName: string): boolean {
    return this.running.has(keyOf(runbookKey, stepName));
  }

  override dispose(): void {
    for (const entry of this.running.values()) {
      entry.stopped = true;
      entry.terminal.dispose();
    }
    this.running.clear();
    super.dispose();
  }

  private forget(terminal: vscode.Terminal): void {
    for (const [key, entry] of this.running) {
      if (entry.terminal !== terminal) continue;
      this.running.delete(key);
      // Closing its terminal is how a person stops it too; a shell that exited by itself is not "stopped".
      if (terminal.exitStatus?.reason === vscode.TerminalExitReason.User) entry.stopped = true;
    }
  }
}

function keyOf(runbookKey: string, stepName: string): string {
  return `${runbookKey}\n${stepName}`;
}
