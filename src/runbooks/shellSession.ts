import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { constants as osConstants, tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { StepRunResult } from './stepRunner';

/**
 * One shell for a whole command-line run, so a variable exported in one step is
 * there in the next (as in the editor's terminal), with each step's exit status
 * reported exactly.
 *
 * How text gets to the shell: the shell runs a fixed driver (DRIVER, below — no
 * runbook text in it) that reads, per step, a folder, extra variables and the path
 * of a script file from file descriptor 3, sources that file, and writes its exit
 * status to file descriptor 4. Step scripts are files in a private 0700 folder;
 * their text is never spliced into a command string, and values reach the shell
 * only through `read`, which does not evaluate them.
 *
 * A step that ends the shell (`exit 3`, a timeout, Ctrl-C) reports how the shell
 * ended; the next step starts a fresh shell. Background steps (`background=true`)
 * run as background jobs of the session's shell — they see its variables — and
 * the whole process group is stopped when the session closes.
 */

export interface ShellSessionOptions {
  /** The shell program (front matter `shell`); bash when absent. */
  shell?: string;
  /** The shell's complete environment at start, params included. */
  env: Record<string, string>;
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Between SIGTERM/SIGINT and SIGKILL. Default 2000 ms. */
  killGraceMs?: number;
}

export interface SessionStep {
  commands: string;
  /** Folder to run in, already checked. */
  cwd: string;
  /** Extra variables for this step and the ones after it (prompted values); names already validated. */
  env?: Readonly<Record<string, string>>;
  /** Seconds. */
  timeout?: number;
  signal?: AbortSignal;
  /** Start it and report 0 at once; it runs, seeing the session's variables, until the session closes. */
  background?: boolean;
}

// POSIX sh, so bash, zsh, dash and ksh all run it. The names are long so no
// runbook collides with them; the step sees fds 3 and 4 closed.
const DRIVER = [
  'while IFS= read -r __incident_desk_mode <&3; do',
  '  IFS= read -r __incident_desk_dir <&3',
  '  IFS= read -r __incident_desk_count <&3',
  '  while [ "$__incident_desk_count" -gt 0 ]; do',
  '    IFS= read -r __incident_desk_name <&3',
  '    IFS= read -r __incident_desk_value <&3',
  '    export "$__incident_desk_name=$__incident_desk_value"',
  '    __incident_desk_count=$((__incident_desk_count - 1))',
  '  done',
  '  IFS= read -r __incident_desk_script <&3',
  '  if ! cd -- "$__incident_desk_dir"; then',
  '    __incident_desk_status=1',
  '  elif [ "$__incident_desk_mode" = bg ]; then',
  '    . "$__incident_desk_script" 3<&- 4>&- &',
  '    __incident_desk_status=0',
  '  else',
  '    . "$__incident_desk_script" 3<&- 4>&-',
  '    __incident_desk_status=$?',
  '  fi',
  '  printf \'%s\\n\' "$__incident_desk_status" >&4',
  'done',
].join('\n');

/** Output still in the pipes when the status arrives belongs to the step that wrote it. */
const SETTLE_MS = 20;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function shellArgs(shell: string): string[] {
  const base = path.basename(shell);
  if (base === 'bash') return ['--noprofile', '--norc'];
  if (base === 'zsh') return ['-f'];
  return [];
}

interface Running {
  resolve: (result: StepRunResult) => void;
  startedAt: Date;
  started: number;
  timedOut: boolean;
  aborted: boolean;
  timers: NodeJS.Timeout[];
  onAbort?: () => void;
  signal?: AbortSignal;
}

export class ShellSession {
  private readonly shell: string;
  private readonly dir: string;
  private child: ChildProcess | undefined;
  private running: Running | undefined;
  private statusBuffer = '';
  private scripts = 0;
  private closed = false;

  constructor(private readonly options: ShellSessionOptions) {
    this.shell = options.shell ?? 'bash';
    this.dir = fs.mkdtempSync(path.join(tmpdir(), 'incident-desk-run-'));
    fs.chmodSync(this.dir, 0o700);
  }

  /** Writes a step's script into the session's private folder; the path is ours, never the runbook's. */
  writeScript(commands: string): string {
    const file = path.join(this.dir, `step-${++this.scripts}.sh`);
    fs.writeFileSync(file, `${commands}\n`, { mode: 0o600 });
    return file;
  }

  run(step: SessionStep): Promise<StepRunResult> {
    if (this.closed) throw new Error('The shell session is closed.');
    if (this.running) throw new Error('A step is already running in this shell session.');
    const extra = Object.entries(step.env ?? {});
    for (const [name, value] of extra) {
      if (!VARIABLE_NAME.test(name) || /[\n\0]/.test(value)) throw new Error(`Variable ${JSON.stringify(name)} cannot be passed to the shell.`);
    }
    if (/[\n\0]/.test(step.cwd)) throw new Error('The step folder name has a line break in it.');
    const script = this.writeScript(step.commands);
    const child = this.child ?? this.start(step.cwd);
    return new Promise((resolve) => {
      const running: Running = { resolve, startedAt: new Date(), started: performance.now(), timedOut: false, aborted: false, timers: [] };
      this.running = running;
      const request = [step.background === true ? 'bg' : 'fg', step.cwd, String(extra.length), ...extra.flatMap(([n, v]) => [n, v]), script].join('\n');
      (child.stdio[3] as Writable | null)?.write(`${request}\n`);
      if (step.timeout !== undefined) {
        running.timers.push(
          setTimeout(() => {
            running.timedOut = true;
            this.stopShell('SIGTERM');
          }, step.timeout * 1000),
        );
      }
      if (step.signal) {
        running.signal = step.signal;
        running.onAbort = () => {
          running.aborted = true;
          this.stopShell('SIGINT');
        };
        if (step.signal.aborted) running.onAbort();
        else step.signal.addEventListener('abort', running.onAbort, { once: true });
      }
    });
  }

  /** Stops the shell, every background step and whatever they started; removes the scripts. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const children = this.child ? [this.child] : [];
    for (const child of children) signalGroup(child, 'SIGTERM');
    const grace = this.options.killGraceMs ?? 2000;
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const timer = setTimeout(() => {
              signalGroup(child, 'SIGKILL');
              resolve();
            }, grace);
            child.once('exit', () => {
              clearTimeout(timer);
              // Its children may still hold the group: they go too.
              signalGroup(child, 'SIGKILL');
              resolve();
            });
          }),
      ),
    );
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private start(cwd: string): ChildProcess {
    const child = spawn(this.shell, [...shellArgs(this.shell), '-c', DRIVER], {
      cwd,
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    });
    this.child = child;
    this.statusBuffer = '';
    this.pipeOutput(child);
    const status = child.stdio[4] as Readable | null;
    status?.setEncoding('utf8');
    status?.on('data', (text: string) => {
      this.statusBuffer += text;
      const newline = this.statusBuffer.indexOf('\n');
      if (newline === -1) return;
      const code = Number(this.statusBuffer.slice(0, newline));
      this.statusBuffer = this.statusBuffer.slice(newline + 1);
      setTimeout(() => this.finish({ exitCode: Number.isInteger(code) ? code : null, signal: null }), SETTLE_MS);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (this.child === child) this.child = undefined;
      const reason = error.code === 'ENOENT' ? `${this.shell} is not installed or not on PATH` : error.message;
      this.finish({ exitCode: null, signal: null, spawnError: reason });
    });
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      // A step that ended the shell: anything it left in the group goes with it.
      signalGroup(child, 'SIGKILL');
      const exitCode = code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : null);
      setTimeout(() => this.finish({ exitCode, signal }), SETTLE_MS);
    });
    return child;
  }

  private pipeOutput(child: ChildProcess): void {
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => this.options.onOutput?.('stdout', text));
    child.stderr?.on('data', (text: string) => this.options.onOutput?.('stderr', text));
  }

  private stopShell(first: NodeJS.Signals): void {
    const child = this.child;
    const running = this.running;
    if (!child || !running) return;
    signalGroup(child, first);
    const escalate = setTimeout(() => signalGroup(child, 'SIGKILL'), this.options.killGraceMs ?? 2000);
    escalate.unref();
    running.timers.push(escalate);
  }

  private finish(result: Pick<StepRunResult, 'exitCode' | 'signal' | 'spawnError'>): void {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    for (const timer of running.timers) clearTimeout(timer);
    if (running.onAbort) running.signal?.removeEventListener('abort', running.onAbort);
    running.resolve({
      exitCode: result.exitCode,
      signal: result.signal,
      ...(result.spawnError ? { spawnError: result.spawnError } : {}),
      timedOut: running.timedOut,
      aborted: running.aborted,
      startedAt: running.startedAt,
      durationMs: Math.round(performance.now() - running.started),
    });
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // Negative: the whole process group the detached shell leads.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
