import { isPowerShell } from '../../core/runbooks/commands';
import { ShellSession } from '../../runbooks/shellSession';
import { runStep, type StepRunResult } from '../../runbooks/stepRunner';
import type { StepExecutor } from '../runbooks/ports';

export interface ChildShellOptions {
  /** The environment the params are laid over (the caller's). */
  baseEnv: Readonly<Record<string, string | undefined>>;
  /** Whether `interactive=true` steps may have the caller's terminal. */
  terminal: boolean;
  /** Aborting interrupts the running step (Ctrl-C). */
  signal: AbortSignal;
  onOutput: (stream: 'stdout' | 'stderr', text: string) => void;
  /** The runbook's front matter `shell` (bash when absent). */
  shell?: string;
}

/**
 * The command line's run engine: the steps of one run share one shell session
 * (src/runbooks/shellSession.ts), so exported variables carry from step to step
 * as in a terminal. Steps that cannot share it run on their own: PowerShell,
 * `interpreter=` programs, and interactive steps (they need the terminal as stdin).
 * `close()` ends the session and every background step.
 */
export function childShellExecutor(options: ChildShellOptions): Required<StepExecutor<StepRunResult>> {
  let session: ShellSession | undefined;
  const baseEnv = definedOnly(options.baseEnv);
  return {
    execute: async (step, context) => {
      const env = { ...baseEnv, ...context.env, ...context.stepEnv };
      const interactive = step.attributes.interactive === true && options.terminal;
      const interpreter = step.attributes.interpreter;
      if (isPowerShell(step.language) || interactive || interpreter !== undefined) {
        // The script goes to an interpreter as a file in the session's private folder, never as a command line.
        const scripts = (session ??= new ShellSession({ shell: options.shell, env: { ...baseEnv, ...context.env }, onOutput: options.onOutput }));
        const command = interpreter !== undefined ? { program: interpreter, args: [scripts.writeScript(step.commands)] } : undefined;
        return runStep({ step, cwd: context.cwd, env, interactive, signal: options.signal, onOutput: options.onOutput, ...(command ? { command } : {}) });
      }
      session ??= new ShellSession({ shell: options.shell, env: { ...baseEnv, ...context.env }, onOutput: options.onOutput });
      return session.run({
        commands: step.commands,
        cwd: context.cwd,
        ...(context.stepEnv ? { env: context.stepEnv } : {}),
        ...(step.attributes.timeout !== undefined ? { timeout: step.attributes.timeout } : {}),
        signal: options.signal,
        background: step.attributes.background === true,
      });
    },
    close: async () => {
      await session?.close();
      session = undefined;
    },
  };
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}
