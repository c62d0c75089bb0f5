import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parsePolicyFile, POLICY_FILE } from '../../core/policy/policyFile';
import type { TeamPolicy } from '../../core/policy/schema';
import { DEFAULT_REVIEW_INTERVAL_DAYS, isStale, lintRunbook } from '../../core/runbooks/lint';
import { parseRunbook } from '../../core/runbooks/parse';
import type { RunbookDiagnostic } from '../../core/runbooks/types';
import { displayPath, findRepoRoot, findRunbookFiles } from '../../runbooks/workspace';
import { UsageError, type CliCommand, type CliIo } from '../command';

const usage = `Usage: incident-desk runbooks lint [DIR|FILE ...] [options]

Checks runbooks (markdown files under DIR, default "runbooks") for invalid or
unknown front matter, undeclared or unused params, unclosed fences, runbooks with
nothing to run, and reviews older than the review interval. For CI: exits 1 when
any runbook has an error; warnings and notes do not fail.

Options:
  --json                       print a JSON report (lines in it are 0-based)
  --review-interval-days N     a review older than N days is stale (default: runbook_review_interval_days
                               in .incident-desk/policy.yaml, else ${DEFAULT_REVIEW_INTERVAL_DAYS})
  --today YYYY-MM-DD           date to measure review age from (default: today, UTC)
`;

/** Files larger than this are reported, not read: no runbook is this big. */
const MAX_RUNBOOK_BYTES = 10 * 1024 * 1024;

interface FileReport {
  path: string;
  title?: string;
  stale: boolean;
  diagnostics: RunbookDiagnostic[];
}

export const runbooksCommand: CliCommand = {
  name: 'runbooks',
  summary: 'lint the runbooks in a folder (for CI)',
  usage,
  run: async (args, io) => {
    const { values, positionals } = readArgs(args);
    const [sub, ...targets] = positionals;
    if (sub !== 'lint') throw new UsageError(sub === undefined ? 'missing sub-command: lint' : `unknown sub-command '${sub}'`);
    const policy = await repositoryPolicy(io);
    const options = {
      today: parseToday(values.today),
      reviewIntervalDays: parseInterval(values['review-interval-days']) ?? policy.runbookReviewIntervalDays,
      strict: policy.runbooks.strict,
    };

    const files = await collectFiles(targets.length > 0 ? targets : ['runbooks'], io);
    const reports: FileReport[] = [];
    for (const file of files) reports.push(await lintFile(file, io, options));

    const count = (severity: RunbookDiagnostic['severity']) =>
      reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === severity).length, 0);
    const summary = { runbooks: reports.length, errors: count('error'), warnings: count('warning'), infos: count('info') };
    if (values.json) {
      io.stdout(`${JSON.stringify({ runbooks: reports, summary }, null, 2)}\n`);
    } else {
      for (const report of reports) {
        for (const d of report.diagnostics) {
          io.stdout(`${report.path}:${d.line + 1}: ${d.severity} [${d.code}] ${d.message}\n`);
        }
      }
      io.stdout(
        `${plural(summary.runbooks, 'runbook')} checked: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'note')}.\n`,
      );
    }
    return summary.errors > 0 ? 1 : 0;
  },
};

function readArgs(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean', default: false },
      'review-interval-days': { type: 'string' },
      today: { type: 'string' },
    },
  });
}

/** The repository's policy (review interval, strict lint), so CI and the editor agree. */
async function repositoryPolicy(io: CliIo): Promise<Pick<TeamPolicy, 'runbookReviewIntervalDays' | 'runbooks'>> {
  const root = findRepoRoot(io.cwd) ?? io.cwd;
  const text = await fs.readFile(path.join(root, POLICY_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return { runbookReviewIntervalDays: DEFAULT_REVIEW_INTERVAL_DAYS, runbooks: { strict: false } };
  const { policy, fromFile } = parsePolicyFile(text);
  if (!fromFile) io.stderr(`incident-desk runbooks: ${POLICY_FILE} has errors; using the default review interval.\n`);
  return policy;
}

async function collectFiles(targets: string[], io: CliIo): Promise<string[]> {
  const files: string[] = [];
  for (const target of targets) {
    const full = path.resolve(io.cwd, target);
    const stat = await fs.stat(full).catch(() => undefined);
    if (!stat) throw new Error(`${target}: no such file or folder.`);
    if (stat.isDirectory()) files.push(...(await findRunbookFiles(full)));
    else files.push(full);
  }
  return files;
}

async function lintFile(file: string, io: CliIo, options: { today: Date; reviewIntervalDays: number; strict: boolean }): Promise<FileReport> {
  const shown = displayPath(io.cwd, file);
  const unreadable = (message: string): FileReport => ({
    path: shown,
    stale: true,
    diagnostics: [{ severity: 'error', code: 'unreadable', message, line: 0 }],
  });
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_RUNBOOK_BYTES) return unreadable(`File is ${stat.size} bytes; runbooks over ${MAX_RUNBOOK_BYTES} bytes are not read.`);
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    return unreadable(`Cannot read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseRunbook(text);
  const report: FileReport = {
    path: shown,
    stale: isStale(parsed.frontMatter?.lastReviewed, options),
    diagnostics: lintRunbook(parsed, options),
  };
  if (parsed.frontMatter?.title !== undefined) report.title = parsed.frontMatter.title;
  return report;
}

function parseToday(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--today must be a date written YYYY-MM-DD, not ${JSON.stringify(value)}`);
  }
  return date;
}

function parseInterval(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new UsageError(`--review-interval-days must be a whole number of days, not ${JSON.stringify(value)}`);
  }
  return Number(value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
