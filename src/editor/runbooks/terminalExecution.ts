import * as vscode from 'vscode';

/** How long a terminal gets to report shell integration before the step is sent as plain text. */
export const SHELL_INTEGRATION_WAIT_MS = 8_000;
/** After Ctrl-C, how long to wait for the shell to report the end before giving up on the exit code. */
const INTERRUPT_GRACE_MS = 3_000;
const CTRL_C = '\u0003';

export interface TerminalStepResult {
  /** null when it could not be observed: no shell integration, or interrupted without a report. */
  exitCode: number | null;
  startedAt: Date;
  durationMs: number;
  /** False when the step went out with `sendText` because shell integration never appeared. */
  observed: boolean;
}

export interface TerminalStepOptions {
  shellIntegrationWaitMs?: number;
  /** The step's `timeout` attribute, in seconds. */
  timeoutSeconds?: number;
  /** Called once when the timeout passes; resolves true to interrupt the step. */
  onTimeout?: () => Thenable<boolean>;
  /** Cancelling interrupts the step (Ctrl-C). */
  token?: vscode.CancellationToken;
  /** Called when the shell reports that the command started (for timing). */
  onStarted?: () => void;
}

/**
 * Runs one command line in a terminal and reports how it ended. With shell
 * integration the exit code comes from the execution's end event, matched to this
 * execution; without it (none within a few seconds) the text is sent as typed and
 * the result is unknown, never success.
 */
export async function runInTerminal(terminal: vscode.Terminal, commandLine: string, options: TerminalStepOptions = {}): Promise<TerminalStepResult> {
  const waitStarted = Date.now();
  const integration = await waitForShellIntegration(terminal, options.shellIntegrationWaitMs ?? SHELL_INTEGRATION_WAIT_MS, options.token);
  if (terminal.exitStatus !== undefined) throw new TerminalClosedError('The runbook terminal closed before the step could start.');
  if (options.token?.isCancellationRequested) return { exitCode: null, startedAt: new Date(waitStarted), durationMs: Date.now() - waitStarted, observed: false };
  if (!integration) {
    terminal.sendText(commandLine, true);
    options.onStarted?.();
    return { exitCode: null, startedAt: new Date(waitStarted), durationMs: Date.now() - waitStarted, observed: false };
  }
  return executeObserved(terminal, integration, commandLine, options);
}

export class TerminalClosedError extends Error {
  override name = 'TerminalClosedError';
}

function executeObserved(terminal: vscode.Terminal, integration: vscode.TerminalShellIntegration, commandLine: string, options: TerminalStepOptions): Promise<TerminalStepResult> {
  return new Promise((resolve) => {
    const subscriptions: vscode.Disposable[] = [];
    const timers: ReturnType<typeof setTimeout>[] = [];
    let startedAt = new Date();
    let startedClock = performance.now();
    let settled = false;
    const finish = (exitCode: number | null) => {
      if (settled) return;
      settled = true;
      subscriptions.forEach((s) => s.dispose());
      timers.forEach((t) => clearTimeout(t));
      resolve({ exitCode, startedAt, durationMs: performance.now() - startedClock, observed: true });
    };
    const interrupt = () => {
      if (settled) return;
      terminal.sendText(CTRL_C, false);
      // The shell normally reports the end (exit 130); if not, stop waiting.
      timers.push(setTimeout(() => finish(null), INTERRUPT_GRACE_MS));
    };

    subscriptions.push(
      vscode.window.onDidStartTerminalShellExecution((event) => {
        if (event.execution !== execution) return;
        startedAt = new Date();
        startedClock = performance.now();
        options.onStarted?.();
      }),
      vscode.window.onDidEndTerminalShellExecution((event) => {
        if (event.execution === execution) finish(event.exitCode ?? null);
      }),
      // `exit 3` in a step ends the shell itself: its exit status is the step's.
      vscode.window.onDidCloseTerminal((closed) => {
        if (closed === terminal) finish(closed.exitStatus?.code ?? null);
      }),
    );
    if (options.token) subscriptions.push(options.token.onCancellationRequested(interrupt));
    const timeoutSeconds = options.timeoutSeconds;
    if (timeoutSeconds !== undefined && options.onTimeout) {
      const onTimeout = options.onTimeout;
      timers.push(
        setTimeout(() => {
          if (settled) return;
          void Promise.resolve(onTimeout()).then((stop) => {
            if (stop) interrupt();
          });
        }, timeoutSeconds * 1000),
      );
    }
    // Listeners first, then the command: its start and end events can only come after this line.
    const execution = integration.executeCommand(commandLine);
  });
}

