import { parseInfoString } from './attributes';
import { commandsFor, isRunnableLanguage } from './commands';
import { parseFrontMatter, type FrontMatterResult } from './frontMatter';
import { assignStepNames, runmeNames } from './stepNames';
import type { ParsedRunbook, RunbookDiagnostic, RunbookStep, StepAttributes } from './types';

/**
 * What a markdown parser found that runbooks care about, in document order:
 * headings (their text names steps) and fenced code blocks. Both parse.ts
 * (markdown-it) and quickParse.ts (a scanner for plain files) produce these;
 * everything after — steps, names, diagnostics — is this one module.
 */
export type MarkdownBlock =
  | { kind: 'heading'; level: number; text: string }
  | {
      kind: 'fence';
      /** The info string, unescaped as CommonMark does. */
      info: string;
      /** The opening run, e.g. ``` or ~~~~. */
      markup: string;
      /** The content, indentation of the fence removed, final newline kept. */
      content: string;
      /** 0-based line of the opening fence, and the line after the block. */
      map: [number, number];
    };

export interface PreparedText {
  /** Line `n` (0-based) of the normalized (no BOM, LF) file. */
  lineAt: (line: number) => string;
  front: FrontMatterResult;
  /** The text markdown is parsed from: front matter lines blank, so line numbers stay the file's. */
  markdown: string;
}

export function prepareText(text: string): PreparedText {
  const source = normalize(text);
  // Splitting a megabyte into lines is most of the cost of this step, so only a file
  // that may have front matter is split; other lines are sliced out when asked for.
  const lineAt = lineReader(source);
  if (!source.startsWith('---')) return { lineAt, front: parseFrontMatter([]), markdown: source };
  // Only the front matter's lines: up to its closing line (or all of them when it has none).
  const head: string[] = [];
  let next = 0;
  while (next <= source.length) {
    const end = source.indexOf('\n', next);
    const line = source.slice(next, end === -1 ? source.length : end);
    head.push(line);
    next = end === -1 ? source.length + 1 : end + 1;
    if (head.length > 1 && /^(---|\.\.\.)[ \t]*$/.test(line)) break;
  }
  const front = parseFrontMatter(head);
  if (!front.block) return { lineAt, front, markdown: source };
  const blank = front.block.endLine + 1;
  const markdown = next <= source.length ? '\n'.repeat(blank) + source.slice(next) : '\n'.repeat(blank - 1);
  return { lineAt, front, markdown };
}

function lineReader(text: string): (line: number) => string {
  let starts: number[] | undefined;
  return (line) => {
    if (!starts) {
      starts = [0];
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    }
    const start = starts[line];
    if (start === undefined) return '';
    const end = starts[line + 1];
    return text.slice(start, end === undefined ? text.length : end - 1);
  };
}

export function assembleRunbook(prepared: PreparedText, blocks: Iterable<MarkdownBlock>): ParsedRunbook {
  const { lineAt, front } = prepared;
  const diagnostics: RunbookDiagnostic[] = [...front.diagnostics];
  const fences = collectFences(blocks, lineAt, diagnostics);
  const names = assignStepNames(fences.map((f) => ({ explicit: f.attributes.name, heading: f.headingPath.at(-1) })));
  const derived = runmeNames(fences.map((f) => ({ explicit: f.attributes.name, body: f.body })));
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
    const derivedName = derived[index];
    return { index, name: assigned.name, ...(derivedName !== undefined && derivedName !== assigned.name ? { derivedName } : {}), ...fence };
  });
  diagnostics.sort((a, b) => a.line - b.line);
  return { frontMatter: front.frontMatter, steps, diagnostics };
}

type Fence = Omit<RunbookStep, 'index' | 'name'>;

function collectFences(blocks: Iterable<MarkdownBlock>, lineAt: (line: number) => string, diagnostics: RunbookDiagnostic[]): Fence[] {
  const fences: Fence[] = [];
  const headings: { level: number; text: string }[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      while (headings.length > 0 && (headings.at(-1)?.level ?? 0) >= block.level) headings.pop();
      headings.push({ level: block.level, text: block.text });
      continue;
    }
    const [startLine, endExclusive] = block.map;
    const endLine = Math.max(startLine, endExclusive - 1);
    const closed = endLine > startLine && isClosingFence(lineAt(endLine), block.markup);
    const info = parseInfoString(block.info);
    for (const problem of info.problems) {
      diagnostics.push({ severity: problem.severity, code: problem.code, message: problem.message, line: startLine });
    }
    if (!closed) {
      diagnostics.push({
        severity: 'error',
        code: 'unclosed-fence',
        message: `This ${block.markup} block is never closed, so it swallows everything to line ${endLine + 1}. Add a closing ${block.markup}.`,
        line: startLine,
        endLine,
      });
    }
    fences.push({
      headingPath: headings.map((h) => h.text),
      language: info.language,
      runnable: isRunnableLanguage(info.language),
      attributes: info.attributes satisfies StepAttributes,
      body: block.content,
      commands: commandsFor(info.language, block.content),
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

/** BOM off, every line ending as LF: markdown-it does the same, and lines must agree. */
function normalize(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom;
}
