import { randomUUID } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { childShellExecutor } from '../../app/node/childShellExecutor';
import { executionLogSink } from '../../app/node/executionLogSink';
import { nodeFileSystem } from '../../app/node/nodeFileSystem';
import type { ExportPrompter, ParamSource, RunAsker, RunProgress } from '../../app/runbooks/ports';
import { runSession, type RunSessionOutcome } from '../../app/runbooks/runSession';
import { stepFoldersFor } from '../../app/runbooks/stepFolders';
import { confirmationReasons, needsConfirmation } from '../../core/runbooks/danger';
import { hasErrors } from '../../core/runbooks/lint';
import { resolveParams } from '../../core/runbooks/params';
import { findStep } from '../../core/runbooks/stepLookup';
import type { RunMode } from '../../core/runbooks/runPlan';
import type { ParamSpec, ParsedRunbook, RunbookStep } from '../../core/runbooks/types';
import type { StepRunResult } from '../../runbooks/stepRunner';
import { displayPath, findRepoRoot } from '../../runbooks/workspace';
import { UsageError, type CliIo } from '../command';
import type { Prompter } from '../terminalPrompter';

/**
 * `incident-desk runbook run`: the shared run session (src/app/runbooks) with the
 * command line's ports — a child shell per step, the terminal prompt, the
 * repository's execution log — and its outcome printed to stderr.
 */

/** The options of `runbook run` that this file reads. */
export interface RunValues {
  step?: string;
  all?: boolean;
  yes?: boolean;
  param?: string[];
  log?: string;
  incident?: string;
}

export interface RunContext {
  parsed: ParsedRunbook;
  runbookFile: string;
  values: RunValues;
  io: CliIo;
  prompter: Prompter;
  onInterrupt: (handler: () => void) => () => void;
}

/** `runbook run`: the shared run session, with a child shell, a terminal prompt and the repository's log as its ports. */
export async function runSteps(context: RunContext): Promise<number> {
  const { parsed, runbookFile, values, io, prompter } = context;
  if (hasErrors(parsed.diagnostics)) {
    for (const d of parsed.diagnostics.filter((x) => x.severity === 'error')) {
      io.stderr(`${displayPath(io.cwd, runbookFile)}:${d.line + 1}: error [${d.code}] ${d.message}\n`);
    }
    io.stderr('Nothing was run: fix the errors above first.\n');
    return 1;
  }
  const chosen = chooseSteps(parsed, values);
  const given = parseGivenParams(values.param ?? [], parsed.frontMatter?.params ?? {});
  const root = findRepoRoot(path.dirname(runbookFile)) ?? path.dirname(runbookFile);
  const logFile = values.log !== undefined ? path.resolve(io.cwd, values.log) : path.join(root, '.incident-desk', 'executions.jsonl');
  const title = parsed.frontMatter?.title ?? displayPath(io.cwd, runbookFile);

  const controller = new AbortController();
  const removeInterrupt = context.onInterrupt(() => controller.abort());
  let outcome: RunSessionOutcome<StepRunResult>;
  try {
    outcome = await runSession(
      { parsed, ...chosen, runbook: displayPath(root, runbookFile), assumeYes: values.yes === true },
      {
        executor: childShellExecutor({
          baseEnv: io.env,
          terminal: prompter.interactive,
          signal: controller.signal,
          onOutput: (stream, text) => (stream === 'stdout' ? io.stdout(text) : io.stderr(text)),
          ...(parsed.frontMatter?.shell !== undefined ? { shell: parsed.frontMatter.shell } : {}),
        }),
        asker: terminalAsker(prompter, io),
        params: cliParamSource(given, io, prompter),
        folders: stepFoldersFor(nodeFileSystem, runbookFile, root, parsed.frontMatter?.cwd),
        ...(prompter.interactive && values.yes !== true ? { exports: terminalExports(prompter, io) } : {}),
        sink: executionLogSink(logFile),
        incident: { currentIncidentId: () => values.incident },
        identity: { userName: async () => userName(io), newRunId: randomUUID },
        progress: terminalProgress(title, io),
      },
    );
  } finally {
    removeInterrupt();
  }
  return report(outcome, parsed.frontMatter?.params ?? {}, logFile, io);
}

