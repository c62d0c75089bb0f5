import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { dangerReasons, needsConfirmation } from '../../core/runbooks/danger';
import { parseRunbookQuickly } from '../../core/runbooks/quickParse';
import type { ParsedRunbook } from '../../core/runbooks/types';
import { displayPath } from '../../runbooks/workspace';
import { UsageError, type CliCommand, type CliIo } from '../command';
import type { Prompter } from '../terminalPrompter';

const usage = `Usage:
  incident-desk runbook steps FILE [--json]
  incident-desk runbook run FILE (--step NAME | --all) [options]

"steps" prints the parsed steps of a runbook (JSON lines are 0-based).
"run" runs steps one after another in one shell session (a variable exported in
one step is there in the next) and stops at the first step that fails;
background=true steps start without waiting and stop when the run ends. Steps
marked confirm=true and steps that destroy or change things (rm -rf, kubectl
delete/apply, helm upgrade, curl -X POST, DROP TABLE, terraform apply, ...) ask
first on a terminal; without a terminal they need --yes. --step takes a step's
name or the name Runme gives it. Every step run is appended to the execution log.

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
export interface RunbookCommandDeps {
  prompter?: () => Prompter;
  /** Registers a Ctrl-C handler for the duration of a run; returns its removal. */
  onInterrupt?: (handler: () => void) => () => void;
}

const MAX_RUNBOOK_BYTES = 10 * 1024 * 1024;

export function createRunbookCommand(deps: RunbookCommandDeps = {}): CliCommand {
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
      const parsed = await parseForCli(await readRunbook(runbookFile));
      if (sub === 'steps') return printSteps(parsed, displayPath(io.cwd, runbookFile), values.json === true, io);
      if (values.json) throw new UsageError('--json is for "steps"');
      // Loaded only to run: `steps` needs neither shells, prompts nor the run session.
      const [{ runSteps }, terminal] = await Promise.all([import('./runbookRun.js'), import('../terminalPrompter.js')]);
      const prompter = deps.prompter ?? terminal.terminalPrompter;
      const onInterrupt = deps.onInterrupt ?? terminal.processInterrupts;
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

async function readRunbook(file: string): Promise<string> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new Error(`${file}: no such runbook file.`);
  if (stat.size > MAX_RUNBOOK_BYTES) throw new Error(`${file} is ${stat.size} bytes; runbooks over ${MAX_RUNBOOK_BYTES} bytes are not read.`);
  return fs.readFile(file, 'utf8');
}

/** Plain files skip markdown-it (quickParse.ts gives the same result); others load it. */
async function parseForCli(text: string): Promise<ParsedRunbook> {
  return parseRunbookQuickly(text) ?? (await import('../../core/runbooks/parse.js')).parseRunbook(text);
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
