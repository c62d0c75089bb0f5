import { COMMAND_WORDS, KNOWN_LANGUAGES } from './fenceWords';
import { paramReferences } from './params';
import { variableAssignments, variableReferences, WELL_KNOWN_VARIABLES } from './shellVars';
import type { ParsedRunbook, RunbookDiagnostic } from './types';

/**
 * Everything the Problems panel and `incident-desk runbooks lint` report for one
 * runbook: the parser's structural diagnostics plus the rules below. Errors make
 * the command line exit non-zero; warnings and infos do not.
 */

export interface LintOptions {
  /** "Now", for the review-age rule; injected so results do not depend on the clock. */
  today: Date;
  /** A `last_reviewed` older than this many days is stale. Default 90. */
  reviewIntervalDays?: number;
  /**
   * Policy `runbooks: { strict: true }`: a file without front matter gets every
   * finding that depends on it. Otherwise it gets one note, so a team adopting
   * Incident Desk on existing runbooks sees what is wrong, not a wall of warnings.
   */
  strict?: boolean;
}

export const DEFAULT_REVIEW_INTERVAL_DAYS = 90;
const DAY_MS = 24 * 3600 * 1000;

export function lintRunbook(parsed: ParsedRunbook, options: LintOptions): RunbookDiagnostic[] {
  // Without front matter nothing is declared, so every $VAR would be "undeclared".
  const lenient = !options.strict && parsed.frontMatter === undefined && !parsed.diagnostics.some((d) => d.code.startsWith('front-matter'));
  const diagnostics = [
    ...parsed.diagnostics,
    ...(lenient ? [info('missing-front-matter', 'No front matter, so the front-matter checks are off: add title, services, owner, last_reviewed and params between --- lines at the top (policy runbooks.strict: true reports them all).', 0)] : frontMatterRules(parsed, options)),
    ...stepRules(parsed),
    ...fenceRules(parsed),
    ...(lenient ? [] : variableRules(parsed)),
  ];
  return diagnostics.sort((a, b) => a.line - b.line || severityRank(a) - severityRank(b));
}

