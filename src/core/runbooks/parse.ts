import MarkdownIt from 'markdown-it';
import { assembleRunbook, prepareText, type MarkdownBlock } from './assemble';
import type { ParsedRunbook } from './types';

export type * from './types';
export { findStep, stepAtLine } from './stepLookup';

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
  const prepared = prepareText(text);
  const markdown = prepared.markdown.includes('\0') ? prepared.markdown.replace(/\0/g, '\ufffd') : prepared.markdown;
  return assembleRunbook(prepared, blocksOf(markdownParser.parse(markdown, {})));
}

// `html: true` so fences inside HTML comments stay hidden, as they are when rendered.
const markdownParser = new MarkdownIt({ html: true });
// Steps need the block structure only: inline markup is parsed for headings alone
// (their text names steps), which keeps a parse cheaper than markdown-it's full one.
// Line endings are normalized already (prepareText); markdown-it's own pass would
// only redo that, so it is off and NUL is replaced here, as it would do.
markdownParser.core.ruler.disable(['normalize', 'inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);
type Token = ReturnType<typeof markdownParser.parse>[number];

function blocksOf(tokens: Token[]): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.type === 'heading_open') blocks.push({ kind: 'heading', level: Number(token.tag.slice(1)), text: plainText(tokens[i + 1]) });
    else if (token.type === 'fence' && token.map) {
      blocks.push({ kind: 'fence', info: token.info, markup: token.markup, content: token.content, map: [token.map[0], token.map[1]] });
    }
  }
  return blocks;
}

function plainText(heading: Token | undefined): string {
  if (!heading || heading.type !== 'inline') return '';
  // Without markup characters the inline parse would give the text back as it is.
  if (!/[\\`*_~[\]!<&]/.test(heading.content)) return heading.content.trim();
  const children: Token[] = [];
  markdownParser.inline.parse(heading.content, markdownParser, {}, children);
  const parts = children.map((child) => {
    if (child.type === 'text' || child.type === 'code_inline') return child.content;
    if (child.type === 'softbreak' || child.type === 'hardbreak') return ' ';
    return '';
  });
  return parts.join('').trim();
}
