import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StepExecutor } from '../../app/runbooks/ports';
import { terminalCommandLine, terminalShellFor, terminalStepCommand } from '../../core/runbooks/terminalCommand';
import { errorText } from '../platform/errorText';
import type { RunbookStep } from '../../core/runbooks/types';
import type { RunbookTerminals } from './runbookTerminals';
import type { StepScripts } from './stepScripts';
import type { StepResults } from './stepResults';
import { runInTerminal, TerminalClosedError, type TerminalStepResult } from './terminalExecution';

export interface TerminalExecutorDeps {
  terminals: RunbookTerminals;
  results: StepResults;
  scripts: StepScripts;
  log: vscode.LogOutputChannel;
}

export interface TerminalRun {
  uri: vscode.Uri;
  title: string;
  /** The runbook as records name it, for the log. */
  shownPath: string;
  /** The file whose folder a relative cwd is shown against in the terminal's name. */
  baseFile: string;
}

/**
 * The editor's run engine: each step in the runbook's integrated terminal, under a
 * cancellable notification (Cancel sends Ctrl-C), its result shown on the step.
 */
export function terminalExecutor(deps: TerminalExecutorDeps, run: TerminalRun): StepExecutor<TerminalStepResult> {
  return {
    execute: async (step, context) => {
      const shell = terminalShellFor(step.language);
      const relativeCwd = path.relative(path.dirname(run.baseFile), context.cwd);
      const { terminal } = deps.terminals.terminalFor({
        runbookKey: run.uri.toString(),
        title: run.title,
        cwd: context.cwd,
        ...(relativeCwd !== '' ? { cwdLabel: relativeCwd.split(path.sep).join('/') } : {}),
        shell,
        env: context.env,
      });
      terminal.show(true);
      const runId = deps.results.start(run.uri, step);
      // Names only: param values never reach the log.
      deps.log.info(`Runbooks: running step '${step.name}' of ${run.shownPath} in terminal '${terminal.name}'.`);
      const { line, script } = commandLineFor(deps, step, shell);
      let result: TerminalStepResult;
      try {
        result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `${run.title}: step ${context.position + 1}/${context.total} '${step.name}'`, cancellable: true },
          (progress, token) => {
            progress.report({ message: 'running in the terminal… (Cancel sends Ctrl-C)' });
            return runInTerminal(terminal, line, {
              token,
              ...(step.attributes.timeout !== undefined ? { timeoutSeconds: step.attributes.timeout, onTimeout: () => offerInterrupt(step) } : {}),
            });
          },
        );
      } catch (error) {
        deps.results.discard(run.uri, runId);
        if (script) deps.scripts.remove(script);
        if (error instanceof TerminalClosedError) return undefined;
        throw error;
      }
      // Sent without shell integration, the shell may not have read it yet: it goes with the window.
      if (script && result.observed) deps.scripts.remove(script);
      if (!result.observed) {
        void vscode.window.showWarningMessage(
          `Step '${step.name}' was sent to the terminal without shell integration, so its exit code is unknown. Check the terminal for the result.`,
        );
      }
      deps.results.finish(run.uri, runId, result);
      return result;
    },
  };
}

/** The line to type; for a multi-line step, the line that sources its script file (and the file, to remove after). */
function commandLineFor(deps: TerminalExecutorDeps, step: RunbookStep, shell: ReturnType<typeof terminalShellFor>): { line: string; script?: string } {
  const command = terminalStepCommand(step.commands, shell);
  if (command.kind === 'line') return { line: command.line };
  try {
    const script = deps.scripts.write(step.name, command.script);
    return { line: command.sourceLine(script), script };
  } catch (error) {
    // No private file (temp folder not writable): the same step as one eval line, exit code as exact.
    deps.log.warn(`Runbooks: could not write step '${step.name}' to a private file (${errorText(error)}); sending it as one eval line.`);
    return { line: terminalCommandLine(step.commands, shell) };
  }
}

async function offerInterrupt(step: RunbookStep): Promise<boolean> {
  const interrupt = 'Interrupt (Ctrl-C)';
  const choice = await vscode.window.showWarningMessage(
    `Step '${step.name}' is still running after its timeout of ${step.attributes.timeout ?? 0} s.`,
    interrupt,
    'Keep Waiting',
  );
  return choice === interrupt;
}
