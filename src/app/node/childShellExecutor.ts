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
}

/** The command line's run engine: each step in a child shell (src/runbooks/stepRunner.ts). */
export function childShellExecutor(options: ChildShellOptions): StepExecutor<StepRunResult> {
  return {
    execute: (step, context) =>
      runStep({
        step,
        cwd: context.cwd,
        env: { ...definedOnly(options.baseEnv), ...context.env },
        interactive: step.attributes.interactive === true && options.terminal,
        signal: options.signal,
        onOutput: options.onOutput,
      }),
  };
}

function definedOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined) out[name] = value;
  return out;
}
