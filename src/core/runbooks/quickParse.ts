import { assembleRunbook, prepareText, type MarkdownBlock } from './assemble';
import type { ParsedRunbook } from './types';

/**
 * `parseRunbook` without markdown-it, for files plain enough that fences and
 * headings can be found line by line exactly as CommonMark (markdown-it) finds
 * them: top-level ``` / ~~~ fences at column 0, ATX headings whose text has no
 * inline markup but code spans. Anything that could change what is a fence or a
 * heading — HTML blocks, fences or headings inside lists and quotes, indented
 * fences, setext headings, tabs in indentation, markup in headings — makes it
 * answer `undefined`, and the caller uses parse.ts. A unit test holds every answer
 * it gives equal to parseRunbook's, on the shipped runbooks and a real corpus.
 *
 * Why: `incident-desk runbook steps` is a short command, and loading markdown-it
 * and warming it up was most of its start-up.
 */
export function parseRunbookQuickly(text: string): ParsedRunbook | undefined {
  if (text.includes('\0')) return undefined;
  const prepared = prepareText(text);
  const blocks = scanPlainMarkdown(prepared.markdown);
  return blocks && assembleRunbook(prepared, blocks);
}

const HEADING = /^(#{1,6})(?:[ \t]|$)/;
const FENCE_OPEN = /^(`{3,}|~{3,})/;
/** List markers and quote markers, possibly nested, at the start of a line. */
const CONTAINER = /^(?:[ \t]*(?:>[ \t]?|[-+*][ \t]+|\d{1,9}[.)][ \t]+))+/;
/** Any indentation: inside a list item a deeper underline still makes a heading. */
const SETEXT_UNDERLINE = /^[ \t]*(?:-+|=+)[ \t]*$/;
/** Characters that start inline markup other than code spans (markdown-it's rules: escape, emphasis, links, images, HTML, entities). */
const INLINE_MARKUP = /[\\*_~[\]!<&]/;

/** Headings and fences in document order, or undefined when the text is not plain enough. */
export function scanPlainMarkdown(markdown: string): MarkdownBlock[] | undefined {
  const lines = markdown.split('\n');
  // As markdown-it counts: a final line break does not start another line.
  const lineCount = markdown.endsWith('\n') ? lines.length - 1 : lines.length;
  const blocks: MarkdownBlock[] = [];
  let previousBlank = true;
  for (let i = 0; i < lineCount; i++) {
    const line = lines[i] ?? '';
    const open = FENCE_OPEN.exec(line);
    if (open) {
      const markup = open[1] ?? '';
      const info = line.slice(markup.length);
      if (!(markup.startsWith('`') && info.includes('`'))) {
        const close = findClosingFence(lines, lineCount, i, markup);
        if (close === 'unsure') return undefined;
        const end = close ?? lineCount;
        blocks.push({ kind: 'fence', info, markup, content: contentLines(lines, i + 1, end), map: [i, close === undefined ? end : end + 1] });
        i = end;
        previousBlank = false;
        continue;
      }
    }
    const trimmed = line.trimStart();
    if (trimmed === '') {
      previousBlank = true;
      continue;
    }
    const indented = trimmed.length !== line.length;
    if (indented && /^[ ]*\t/.test(line)) return undefined;
    if (trimmed.includes('```') || trimmed.includes('~~~')) {
      // A fence that is not at column 0 (in a list, a quote, indented) or text that merely mentions one.
      return undefined;
    }
    const container = CONTAINER.exec(line);
    const rest = container ? line.slice(container[0].length).trimStart() : trimmed;
    // HTML blocks can hide fences (<!-- -->); headings in containers or indented still name steps.
    if (trimmed.startsWith('<') || rest.startsWith('<')) return undefined;
    if ((indented || container) && (HEADING.test(trimmed) || HEADING.test(rest))) return undefined;
    if ((!previousBlank || container) && (SETEXT_UNDERLINE.test(line) || SETEXT_UNDERLINE.test(rest))) return undefined;
    const heading = HEADING.exec(line);
    if (heading) {
      const text = headingText(line.slice(heading[1]?.length ?? 0));
      if (text === undefined) return undefined;
      blocks.push({ kind: 'heading', level: heading[1]?.length ?? 1, text });
    }
    previousBlank = false;
  }
  return blocks;
}

/** The closing line of a fence opened at `start`; undefined when it never closes. */
function findClosingFence(lines: readonly string[], lineCount: number, start: number, markup: string): number | 'unsure' | undefined {
  const marker = markup[0] ?? '`';
  for (let j = start + 1; j < lineCount; j++) {
    const line = lines[j] ?? '';
    let pos = 0;
    while (line[pos] === ' ' || line[pos] === '\t') pos++;
    if (line[pos] !== marker) continue;
    if (line.slice(0, pos).includes('\t')) return 'unsure';
    if (pos >= 4) continue;
    let run = pos;
    while (line[run] === marker) run++;
    if (run - pos < markup.length) continue;
    if (/^[ \t]*$/.test(line.slice(run))) return j;
  }
  return undefined;
}

/** Each line with its line break, as markdown-it takes them (the text's last line may have none). */
function contentLines(lines: readonly string[], from: number, to: number): string {
  let content = '';
  for (let j = from; j < to; j++) content += j === lines.length - 1 ? (lines[j] ?? '') : `${lines[j] ?? ''}\n`;
  return content;
}

/**
 * An ATX heading's text as markdown-it's inline parse leaves it for step names:
 * closing #s dropped, code spans' content kept. Undefined when other markup is there.
 */
function headingText(afterHashes: string): string | undefined {
  let max = afterHashes.length;
  while (max > 0 && (afterHashes[max - 1] === ' ' || afterHashes[max - 1] === '\t')) max--;
  let hashes = max;
  while (hashes > 0 && afterHashes[hashes - 1] === '#') hashes--;
  if (hashes < max && hashes > 0 && (afterHashes[hashes - 1] === ' ' || afterHashes[hashes - 1] === '\t')) max = hashes;
  const content = asciiTrim(afterHashes.slice(0, max));
  let text = '';
  for (let pos = 0; pos < content.length; ) {
    const c = content[pos] ?? '';
    if (c !== '`') {
      if (INLINE_MARKUP.test(c)) return undefined;
      text += c;
      pos++;
      continue;
    }
    let run = pos;
    while (content[run] === '`') run++;
    const length = run - pos;
    const close = closingRun(content, run, length);
    if (close === -1) {
      text += content.slice(pos, run);
      pos = run;
      continue;
    }
    let code = content.slice(run, close);
    if (code.startsWith(' ') && code.endsWith(' ') && /[^ ]/.test(code)) code = code.slice(1, -1);
    text += code;
    pos = close + length;
  }
  return text.trim();
}

/** Start of the next run of exactly `length` backticks at or after `from`, or -1. */
function closingRun(text: string, from: number, length: number): number {
  for (let pos = from; pos < text.length; ) {
    if (text[pos] !== '`') {
      pos++;
      continue;
    }
    let run = pos;
    while (text[run] === '`') run++;
    if (run - pos === length) return pos;
    pos = run;
  }
  return -1;
}

function asciiTrim(text: string): string {
  return text.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
}