/** The terminal's shell integration, waiting for it up to `ms`; undefined if it never comes. */
export function waitForShellIntegration(terminal: vscode.Terminal, ms: number, token?: vscode.CancellationToken): Promise<vscode.TerminalShellIntegration | undefined> {
  if (terminal.shellIntegration) return Promise.resolve(terminal.shellIntegration);
  return new Promise((resolve) => {
    const subscriptions: vscode.Disposable[] = [];
    const done = (value: vscode.TerminalShellIntegration | undefined) => {
      clearTimeout(timer);
      subscriptions.forEach((s) => s.dispose());
      resolve(value);
    };
    const timer = setTimeout(() => done(terminal.shellIntegration), ms);
    subscriptions.push(
      vscode.window.onDidChangeTerminalShellIntegration((event) => {
        if (event.terminal === terminal) done(event.shellIntegration);
      }),
      vscode.window.onDidCloseTerminal((closed) => {
        if (closed === terminal) done(undefined);
      }),
    );
    if (token) subscriptions.push(token.onCancellationRequested(() => done(undefined)));
  });
}

/** How a background step ended: its exit code (null when unobserved or stopped without one) and how long it ran. */
export interface BackgroundEnd {
  exitCode: number | null;
  durationMs: number;
}

export interface BackgroundStart {
  startedAt: Date;
  /** False when it went out with `sendText` (no shell integration): only the terminal closing ends it then. */
  observed: boolean;
  /** Settles when the command ends or its terminal closes, whichever comes first; never rejects. */
  ended: Promise<BackgroundEnd>;
}

/**
 * Starts a command line in its own terminal without waiting for it to end (a
 * `background=true` step: a server, a port-forward). Resolves once it is handed to
 * the shell; `ended` follows it to the end. Throws TerminalClosedError when the
 * terminal closed before it could start.
 */
export async function startInTerminal(terminal: vscode.Terminal, commandLine: string, options: { shellIntegrationWaitMs?: number } = {}): Promise<BackgroundStart> {
  const integration = await waitForShellIntegration(terminal, options.shellIntegrationWaitMs ?? SHELL_INTEGRATION_WAIT_MS);
  if (terminal.exitStatus !== undefined) throw new TerminalClosedError('The step’s terminal closed before the step could start.');
  const startedAt = new Date();
  const startedClock = performance.now();
  const subscriptions: vscode.Disposable[] = [];
  let execution: vscode.TerminalShellExecution | undefined;
  const ended = new Promise<BackgroundEnd>((resolve) => {
    const finish = (exitCode: number | null) => {
      subscriptions.forEach((s) => s.dispose());
      resolve({ exitCode, durationMs: performance.now() - startedClock });
    };
    subscriptions.push(
      vscode.window.onDidCloseTerminal((closed) => {
        if (closed === terminal) finish(closed.exitStatus?.code ?? null);
      }),
    );
    if (integration) {
      subscriptions.push(
        vscode.window.onDidEndTerminalShellExecution((event) => {
          if (execution !== undefined && event.execution === execution) finish(event.exitCode ?? null);
        }),
      );
    }
  });
  // Listeners first, then the command: its end can only come after this line.
  if (integration) execution = integration.executeCommand(commandLine);
  else terminal.sendText(commandLine, true);
  return { startedAt, observed: integration !== undefined, ended };
}
