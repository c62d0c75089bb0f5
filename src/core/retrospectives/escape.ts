/**
 * Remote text (incident titles, notes, commit subjects, runbook commands) lands in a
 * markdown file that people review as a pull request. These helpers make sure such
 * text reads as text: it cannot open a heading, list, table, link, image or HTML
 * element, and it can never produce one of the file's marker lines.
 */

/** C0/C1 controls (tab and newlines are handled separately) and bidi overrides ("trojan source"). */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Characters that start inline markdown or HTML anywhere in a line. */
const INLINE_SPECIALS = /[\\`*_[\]<>|~&!]/g;

/** Characters that start block structure when they open a line (headings, quotes, lists, setext rules). */
const BLOCK_OPENERS = /^([#>+=-])/;
const ORDERED_LIST_OPENER = /^(\d{1,9})([.)])/;

/** One line of plain text: no line breaks, no invisible characters, runs of spaces collapsed. */
export function singleLine(text: string): string {
  return text
    .replace(/\r\n|\r|\n|\t|\u2028|\u2029/g, ' ')
    .replace(INVISIBLE, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Remote text as one line of inline markdown that renders exactly as the text. */
export function escapeInline(text: string): string {
  return escapeLineStart(singleLine(text).replace(INLINE_SPECIALS, (c) => `\\${c}`));
}

/**
 * Remote multi-line text as markdown paragraphs: line breaks and blank lines are kept,
 * nothing else is structure. Indentation is dropped so no line becomes a code block.
 */
export function escapeParagraphs(text: string): string {
  const lines = text.replace(/\r\n|\r/g, '\n').split('\n');
  const out: string[] = [];
  for (const raw of lines) {
    const line = escapeInline(raw);
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out.join('\n');
}

/**
 * A code span that holds any text literally: the fence is one backtick longer than the
 * longest backtick run inside, so the text cannot close it early.
 */
export function codeSpan(text: string): string {
  const body = singleLine(text);
  if (body === '') return '` `';
  const longestRun = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Text cut to at most `max` characters, on a character (not UTF-16 unit) boundary. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * A URL that may appear as a link target: http(s) only, and nothing that could end the
 * link early or start HTML. Anything else is not linked at all.
 */
export function safeLinkTarget(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (!/^https?:\/\/[^\s<>()[\]`"'\\]+$/i.test(url)) return undefined;
  return url;
}

function escapeLineStart(line: string): string {
  if (BLOCK_OPENERS.test(line)) return `\\${line}`;
  const ordered = ORDERED_LIST_OPENER.exec(line);
  if (ordered) return `${ordered[1]}\\${line.slice((ordered[1] ?? '').length)}`;
  return line;
}
