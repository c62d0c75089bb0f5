import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { childShellExecutor } from '../../app/node/childShellExecutor';
import { executionLogSink } from '../../app/node/executionLogSink';
import { nodeFileSystem } from '../../app/node/nodeFileSystem';
import type { ParamSource, RunAsker, RunProgress } from '../../app/runbooks/ports';
import { runSession, type RunSessionOutcome } from '../../app/runbooks/runSession';
import { stepFoldersFor } from '../../app/runbooks/stepFolders';
import { confirmationReasons, dangerReasons, needsConfirmation } from '../../core/runbooks/danger';
import { hasErrors } from '../../core/runbooks/lint';
import { resolveParams } from '../../core/runbooks/params';
import { findStep, parseRunbook } from '../../core/runbooks/parse';
import { planRun, type RunMode } from '../../core/runbooks/runPlan';
import type { ParamSpec, ParsedRunbook, RunbookStep } from '../../core/runbooks/types';
import type { StepRunResult } from '../../runbooks/stepRunner';
import { displayPath, findRepoRoot } from '../../runbooks/workspace';
import { UsageError, type CliCommand, type CliIo } from '../command';

const usage = `Usage:
  incident-desk runbook steps FILE [--json]
  incident-desk runbook run FILE (--step NAME | --all) [options]

"steps" prints the parsed steps of a runbook (JSON lines are 0-based).
"run" runs steps in a child shell, one after another, and stops at the first
step that fails. Steps marked confirm=true and steps with destructive commands
(rm -rf, DROP TABLE, kubectl delete, terraform apply, git push --force, ...) ask
first on a terminal; without a terminal they need --yes. Every step run is
appended to the execution log.

Options for run:
  --step NAME       run one step (names: see "steps")
  --all             run every step except those marked excludeFromRunAll
  --yes             confirm every step up front (for CI)
  --param K=V       a param value (repeatable); otherwise the environment variable
                    K, then the param's default. Secret params are read only from
                    the environment, never from the command line.
  --log FILE        execution log (default: .incident-desk/executions.jsonl in the repository)
  --incident ID     record the runs against this incident
`;

/** How the command asks a person; replaced in tests, where no terminal exists. */
export interface Prompter {
  /** True when someone can answer (stdin is a terminal). */
  readonly interactive: boolean;
  /** Resolves true only for an explicit yes. */
  confirm(question: string): Promise<boolean>;
  /** Asks for a param's value (not echoed when secret); undefined or '' when the person declines. */
  ask(question: string, options: { secret: boolean; initial?: string }): Promise<string | undefined>;
}

export interface RunbookCommandDeps {
  prompter?: () => Prompter;
  /** Registers a Ctrl-C handler for the duration of a run; returns its removal. */
  onInterrupt?: (handler: () => void) => () => void;
}

const MAX_RUNBOOK_BYTES = 10 * 1024 * 1024;

export function createRunbookCommand(deps: RunbookCommandDeps = {}): CliCommand {
  const prompter = deps.prompter ?? terminalPrompter;
  const onInterrupt = deps.onInterrupt ?? processInterrupts;
  return {
    name: 'runbook',
    summary: 'list or run the steps of one runbook',
    usage,
    run: async (args, io) => {
      const { values, positionals } = readArgs(args);
      const [sub, file, ...extra] = positionals;
      if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0] ?? ''}'`);
      if (sub !== 'steps' && sub !== 'run') {
        throw new UsageError(sub === undefined ? 'missing sub-command: steps or run' : `unknown sub-command '${sub}'`);
      }
      if (file === undefined) throw new UsageError('missing the runbook FILE');
      const runbookFile = path.resolve(io.cwd, file);
      const parsed = parseRunbook(await readRunbook(runbookFile));
      if (sub === 'steps') return printSteps(parsed, displayPath(io.cwd, runbookFile), values.json === true, io);
      if (values.json) throw new UsageError('--json is for "steps"');
      return runSteps({ parsed, runbookFile, values, io, prompter: prompter(), onInterrupt });
    },
  };
}

export const runbookCommand: CliCommand = createRunbookCommand();

function readArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      step: { type: 'string' },
      all: { type: 'boolean' },
      yes: { type: 'boolean' },
      param: { type: 'string', multiple: true },
      log: { type: 'string' },
      incident: { type: 'string' },
    },
  });
}

type RunValues = ReturnType<typeof readArgs>['values'];

