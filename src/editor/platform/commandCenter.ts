import type { CommandId } from '../commandIds';
import { checkArgs, type ArgCheck } from './commandArgs';

/**
 * The one command wrapper (as VS Code's git extension has its command center): every
 * command the extension registers is a spec, and the handler made from it
 *   1. checks Workspace Trust first when the command runs or sends workspace content
 *      (a `when` clause hides a button but does not stop a keybinding or another extension),
 *   2. checks each argument (tree node, id, options, nothing) and refuses, saying why,
 *      before anything happens,
 *   3. reports any failure one way (errorText, shown and logged) and resolves to
 *      undefined instead of rejecting.
 * Pure: the host supplies the workbench, so it is unit tested without VS Code.
 */
/** What a command is, apart from what it does. */
export interface CommandSpec<C extends readonly ArgCheck<unknown>[] = readonly ArgCheck<unknown>[]> {
  readonly id: CommandId;
  /** The command as messages name it: "Declare Incident". */
  readonly title: string;
  /** One check per position the command reads (see commandArgs.ts); later positions are ignored. */
  readonly args: readonly [...C];
  /** Present when the command runs something or sends workspace content somewhere; `refused` is what it then returns. */
  readonly trust?: { readonly action: string; readonly refused?: unknown };
}

/** What the checks let through, position by position. */
export type ArgValues<C extends readonly ArgCheck<unknown>[]> = { -readonly [K in keyof C]: C[K] extends ArgCheck<infer T> ? T : never };

/** One registered command, only made by defineCommand, so none bypasses the checks. */
export interface Command {
  readonly id: CommandId;
  readonly spec: CommandSpec;
  readonly run: (...args: unknown[]) => unknown;
}

/** A command from its spec and what it does; `run`'s parameter types come from the argument checks. */
export function defineCommand<C extends ArgCheck<unknown>[]>(spec: CommandSpec<C>, run: (...args: NoInfer<ArgValues<C>>) => unknown): Command {
  return { id: spec.id, spec: spec as CommandSpec, run: run as (...args: unknown[]) => unknown };
}

export interface CommandHost {
  isTrusted(): boolean;
  /** Tells the user the command needs a trusted workspace (not awaited). */
  refuseUntrusted(action: string): void;
  /** Tells the user and the log that a command was called with arguments it cannot take. */
  refuseArguments(title: string, problem: string): void;
  /** Tells the user and the log that a command failed. */
  reportFailure(title: string, error: unknown): void;
}

export function commandHandler(command: Command, host: CommandHost): (...raw: unknown[]) => Promise<unknown> {
  const { spec, run } = command;
  return async (...raw: unknown[]) => {
    if (spec.trust && !host.isTrusted()) {
      host.refuseUntrusted(spec.trust.action);
      return spec.trust.refused;
    }
    const args = checkArgs(spec.args, raw);
    if (!args.ok) {
      host.refuseArguments(spec.title, args.problem);
      return undefined;
    }
    try {
      return await run(...args.value);
    } catch (error) {
      host.reportFailure(spec.title, error);
      return undefined;
    }
  };
}