export function hasErrors(diagnostics: readonly RunbookDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Review age in whole days, or undefined when `last_reviewed` is missing. */
export function reviewAgeDays(lastReviewed: string | undefined, today: Date): number | undefined {
  if (lastReviewed === undefined) return undefined;
  const reviewed = Date.parse(`${lastReviewed}T00:00:00Z`);
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Math.round((day - reviewed) / DAY_MS);
}

/** True when the runbook needs a review: never reviewed, or reviewed too long ago. */
export function isStale(lastReviewed: string | undefined, options: LintOptions): boolean {
  const age = reviewAgeDays(lastReviewed, options.today);
  return age === undefined || age > (options.reviewIntervalDays ?? DEFAULT_REVIEW_INTERVAL_DAYS);
}

function frontMatterRules(parsed: ParsedRunbook, options: LintOptions): RunbookDiagnostic[] {
  const frontMatter = parsed.frontMatter;
  if (!frontMatter) {
    // A front matter that failed to parse already has its own error.
    const broken = parsed.diagnostics.some((d) => d.code.startsWith('front-matter'));
    return broken
      ? []
      : [warning('missing-front-matter', 'No front matter: add title, services, owner and last_reviewed between --- lines at the top.', 0)];
  }
  const found: RunbookDiagnostic[] = [];
  if (!frontMatter.title) found.push(warning('missing-title', 'Front matter has no title.', 0));
  if (frontMatter.services.length === 0) {
    found.push(warning('missing-services', 'Front matter lists no services: say which services this runbook touches.', 0));
  }
  const interval = options.reviewIntervalDays ?? DEFAULT_REVIEW_INTERVAL_DAYS;
  const age = reviewAgeDays(frontMatter.lastReviewed, options.today);
  if (age === undefined) {
    found.push(warning('missing-last-reviewed', 'Front matter has no last_reviewed date (YYYY-MM-DD); the runbook counts as stale.', 0));
  } else if (age > interval) {
    found.push(
      warning('stale-review', `Last reviewed ${frontMatter.lastReviewed}, ${age} days ago; the review interval is ${interval} days.`, 0),
    );
  } else if (age < -1) {
    found.push(info('review-in-future', `last_reviewed ${frontMatter.lastReviewed} is in the future.`, 0));
  }
  return found;
}

function stepRules(parsed: ParsedRunbook): RunbookDiagnostic[] {
  const runnable = parsed.steps.filter((s) => s.runnable);
  if (runnable.length === 0) {
    return [warning('no-runnable-steps', 'No runnable steps: fence commands as ```sh, bash, zsh, shell, console or pwsh.', 0)];
  }
  return runnable
    .filter((step) => step.commands.trim() === '')
    .map((step) => warning('empty-step', `Step '${step.name}' has nothing to run.`, step.range.startLine));
}

const SHELL_NAMES = ['sh', 'bash', 'zsh', 'shell', 'console'];

function fenceRules(parsed: ParsedRunbook): RunbookDiagnostic[] {
  const found: RunbookDiagnostic[] = [];
  for (const step of parsed.steps) {
    const line = step.range.startLine;
    const language = step.language;
    const firstLine = (step.body.split('\n').find((l) => l.trim() !== '') ?? '').trim();
    const firstWord = /^(?:\$\s+)?([A-Za-z0-9_.-]+)/.exec(firstLine)?.[1] ?? '';
    if (language === '') {
      if (COMMAND_WORDS.has(firstWord) || /^\$\s/.test(firstLine)) {
        found.push(info('unlabelled-commands', `This block looks like commands (${firstWord || '$'} …) but has no language, so it is not a step: label it \`\`\`sh (or console for a transcript).`, line));
      }
      continue;
    }
    // A command on the fence line (```kubectl get pods) is the parser's warning, from the info string.
    if (COMMAND_WORDS.has(language) && !KNOWN_LANGUAGES.has(language)) continue;
    if (KNOWN_LANGUAGES.has(language)) continue;
    const near = SHELL_NAMES.find((name) => editDistance(language, name) <= (name.length <= 2 ? 1 : 2));
    if (near) found.push(warning('misspelt-language', `Fence language '${language}' is not one we know; did you mean \`\`\`${near}? As written, the block is shown, never run.`, line));
  }
  return found;
}

/** Levenshtein distance, for the short words of fence languages (bounded: longer words are never near). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 32) return Infinity;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length] ?? Infinity;
}

function variableRules(parsed: ParsedRunbook): RunbookDiagnostic[] {
  const params = parsed.frontMatter?.params ?? {};
  const found: RunbookDiagnostic[] = [];
  const assignedBefore = new Set<string>();
  const reported = new Set<string>();
  for (const step of parsed.steps) {
    if (!step.runnable) continue;
    const assignments = variableAssignments(step.commands, step.language);
    let next = 0;
    for (const ref of variableReferences(step.commands, step.language)) {
      // Assignments earlier in this step count, as do all in earlier steps.
      while (next < assignments.length && (assignments[next]?.offset ?? Infinity) < ref.offset) {
        assignedBefore.add(assignments[next]?.name ?? '');
        next++;
      }
      const name = ref.name;
      if (ref.optional || Object.hasOwn(params, name) || WELL_KNOWN_VARIABLES.has(name) || assignedBefore.has(name) || reported.has(name)) {
        continue;
      }
      reported.add(name);
      found.push(
        warning(
          'undeclared-param',
          `$${name} is used in step '${step.name}' but not declared under params in the front matter (nor set earlier in the runbook).`,
          step.range.startLine + 1 + lineOffset(step.commands, ref.offset, step.body),
        ),
      );
    }
    for (const rest of assignments.slice(next)) assignedBefore.add(rest.name);
  }
  const used = paramReferences(parsed.steps);
  for (const name of Object.keys(params)) {
    if (!used.has(name)) {
      found.push(
        info(
          'unused-param',
          `Param ${name} is declared but no step mentions it; it is still asked for, since scripts may read it from the environment.`,
          0,
        ),
      );
    }
  }
  return found;
}

/**
 * Line of `offset` inside the step's body. Commands equal the body for every
 * language but `console`, where the step's first line is the best we can say.
 */
function lineOffset(commands: string, offset: number, body: string): number {
  if (!body.startsWith(commands)) return 0;
  let line = 0;
  for (let i = commands.indexOf('\n'); i !== -1 && i < offset; i = commands.indexOf('\n', i + 1)) line++;
  return line;
}

function severityRank(d: RunbookDiagnostic): number {
  return d.severity === 'error' ? 0 : d.severity === 'warning' ? 1 : 2;
}

function warning(code: string, message: string, line: number): RunbookDiagnostic {
  return { severity: 'warning', code, message, line };
}

function info(code: string, message: string, line: number): RunbookDiagnostic {
  return { severity: 'info', code, message, line };
}
