import MarkdownIt from 'markdown-it';
import { parseInfoString } from './attributes';
import { commandsFor, isRunnableLanguage } from './commands';
import { parseFrontMatter } from './frontMatter';
import { assignStepNames } from './stepNames';
import type { ParsedRunbook, RunbookDiagnostic, RunbookStep, StepAttributes } from './types';

export type * from './types';

/**
 * Runbook markdown → front matter, steps and structural diagnostics. Pure and
 * total: any text gives a result, never an exception, and nothing in the text is
 * evaluated. The editor calls this on every change (CodeLens), so it stays one pass
 * over markdown-it's block tokens.
 *
 * @example
 *   const { steps } = parseRunbook(text);
 *   const step = steps.find((s) => s.range.startLine === line);
 */
export function parseRunbook(text: string): ParsedRunbook {
  const source = normalize(text);
  const lines = source.split('\n');
  const front = parseFrontMatter(lines);
  const diagnostics: RunbookDiagnostic[] = [...front.diagnostics];

  // Front matter lines become blank, not removed, so markdown-it's line numbers
  // stay the file's line numbers.
  const markdown = front.block
    ? [...lines.slice(0, front.block.endLine + 1).map(() => ''), ...lines.slice(front.block.endLine + 1)].join('\n')
    : source;

  const fences = collectFences(markdownParser.parse(markdown, {}), lines, diagnostics);
  const names = assignStepNames(fences.map((f) => ({ explicit: f.attributes.name, heading: f.headingPath.at(-1) })));
  const steps: RunbookStep[] = fences.map((fence, index) => {
    const assigned = names[index] ?? { name: `step-${index + 1}`, renamedDuplicate: false };
    if (assigned.renamedDuplicate) {
      diagnostics.push({
        severity: 'warning',
        code: 'duplicate-step-name',
        message: `Another step is already named '${fence.attributes.name ?? ''}'; this one is '${assigned.name}'.`,
        line: fence.range.startLine,
      });
    }
    return { index, name: assigned.name, ...fence };
  });
  diagnostics.sort((a, b) => a.line - b.line);
  return { frontMatter: front.frontMatter, steps, diagnostics };
}

/** Finds a step by name (as `--step NAME` and the editor's commands do). */
export function findStep(parsed: ParsedRunbook, name: string): RunbookStep | undefined {
  return parsed.steps.find((step) => step.name === name);
}

/** The step whose fence contains a 0-based line (for CodeLens and "run at cursor"). */
export function stepAtLine(parsed: ParsedRunbook, line: number): RunbookStep | undefined {
  // Steps are in file order and do not overlap: binary search keeps 500-step files cheap.
  let lo = 0;
  let hi = parsed.steps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const step = parsed.steps[mid];
    if (!step) return undefined;
    if (line < step.range.startLine) hi = mid - 1;
    else if (line > step.range.endLine) lo = mid + 1;
    else return step;
  }
  return undefined;
}

// `html: true` so fences inside HTML comments stay hidden, as they are when rendered.
const markdownParser = new MarkdownIt({ html: true });
// Steps need the block structure only: inline markup is parsed for headings alone
// (their text names steps), which keeps a parse cheaper than markdown-it's full one.
markdownParser.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);
type Token = ReturnType<typeof markdownParser.parse>[number];

type Fence = Omit<RunbookStep, 'index' | 'name'>;

function collectFences(tokens: Token[], lines: readonly string[], diagnostics: RunbookDiagnostic[]): Fence[] {
  const fences: Fence[] = [];
  const headings: { level: number; text: string }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.type === 'heading_open') {
      const level = Number(token.tag.slice(1));
      while (headings.length > 0 && (headings.at(-1)?.level ?? 0) >= level) headings.pop();
      headings.push({ level, text: plainText(tokens[i + 1]) });
      continue;
    }
    if (token.type !== 'fence' || !token.map) continue;
    const [startLine, endExclusive] = token.map;
    const endLine = Math.max(startLine, endExclusive - 1);
    const closed = endLine > startLine && isClosingFence(lines[endLine] ?? '', token.markup);
    const info = parseInfoString(token.info);
    for (const problem of info.problems) {
      diagnostics.push({ severity: problem.severity, code: problem.code, message: problem.message, line: startLine });
    }
    if (!closed) {
      diagnostics.push({
        severity: 'error',
        code: 'unclosed-fence',
        message: `This ${token.markup} block is never closed, so it swallows everything to line ${endLine + 1}. Add a closing ${token.markup}.`,
        line: startLine,
        endLine,
      });
    }
    const runnable = isRunnableLanguage(info.language);
    fences.push({
      headingPath: headings.map((h) => h.text),
      language: info.language,
      runnable,
      attributes: info.attributes satisfies StepAttributes,
      body: token.content,
      commands: commandsFor(info.language, token.content),
      range: { startLine, endLine },
      closed,
    });
  }
  return fences;
}

/** A closing fence: the same character, at least as many, nothing else (inside lists or quotes too). */
function isClosingFence(line: string, markup: string): boolean {
  const char = markup[0];
  if (char === undefined) return false;
  const rest = line.replace(/^[ \t>]*/, '');
  let run = 0;
  while (rest[run] === char) run++;
  return run >= markup.length && rest.slice(run).trim() === '';
}

function plainText(heading: Token | undefined): string {
  if (!heading || heading.type !== 'inline') return '';
  const children: Token[] = [];
  markdownParser.inline.parse(heading.content, markdownParser, {}, children);
  const parts = children.map((child) => {
    if (child.type === 'text' || child.type === 'code_inline') return child.content;
    if (child.type === 'softbreak' || child.type === 'hardbreak') return ' ';
    return '';
  });
  return parts.join('').trim();
}

/** BOM off, every line ending as LF: markdown-it does the same, and lines must agree. */
function normalize(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.replace(/\r\n?/g, '\n');
}
