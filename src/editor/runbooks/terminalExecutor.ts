import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StepContext, StepExecutor } from '../../app/runbooks/ports';
import { terminalCommandLine, terminalShellFor, terminalStepCommand, valueFilesSupported, type ValueFile } from '../../core/runbooks/terminalCommand';
import { errorText } from '../platform/errorText';
import type { RunbookStep } from '../../core/runbooks/types';
import type { BackgroundSteps } from './backgroundSteps';
import type { RunbookTerminals } from './runbookTerminals';
import type { StepScripts } from './stepScripts';
import type { StepResults } from './stepResults';
import { runInTerminal, startInTerminal, TerminalClosedError, type BackgroundStart, type TerminalStepResult } from './terminalExecution';

export interface TerminalExecutorDeps {
  terminals: RunbookTerminals;
  background: BackgroundSteps;
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
 * A `background=true` step starts in a terminal of its own and the run goes on
 * (see startBackground). Values asked for `export X=placeholder` lines reach the
 * shell through private files the step's script reads and deletes, never typed.
 */
export function terminalExecutor(deps: TerminalExecutorDeps, run: TerminalRun): StepExecutor<TerminalStepResult> {
  return {
    execute: async (step, context) => {
      if (step.attributes.background === true) return startBackground(deps, run, step, context);
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
      const values = writeValues(deps, step, shell, context.askedEnv);
      const { line, script } = commandLineFor(deps, step, shell, values);
      // A value file the script never read (it did not run) goes now, not with the window.
      const removeValues = () => values.forEach((v) => deps.scripts.remove(v.path));
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
        removeValues();
        if (error instanceof TerminalClosedError) return undefined;
        throw error;
      }
      if (result.observed) removeValues();
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

/**
 * A background step: a fresh terminal named after the runbook and the step, whose
 * environment holds the params and every value asked so far (it shares no shell
 * with the earlier steps). It reports exit 0 as soon as the command is handed to
 * the shell — "started", as the command line's session does — so Run all goes
 * on; its CodeLens says "running in background" until it ends or is stopped.
 */
async function startBackground(deps: TerminalExecutorDeps, run: TerminalRun, step: RunbookStep, context: StepContext): Promise<TerminalStepResult | undefined> {
  const shell = terminalShellFor(step.language);
  const runbookKey = run.uri.toString();
  const handle = deps.background.start({ runbookKey, title: run.title, stepName: step.name, cwd: context.cwd, shell, env: { ...context.env, ...context.stepEnv } });
  handle.terminal.show(true);
  const runId = deps.results.start(run.uri, step, { background: true });
  deps.log.info(`Runbooks: starting background step '${step.name}' of ${run.shownPath} in terminal '${handle.terminal.name}'.`);
  const { line, script } = commandLineFor(deps, step, shell, []);
  let started: BackgroundStart;
  try {
    started = await startInTerminal(handle.terminal, line);
  } catch (error) {
    deps.results.discard(run.uri, runId);
    if (script) deps.scripts.remove(script);
    if (error instanceof TerminalClosedError) return undefined;
    throw error;
  }
  void started.ended.then(({ exitCode, durationMs }) => {
    if (script) deps.scripts.remove(script);
    deps.results.finish(run.uri, runId, { exitCode, durationMs, ...(handle.stopped ? { stopped: true } : {}) });
    deps.log.info(`Runbooks: background step '${step.name}' of ${run.shownPath} ${handle.stopped ? 'was stopped' : `ended (exit ${exitCode ?? 'unknown'})`}.`);
  });
  return { exitCode: 0, startedAt: started.startedAt, durationMs: 0, observed: started.observed };
}

/** Files for the values asked for this step, for its script to read; none when the shell cannot take them. */
function writeValues(deps: TerminalExecutorDeps, step: RunbookStep, shell: ReturnType<typeof terminalShellFor>, asked: Readonly<Record<string, string>> | undefined): ValueFile[] {
  const names = Object.keys(asked ?? {});
  if (names.length === 0) return [];
  if (!valueFilesSupported(shell)) {
    deps.log.warn(`Runbooks: step '${step.name}' is PowerShell, which cannot take the values asked for its export lines; they run as written.`);
    return [];
  }
  const written: ValueFile[] = [];
  try {
    for (const name of names) written.push({ name, path: deps.scripts.writeValue(name, asked?.[name] ?? '') });
  } catch (error) {
    written.forEach((v) => deps.scripts.remove(v.path));
    // Names only: the values never reach the log.
    deps.log.warn(`Runbooks: could not write the values asked for step '${step.name}' to private files (${errorText(error)}); ${names.join(', ')} keep what the shell has.`);
    return [];
  }
  return written;
}

/** The line to type; for a multi-line step (or one given values), the line that sources its script file (and the file, to remove after). */
function commandLineFor(deps: TerminalExecutorDeps, step: RunbookStep, shell: ReturnType<typeof terminalShellFor>, values: readonly ValueFile[]): { line: string; script?: string } {
  const command = terminalStepCommand(step.commands, shell, values);
  if (command.kind === 'line') return { line: command.line };
  try {
    const script = deps.scripts.write(step.name, command.script);
    return { line: command.sourceLine(script), script };
  } catch (error) {
    // No private file (temp folder not writable): the same step as one eval line, exit code as exact.
    // The line cannot read value files, so they go now.
    values.forEach((v) => deps.scripts.remove(v.path));
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
