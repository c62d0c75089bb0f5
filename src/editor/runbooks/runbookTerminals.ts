import * as vscode from 'vscode';
import type { TerminalShell } from '../../core/runbooks/terminalCommand';
import { Disposable } from '../platform/dispose';

export interface TerminalRequest {
  /** Identifies the runbook (its URI). */
  runbookKey: string;
  title: string;
  /** Absolute folder the terminal starts in, already checked against the workspace. */
  cwd: string;
  /** Shown after the title when the step runs somewhere other than the runbook's folder. */
  cwdLabel?: string;
  shell: TerminalShell;
  /** The params, handed to the shell as environment variables. */
  env: Readonly<Record<string, string>>;
}

interface Owned {
  terminal: vscode.Terminal;
  runbookKey: string;
  env: Readonly<Record<string, string>>;
}

/**
 * One terminal per runbook, reused, named after it. Params live here, in memory,
 * for as long as one of the runbook's terminals is open ("asked once per runbook
 * per terminal"); they reach the shell only through `createTerminal({ env })`,
 * which is fixed at creation, so different values mean a new terminal.
 *
 * A step with a `cwd` attribute gets a sibling terminal started in that folder
 * (and a zsh or pwsh step one running that shell): the folder is given to VS Code,
 * never typed into a shell, so attribute text cannot become shell input.
 */
export class RunbookTerminals extends Disposable {
  private readonly terminalsByKey = new Map<string, Owned>();
  private readonly params = new Map<string, Readonly<Record<string, string>>>();

  constructor() {
    super();
    this._register(vscode.window.onDidCloseTerminal((terminal) => this.forget(terminal)));
  }

  /** The params this runbook's open terminals were given, if any is open. */
  paramsFor(runbookKey: string): Readonly<Record<string, string>> | undefined {
    return this.params.get(runbookKey);
  }

  /** The runbook's terminal for this folder and shell, created (or recreated with new params) when needed. */
  terminalFor(request: TerminalRequest): { terminal: vscode.Terminal; created: boolean } {
    this.params.set(request.runbookKey, { ...request.env });
    const key = `${request.runbookKey}\n${request.cwd}\n${request.shell}`;
    const existing = this.terminalsByKey.get(key);
    if (existing && existing.terminal.exitStatus === undefined && sameEnv(existing.env, request.env)) {
      return { terminal: existing.terminal, created: false };
    }
    if (existing) {
      this.terminalsByKey.delete(key);
      existing.terminal.dispose();
    }
    const options: vscode.TerminalOptions = {
      // The step's own shell (one with shell integration), whatever the default profile is.
      shellPath: request.shell,
      name: terminalName(request),
      cwd: request.cwd,
      env: { ...request.env },
      iconPath: new vscode.ThemeIcon('book'),
      // Not restored after a reload: its environment may hold secret params, and a
      // restored shell would keep them without anyone having been asked.
      isTransient: true,
    };
    const terminal = vscode.window.createTerminal(options);
    this.terminalsByKey.set(key, { terminal, runbookKey: request.runbookKey, env: { ...request.env } });
    return { terminal, created: true };
  }

  /** Terminals this runbook has open now (for tests and "show terminal"). */
  terminalsOf(runbookKey: string): vscode.Terminal[] {
    return [...this.terminalsByKey.values()].filter((o) => o.runbookKey === runbookKey).map((o) => o.terminal);
  }

  override dispose(): void {
    this.params.clear();
    this.terminalsByKey.clear();
    super.dispose();
  }

  private forget(terminal: vscode.Terminal): void {
    for (const [key, owned] of this.terminalsByKey) {
      if (owned.terminal !== terminal) continue;
      this.terminalsByKey.delete(key);
      if (![...this.terminalsByKey.values()].some((o) => o.runbookKey === owned.runbookKey)) this.params.delete(owned.runbookKey);
    }
  }
}

function terminalName(request: TerminalRequest): string {
  const suffix = [request.cwdLabel ? `in ${request.cwdLabel}` : '', request.shell !== 'bash' ? request.shell : ''].filter((s) => s !== '').join(', ');
  return `Runbook: ${request.title}${suffix ? ` (${suffix})` : ''}`;
}

function sameEnv(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