async function readRunbook(file: string): Promise<string> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new Error(`${file}: no such runbook file.`);
  if (stat.size > MAX_RUNBOOK_BYTES) throw new Error(`${file} is ${stat.size} bytes; runbooks over ${MAX_RUNBOOK_BYTES} bytes are not read.`);
  return fs.readFile(file, 'utf8');
}

function printSteps(parsed: ParsedRunbook, shown: string, json: boolean, io: CliIo): number {
  if (json) {
    const steps = parsed.steps.map((step) => ({
      ...step,
      needsConfirmation: step.runnable && needsConfirmation(step),
      dangerReasons: dangerReasons(step.commands),
    }));
    io.stdout(`${JSON.stringify({ runbook: shown, frontMatter: parsed.frontMatter ?? null, steps, diagnostics: parsed.diagnostics }, null, 2)}\n`);
    return 0;
  }
  io.stdout(`${parsed.frontMatter?.title ?? shown}\n`);
  for (const step of parsed.steps) {
    const flags = [
      step.runnable ? '' : 'not run',
      step.runnable && needsConfirmation(step) ? 'asks first' : '',
      step.attributes.excludeFromRunAll ? 'not in --all' : '',
      step.attributes.timeout !== undefined ? `timeout ${step.attributes.timeout} s` : '',
    ].filter((f) => f !== '');
    const lines = `lines ${step.range.startLine + 1}-${step.range.endLine + 1}`;
    io.stdout(`  ${step.index + 1}. ${step.name}  [${step.language || 'text'}, ${lines}${flags.length ? `; ${flags.join('; ')}` : ''}]\n`);
  }
  return 0;
}

interface RunContext {
  parsed: ParsedRunbook;
  runbookFile: string;
  values: RunValues;
  io: CliIo;
  prompter: Prompter;
  onInterrupt: (handler: () => void) => () => void;
}

/** `runbook run`: the shared run session, with a child shell, a terminal prompt and the repository's log as its ports. */
async function runSteps(context: RunContext): Promise<number> {
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
        }),
        asker: terminalAsker(prompter, io),
        params: cliParamSource(given, io, prompter),
        folders: stepFoldersFor(nodeFileSystem, runbookFile, root),
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

/** `--step NAME` or `--all`, as the session's mode; which steps that means is the core plan's business. */
function chooseSteps(parsed: ParsedRunbook, values: RunValues): { mode: RunMode; stepIndex?: number } {
  if ((values.step === undefined) === (values.all !== true)) throw new UsageError('choose one: --step NAME or --all');
  if (values.step === undefined) {
    const planned = planRun(parsed, 'all');
    if (!planned.ok) throw new UsageError('this runbook has no steps for --all');
    return { mode: 'all' };
  }
  const step = findStep(parsed, values.step);
  if (!step) {
    const names = parsed.steps.filter((s) => s.runnable).map((s) => s.name);
    throw new UsageError(`no step named '${values.step}'; steps: ${names.join(', ') || '(none)'}`);
  }
  if (!step.runnable) throw new UsageError(`step '${step.name}' is a ${step.language || 'plain'} block, not a shell step`);
  const planned = planRun(parsed, 'step', step.index);
  if (!planned.ok) throw new UsageError(planned.error);
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

function terminalPrompter(): Prompter {
  return {
    interactive: process.stdin.isTTY === true,
    confirm: async (question) => {
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await new Promise<string>((resolve) => {
          // Ctrl-C or Ctrl-D at the prompt is a no, not a hang.
          rl.on('SIGINT', () => resolve(''));
          rl.on('close', () => resolve(''));
          rl.question(`${question} [y/N] `, resolve);
        });
        return /^(y|yes)$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
    ask: async (question, { secret }) => {
      // A secret is typed blind: readline writes through `muted`, which drops the echo.
      let echo = true;
      const muted = new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (echo) process.stderr.write(chunk);
          done();
        },
      });
      const rl = readline.createInterface({ input: process.stdin, output: muted, terminal: true });
      try {
        return await new Promise<string | undefined>((resolve) => {
          rl.on('SIGINT', () => resolve(undefined));
          rl.on('close', () => resolve(undefined));
          rl.question(`${question}${secret ? ' (hidden)' : ''}: `, (answer) => resolve(answer));
          echo = !secret;
        });
      } finally {
        echo = true;
        rl.close();
        if (secret) process.stderr.write('\n');
      }
    },
  };
}

/** Ctrl-C, a closed terminal or a cancelled CI job: the step's own process group would not hear them. */
const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function processInterrupts(handler: () => void): () => void {
  for (const signal of STOP_SIGNALS) process.on(signal, handler);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, handler);
  };
}