/** `--step NAME` or `--all`, as the session's mode; which steps that means is the core plan's business (a refusal is a usage error). */
function chooseSteps(parsed: ParsedRunbook, values: RunValues): { mode: RunMode; stepIndex?: number } {
  if ((values.step === undefined) === (values.all !== true)) throw new UsageError('choose one: --step NAME or --all');
  if (values.step === undefined) return { mode: 'all' };
  const step = findStep(parsed, values.step);
  if (!step) {
    const names = parsed.steps.filter((s) => s.runnable).map((s) => s.name);
    throw new UsageError(`no step named '${values.step}'; steps: ${names.join(', ') || '(none)'}`);
  }
  if (!step.runnable) throw new UsageError(`step '${step.name}' is a ${step.language || 'plain'} block, not a shell step`);
  return { mode: 'step', stepIndex: step.index };
}

/** What the person sees of the outcome, and the exit code: 130 when Ctrl-C stopped the step. */
function report(outcome: RunSessionOutcome<StepRunResult>, params: Readonly<Record<string, ParamSpec>>, logFile: string, io: CliIo): number {
  const total = outcome.plan?.steps.length ?? 0;
  switch (outcome.status) {
    case 'completed':
      io.stderr(`\n${total === 1 ? 'The step' : `All ${total} steps`} passed. Recorded in ${displayPath(io.cwd, logFile)}.\n`);
      return 0;
    case 'failed':
    case 'unknown':
    case 'stopped': {
      const last = outcome.runs[outcome.runs.length - 1];
      const left = total - outcome.runs.length;
      io.stderr(`Stopped at step '${last?.step.name ?? ''}'${left > 0 ? `; ${plural(left, 'later step')} not run` : ''}.\n`);
      return last?.result.aborted ? 130 : 1;
    }
    case 'declined-plan':
      io.stderr('Cancelled; nothing was run.\n');
      return 1;
    case 'missing-params':
      io.stderr('Nothing was run: these params have no value:\n');
      for (const name of outcome.missing) {
        const how = params[name]?.secret ? 'secret: set it in the environment' : `--param ${name}=... or the environment`;
        io.stderr(`  ${name}${params[name]?.description ? ` (${params[name]?.description})` : ''}: ${how}\n`);
      }
      return 1;
    case 'needs-confirmation':
      io.stderr('Nothing was run: these steps need confirmation and there is no terminal to ask in:\n');
      for (const step of outcome.steps) io.stderr(`  ${step.name}: ${confirmationReasons(step).join(', ')}\n`);
      io.stderr('Read them, then run again with --yes.\n');
      return 1;
    case 'declined-step':
      io.stderr(`Stopped: step '${outcome.step.name}' was not confirmed; ${plural(total - outcome.position, 'step')} not run.\n`);
      return 1;
    case 'not-started':
      io.stderr(`Stopped: step '${outcome.step.name}' did not start.\n`);
      return 1;
    case 'refused':
      if (outcome.plan === undefined) throw new UsageError(outcome.message);
      io.stderr(`${outcome.runs.length === 0 ? 'Nothing was run' : 'Stopped'}: ${outcome.message}\n`);
      return 1;
  }
}

