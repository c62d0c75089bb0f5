import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import type { RunbookStep } from '../core/runbooks/types';

/**
 * Runs one runbook step in a child shell, for the command line and CI (the editor
 * runs steps in its integrated terminal instead).
 *
 * The step's commands are the shell's script, handed over as the single argument
 * of `-c`: no text from the runbook, its attributes or its params is ever spliced
 * into a command string, and params reach the shell only as environment variables.
 * Non-interactive steps run in their own process group, so a timeout or Ctrl-C
 * stops everything the step started, not just the shell.
 */

export interface StepRunOptions {
  step: Pick<RunbookStep, 'language' | 'commands' | 'attributes'>;
  /** Folder to run in, already checked (see resolveStepCwd). */
  cwd: string;
  /** The child's complete environment, params included. */
  env: Record<string, string>;
  /** Receives the step's output as it arrives. */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Interactive steps get the caller's stdin (and stay in its process group so they can read a TTY). */
  interactive?: boolean;
  /** Aborting sends SIGINT to the step, as Ctrl-C in a terminal would. */
  signal?: AbortSignal;
  /** How long a stopped step gets between SIGINT/SIGTERM and SIGKILL. Default 2000 ms. */
  killGraceMs?: number;
  /** Runs this program instead of the language's shell (an `interpreter` attribute; the script is a file argument). */
  command?: { program: string; args: string[] };
}

export interface StepRunResult {
  /** The exit status as a shell reports it (128 + n when killed by signal n); null when the shell never ran. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  startedAt: Date;
  durationMs: number;
  /** Why the shell could not start (e.g. `pwsh` is not installed). */
  spawnError?: string;
}

/** The program and arguments for a language; the commands are always the last, single argument. */
export function shellFor(language: string, commands: string): { program: string; args: string[] } {
  switch (language) {
    case 'sh':
      return { program: 'sh', args: ['-c', commands] };
    case 'zsh':
      return { program: 'zsh', args: ['-f', '-c', commands] };
    case 'pwsh':
    case 'powershell':
      return { program: 'pwsh', args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', commands] };
    default:
      // bash, shell, console
      return { program: 'bash', args: ['--noprofile', '--norc', '-c', commands] };
  }
}

/** After the shell exits, how long to wait for output still in the pipes (a background job may hold them). */
const DRAIN_MS = 200;

export function runStep(options: StepRunOptions): Promise<StepRunResult> {
  const { step, onOutput } = options;
  const { program, args } = options.command ?? shellFor(step.language, step.commands);
  const interactive = options.interactive === true;
  const grace = options.killGraceMs ?? 2000;
  const startedAt = new Date();
  const started = performance.now();

  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [interactive ? 'inherit' : 'ignore', 'pipe', 'pipe'],
      detached: !interactive,
      shell: false,
      windowsHide: true,
    });

    const finish = (result: Omit<StepRunResult, 'startedAt' | 'durationMs' | 'timedOut' | 'aborted'>) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      // A stopped step's children may outlive its shell; they go with it.
      if ((timedOut || aborted) && !interactive) kill('SIGKILL');
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ ...result, timedOut, aborted, startedAt, durationMs: Math.round(performance.now() - started) });
    };

    const kill = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        // A negative pid signals the whole process group the detached shell leads.
        process.kill(interactive ? child.pid : -child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    const stop = (first: NodeJS.Signals) => {
      kill(first);
      const escalate = setTimeout(() => kill('SIGKILL'), grace);
      escalate.unref();
      timers.push(escalate);
    };
    function onAbort() {
      aborted = true;
      stop('SIGINT');
    }

    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => onOutput?.('stdout', text));
    child.stderr?.on('data', (text: string) => onOutput?.('stderr', text));

    child.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ENOENT' ? `${program} is not installed or not on PATH` : error.message;
      finish({ exitCode: null, signal: null, spawnError: reason });
    });

    child.on('exit', (code, signal) => {
      const exitCode = code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : null);
      const done = () => finish({ exitCode, signal });
      if (child.stdout?.readableEnded !== false && child.stderr?.readableEnded !== false) return done();
      child.on('close', done);
      const drain = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        done();
      }, DRAIN_MS);
      timers.push(drain);
    });

    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    const timeout = step.attributes.timeout;
    if (timeout !== undefined) {
      const timer = setTimeout(() => {
        timedOut = true;
        stop('SIGTERM');
      }, timeout * 1000);
      timers.push(timer);
    }
  });
}