/** `--param K=V`: only declared params, and never secrets (argv is visible to every process on the machine). */
function parseGivenParams(pairs: string[], params: Readonly<Record<string, ParamSpec>>): Record<string, string> {
  const given: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param expects NAME=VALUE, got '${pair.split('=')[0] ?? ''}'`);
    const name = pair.slice(0, eq);
    if (!Object.hasOwn(params, name)) {
      throw new UsageError(`--param ${name}: not declared under params in the runbook (declared: ${Object.keys(params).join(', ') || 'none'})`);
    }
    if (params[name]?.secret) {
      throw new UsageError(`--param ${name}: secret params are read from the environment only, never from the command line`);
    }
    given[name] = pair.slice(eq + 1);
  }
  return given;
}

/** Given values, then the environment, then defaults; on a terminal the rest are asked (secrets without echo). */
function cliParamSource(given: Record<string, string>, io: CliIo, prompter: Prompter): ParamSource {
  return {
    valuesFor: async ({ declared, needed }) => {
      const answers = { ...given };
      let resolved = resolveParams(declared, needed, { given: answers, env: io.env });
      if (resolved.missing.length > 0 && prompter.interactive) {
        for (const name of resolved.missing) {
          const spec = declared[name];
          const answer = await prompter.ask(`${name}${spec?.description ? ` (${spec.description})` : ''}`, { secret: spec?.secret === true });
          if (answer !== undefined && answer !== '') answers[name] = answer;
        }
        resolved = resolveParams(declared, needed, { given: answers, env: io.env });
      }
      return resolved.missing.length > 0 ? { ok: false, missing: resolved.missing } : { ok: true, values: resolved.values };
    },
  };
}

/** Confirmations on the terminal; the full command is shown before a step that asks first. */
function terminalAsker(prompter: Prompter, io: CliIo): RunAsker {
  return {
    interactive: prompter.interactive,
    confirmPlan: (plan) => prompter.confirm(`Run these ${plural(plan.steps.length, 'step')}?`),
    confirmStep: (step, reasons) => {
      io.stderr(`\nStep '${step.name}' asks first (${reasons.join(', ')}). It runs:\n${indent(step.commands)}\n`);
      return prompter.confirm(`Run step '${step.name}'?`);
    },
    // A child shell always reports its exit; no exit code means it never started, which is a failure.
    continueAfterUnknown: async () => false,
  };
}

/** `export X=placeholder` on a terminal: asked with the placeholder shown; 'auto' asks only when X is unset. */
function terminalExports(prompter: Prompter, io: CliIo): ExportPrompter {
  return {
    valueFor: async (name, placeholder, mode) => {
      if (mode === 'auto' && io.env[name] !== undefined) return undefined;
      const answer = await prompter.ask(`${name}${placeholder !== '' ? ` [${placeholder}]` : ''}`, { secret: false });
      return answer === undefined || answer === '' ? undefined : answer;
    },
  };
}

function terminalProgress(title: string, io: CliIo): RunProgress<StepRunResult> {
  return {
    planned: (plan) => {
      io.stderr(`${title}: ${plural(plan.steps.length, 'step')} to run\n`);
      plan.steps.forEach((step, i) => io.stderr(`  ${i + 1}. ${step.name}${needsConfirmation(step) ? ' (asks first)' : ''}\n`));
      for (const { step, reason } of plan.skipped) io.stderr(`  skipped: ${step.name} (${reason})\n`);
    },
    stepStarting: (step, position, total) => io.stderr(`\n▶ [${position + 1}/${total}] ${step.name}\n`),
    stepFinished: ({ step, result }) => io.stderr(`${describeResult(result, step)}\n`),
  };
}

function describeResult(result: StepRunResult, step: RunbookStep): string {
  const seconds = `${(result.durationMs / 1000).toFixed(1)} s`;
  if (result.spawnError) return `✗ did not start: ${result.spawnError}`;
  const mark = result.exitCode === 0 ? '✓' : '✗';
  const note = result.timedOut
    ? ` (timed out after ${step.attributes.timeout ?? 0} s)`
    : result.aborted
      ? ' (interrupted)'
      : '';
  return `${mark} exit ${result.exitCode ?? 'unknown'} · ${seconds}${note}`;
}

function userName(io: CliIo): string {
  const fromEnv = io.env.INCIDENT_DESK_USER ?? io.env.USER ?? io.env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
