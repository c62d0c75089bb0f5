/**
 * The YAML that runbook front matter is written in, read in one pass: block
 * mappings and lists, flow `[a, b]` / `{ k: v }` collections, plain, quoted and
 * `|` / `>` block scalars, comments — YAML 1.2 core-schema scalars.
 *
 * Why not the `yaml` package: it was quadratic here (duplicate-key checks, a
 * 20,000-param block took 12 s, 1.5 MB 84 s) and a line of three million `[`
 * took 17.8 s and 2.8 GB; loading it also cost the command line ~20 ms on every
 * `runbook steps`. This reader is linear in the text, nests at most MAX_DEPTH
 * levels, and refuses what front matter has no use for — anchors and aliases
 * (alias bombs), tags (custom types), complex keys, directives — with a message
 * instead of reading it. `__proto__` is defined as an own key, so it
 * is just a key.
 */

export interface YamlReadResult {
  value: unknown;
  /** 0-based line (within the text) of each key down to three keys deep, by its path joined with NUL. */
  keyLines: KeyLines;
  /** Tags found (each value read as if untagged, so every tag is reported, not just the first). */
  tags: YamlSubsetError[];
}

export class YamlSubsetError extends Error {
  constructor(
    message: string,
    /** 0-based line within the text. */
    readonly line: number,
    /** `tag` for a YAML tag (reported as a custom tag), else `syntax`. */
    readonly kind: 'syntax' | 'tag' = 'syntax',
  ) {
    super(message);
  }
}

export const MAX_DEPTH = 32;

type YamlMap = Record<string, unknown>;
/** How many keys are above a node: lines are kept for keys down to KEPT_KEY_DEPTH
 *  (front matter's diagnostics point at most at params.NAME.key). */
type KeyDepth = number;
const KEPT_KEY_DEPTH = 3;

/**
 * Where each key was written. Reading only records (map, key, line) in one flat
 * array — no path strings, no hashing — and the index is built on the first
 * lookup: most front matter is read without a single diagnostic, so most reads
 * never build it. Lookups walk the read value along the path, so a key is found
 * in the very map object it belongs to.
 */
export class KeyLines {
  private readonly recorded: unknown[] = [];
  private index: Map<object, Map<string, number>> | undefined;
  private root: unknown;

  /** @internal the reader's side. */
  record(map: YamlMap, key: string, line: number): void {
    this.recorded.push(map, key, line);
  }

  /** @internal the value the paths start from. */
  setRoot(root: unknown): void {
    this.root = root;
  }

  /** The line of the key at `path` (keys joined with NUL), if it was recorded. */
  get(path: string): number | undefined {
    const keys = path.split('\0');
    let map: unknown = this.root;
    for (let k = 0; k < keys.length - 1; k++) {
      if (map === null || typeof map !== 'object' || !Object.prototype.hasOwnProperty.call(map, keys[k] ?? '')) return undefined;
      map = (map as YamlMap)[keys[k] ?? ''];
    }
    if (map === null || typeof map !== 'object') return undefined;
    return this.indexed().get(map)?.get(keys[keys.length - 1] ?? '');
  }

  private indexed(): Map<object, Map<string, number>> {
    if (this.index) return this.index;
    const index = new Map<object, Map<string, number>>();
    for (let r = 0; r < this.recorded.length; r += 3) {
      const map = this.recorded[r] as YamlMap;
      let lines = index.get(map);
      if (!lines) index.set(map, (lines = new Map()));
      lines.set(this.recorded[r + 1] as string, this.recorded[r + 2] as number);
    }
    this.index = index;
    return index;
  }
}

export function readYamlSubset(text: string): YamlReadResult {
  return new Reader(text).read();
}

class Reader {
  private readonly lines: string[];
  private i = 0;
  readonly keyLines = new KeyLines();
  readonly tags: YamlSubsetError[] = [];

  constructor(text: string) {
    this.lines = text.split('\n');
  }

  read(): YamlReadResult {
    const value = this.node(0, 0, 0);
    this.skipBlank();
    if (this.i < this.lines.length) this.fail('unexpected text after the end of the front matter value', this.i);
    this.keyLines.setRoot(value);
    return { value, keyLines: this.keyLines, tags: this.tags };
  }

  private fail(message: string, line: number, kind: 'syntax' | 'tag' = 'syntax'): never {
    throw new YamlSubsetError(message, line, kind);
  }

  /** Moves past blank and comment-only lines. */
  private skipBlank(): void {
    while (this.i < this.lines.length) {
      const line = this.lines[this.i] ?? '';
      const content = line.trimStart();
      if (content !== '' && !content.startsWith('#')) return;
      this.i++;
    }
  }

  private indentOf(index: number): number {
    const line = this.lines[index] ?? '';
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    if (line[n] === '\t') this.fail('tabs are not allowed for indentation in YAML; use spaces', index);
    return n;
  }

  /** A block node whose lines are indented at least `minIndent`; null when there is none. */
  private node(minIndent: number, depth: number, keyDepth: KeyDepth): unknown {
    if (depth > MAX_DEPTH) this.fail(`front matter is nested deeper than ${MAX_DEPTH} levels`, this.i);
    this.skipBlank();
    if (this.i >= this.lines.length) return null;
    const indent = this.indentOf(this.i);
    if (indent < minIndent) return null;
    const content = (this.lines[this.i] ?? '').slice(indent);
    if (content.startsWith('%')) this.fail('YAML directives (%) are not read in front matter', this.i);
    if (isSequenceEntry(content)) return this.sequence(indent, depth, keyDepth);
    if (splitKey(content, this.i, this.fail.bind(this)) !== undefined) return this.mapping(indent, depth, keyDepth);
    return this.inlineValue(indent, indent - 1, depth, keyDepth);
  }

  private mapping(indent: number, depth: number, keyDepth: KeyDepth): YamlMap {
    const map: YamlMap = {};
    for (;;) {
      this.skipBlank();
      if (this.i >= this.lines.length) break;
      const at = this.indentOf(this.i);
      if (at < indent) break;
      const line = this.lines[this.i] ?? '';
      if (at > indent) this.fail('unexpected indentation (a key is indented more than the keys before it)', this.i);
      const content = line.slice(indent);
      if (isSequenceEntry(content)) {
        this.fail('a list item where a key was expected', this.i);
      }
      const key = splitKey(content, this.i, this.fail.bind(this));
      if (key === undefined) this.fail(`expected 'key: value', found ${JSON.stringify(truncate(content))}`, this.i);
      if (Object.prototype.hasOwnProperty.call(map, key.key)) this.fail(`the key '${truncate(key.key)}' appears twice (keys must be unique)`, this.i);
      if (keyDepth < KEPT_KEY_DEPTH) this.keyLines.record(map, key.key, this.i);
      setKey(map, key.key, this.valueAfter(indent + key.valueStart, indent, depth + 1, keyDepth + 1, true));
    }
    return map;
  }

  private sequence(indent: number, depth: number, keyDepth: KeyDepth): unknown[] {
    const list: unknown[] = [];
    for (;;) {
      this.skipBlank();
      if (this.i >= this.lines.length) break;
      const at = this.indentOf(this.i);
      if (at < indent) break;
      const line = this.lines[this.i] ?? '';
      const content = line.slice(indent);
      if (at > indent || !isSequenceEntry(content)) this.fail('expected a list item (- value) at this indentation', this.i);
      list.push(this.valueAfter(indent + 1, indent, depth + 1, keyDepth, false));
    }
    return list;
  }

  /**
   * The value that starts at column `column` of the current line (after `key:` or
   * `-`), or, when the line ends there, the block below it.
   */
  private valueAfter(column: number, parentIndent: number, depth: number, keyDepth: KeyDepth, inMapping: boolean): unknown {
    if (depth > MAX_DEPTH) this.fail(`front matter is nested deeper than ${MAX_DEPTH} levels`, this.i);
    const line = this.lines[this.i] ?? '';
    let start = column;
    while (line[start] === ' ') start++;
    if (line[start] === '\t') {
      while (line[start] === ' ' || line[start] === '\t') start++;
    }
    const rest = line.slice(start);
    if (rest === '' || rest.startsWith('#')) {
      this.i++;
      this.skipBlank();
      if (this.i >= this.lines.length) return null;
      const next = this.indentOf(this.i);
      // `key:` followed by `- item` at the key's own indentation is a list (YAML allows it).
      if (inMapping && next === parentIndent && isSequenceEntry((this.lines[this.i] ?? '').slice(next))) {
        return this.sequence(next, depth, keyDepth);
      }
      return next > parentIndent ? this.node(parentIndent + 1, depth, keyDepth) : null;
    }
    if (!inMapping) {
      // `- key: value` and `- - x`: the item is a block node starting at this column.
      if (isSequenceEntry(rest)) {
        this.lines[this.i] = ' '.repeat(start) + rest;
        return this.sequence(start, depth, keyDepth);
      }
      if (splitKey(rest, this.i, this.fail.bind(this)) !== undefined) {
        this.lines[this.i] = ' '.repeat(start) + rest;
        return this.mapping(start, depth, keyDepth);
      }
    }
    return this.inlineValue(start, parentIndent, depth, keyDepth);
  }

  /** A scalar or flow collection starting at `column` of the current line. */
  private inlineValue(column: number, parentIndent: number, depth: number, keyDepth: KeyDepth): unknown {
    const line = this.lines[this.i] ?? '';
    const first = line[column];
    if (first === '&' || first === '*') this.fail('anchors and aliases (&, *) are not read in front matter: write the value out', this.i);
    if (first === '!') {
      const tag = /^\S*/.exec(line.slice(column))?.[0] ?? '!';
      this.tags.push(new YamlSubsetError(`the YAML tag ${truncate(tag)} is not allowed`, this.i, 'tag'));
      return this.valueAfter(column + tag.length, parentIndent, depth + 1, keyDepth, true);
    }
    if (first === '|' || first === '>') return this.blockScalar(column, parentIndent);
    if (first === '[' || first === '{' || first === '"' || first === "'") {
      const flow = new FlowReader(this.lines, this.i, column, depth, this.keyLines, this.tags, this.fail.bind(this));
      const value = flow.value(keyDepth);
      this.i = flow.line;
      const after = (this.lines[this.i] ?? '').slice(flow.column).trim();
      if (after !== '' && !after.startsWith('#')) this.fail(`unexpected text after the value: ${JSON.stringify(truncate(after))}`, this.i);
      this.i++;
      return value;
    }
    if (first === '@' || first === '`') this.fail(`a plain value cannot start with ${first}; quote it`, this.i);
    const startLine = this.i;
    let text = stripComment(line.slice(column));
    if (/:( |$)/.test(text)) this.fail(`a value contains ': ' (quote it, e.g. "${truncate(text)}")`, this.i);
    this.i++;
    // A plain value continues on lines indented more than its key, folded with spaces.
    for (;;) {
      const next = this.lines[this.i];
      if (next === undefined) break;
      const trimmed = next.trim();
      if (trimmed === '') {
        // The whole run of blank lines at once: looking ahead from each of them would be quadratic.
        const after = this.peekNonBlank();
        if (after === undefined || this.indentOf(after) <= parentIndent) break;
        text += '\n'.repeat(after - this.i);
        this.i = after;
        continue;
      }
      if (this.indentOf(this.i) <= parentIndent || trimmed.startsWith('#')) break;
      if (/:( |$)/.test(trimmed) || isSequenceEntry(trimmed)) this.fail('unexpected indentation (is a key or list item misplaced?)', this.i);
      text += text.endsWith('\n') ? stripComment(trimmed) : ` ${stripComment(trimmed)}`;
      this.i++;
    }
    return resolvePlain(text.trim(), startLine, this.fail.bind(this));
  }

  private peekNonBlank(): number | undefined {
    for (let j = this.i; j < this.lines.length; j++) if ((this.lines[j] ?? '').trim() !== '') return j;
    return undefined;
  }

  private blockScalar(column: number, parentIndent: number): string {
    const header = (this.lines[this.i] ?? '').slice(column);
    const match = /^([|>])([+-]?)([1-9]?)([+-]?)\s*(#.*)?$/.exec(header.trimEnd());
    if (!match) this.fail(`unreadable block scalar header ${JSON.stringify(truncate(header))}`, this.i);
    const folded = match[1] === '>';
    const chomp = match[2] || match[4];
    const explicit = match[3] ? parentIndent + Number(match[3]) : undefined;
    this.i++;
    const body: string[] = [];
    let indent = explicit;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i] ?? '';
      if (line.trim() === '') {
        body.push('');
        this.i++;
        continue;
      }
      let n = 0;
      while (line.charCodeAt(n) === 32) n++;
      if (indent === undefined) {
        if (n <= parentIndent) break;
        indent = n;
      }
      if (n < indent) break;
      body.push(line.slice(indent));
      this.i++;
    }
    // Trailing blank lines belong to chomping, not to the text.
    let end = body.length;
    while (end > 0 && body[end - 1] === '') end--;
    const kept = body.slice(0, end);
    let text = folded ? foldLines(kept) : kept.join('\n');
    // The text's own final line break is not a blank line of the scalar.
    const trailing = body.length - end - (this.i >= this.lines.length && this.lines.at(-1) === '' ? 1 : 0);
    if (chomp === '+') text += '\n'.repeat(Math.max(0, trailing) + (kept.length > 0 ? 1 : 0));
    else if (chomp !== '-' && kept.length > 0) text += '\n';
    return text;
  }
}

/** Reads flow collections and quoted scalars, which may span lines. */
class FlowReader {
  constructor(
    private readonly lines: readonly string[],
    public line: number,
    public column: number,
    private readonly depth: number,
    private readonly keyLines: KeyLines,
    private readonly tags: YamlSubsetError[],
    private readonly fail: (message: string, line: number, kind?: 'syntax' | 'tag') => never,
  ) {}

  private peek(): string | undefined {
    return this.lines[this.line]?.[this.column];
  }

  /** Skips spaces, line ends and comments; fails at the end of the text. */
  private skip(): void {
    for (;;) {
      const text = this.lines[this.line];
      if (text === undefined) this.fail('a [ or { is never closed', this.line - 1);
      const c = text[this.column];
      if (c === undefined || c === '#') {
        this.line++;
        this.column = 0;
      } else if (c === ' ' || c === '\t') {
        this.column++;
      } else {
        return;
      }
    }
  }

  value(keyDepth: KeyDepth, depth = this.depth): unknown {
    if (depth > MAX_DEPTH) this.fail(`front matter is nested deeper than ${MAX_DEPTH} levels`, this.line);
    this.skip();
    const c = this.peek();
    if (c === '[') return this.sequence(keyDepth, depth);
    if (c === '{') return this.mapping(keyDepth, depth);
    if (c === '"' || c === "'") return this.quoted();
    if (c === '&' || c === '*') this.fail('anchors and aliases (&, *) are not read in front matter: write the value out', this.line);
    if (c === '!') {
      const tag = /^[^\s,[\]{}]*/.exec((this.lines[this.line] ?? '').slice(this.column))?.[0] ?? '!';
      this.tags.push(new YamlSubsetError(`the YAML tag ${truncate(tag)} is not allowed`, this.line, 'tag'));
      this.column += tag.length;
      return this.value(keyDepth, depth + 1);
    }
    return resolvePlain(this.plain(), this.line, this.fail);
  }

  private sequence(keyDepth: KeyDepth, depth: number): unknown[] {
    const list: unknown[] = [];
    this.column++;
    for (;;) {
      this.skip();
      if (this.peek() === ']') {
        this.column++;
        return list;
      }
      list.push(this.value(keyDepth, depth + 1));
      this.skip();
      const c = this.peek();
      if (c === ',') this.column++;
      else if (c !== ']') this.fail(`expected , or ] in a [ list ], found ${JSON.stringify(c)}`, this.line);
    }
  }

  private mapping(keyDepth: KeyDepth, depth: number): YamlMap {
    const map: YamlMap = {};
    this.column++;
    for (;;) {
      this.skip();
      if (this.peek() === '}') {
        this.column++;
        return map;
      }
      const keyLine = this.line;
      const c = this.peek();
      const key = c === '"' || c === "'" ? this.quoted() : this.plain();
      if (key === '') this.fail('a { mapping } has an empty key', this.line);
      this.skip();
      let value: unknown = null;
      if (this.peek() === ':') {
        this.column++;
        this.skip();
        const next = this.peek();
        value = next === ',' || next === '}' ? null : this.value(keyDepth + 1, depth + 1);
        this.skip();
      }
      if (Object.prototype.hasOwnProperty.call(map, key)) this.fail(`the key '${truncate(key)}' appears twice (keys must be unique)`, keyLine);
      setKey(map, key, value);
      if (keyDepth < KEPT_KEY_DEPTH) this.keyLines.record(map, key, keyLine);
      const end = this.peek();
      if (end === ',') this.column++;
      else if (end !== '}') this.fail(`expected , or } in a { mapping }, found ${JSON.stringify(end)}`, this.line);
    }
  }

  /** A plain scalar inside a flow collection: up to , [ ] { } or ': '. */
  private plain(): string {
    const text = this.lines[this.line] ?? '';
    const start = this.column;
    let end = start;
    while (end < text.length) {
      const c = text[end];
      if (c === ',' || c === '[' || c === ']' || c === '{' || c === '}') break;
      if (c === ':' && (end + 1 >= text.length || endsFlowPlain(text.charCodeAt(end + 1)))) break;
      if (c === '#' && end > start && isSpace(text.charCodeAt(end - 1))) break;
      end++;
    }
    this.column = end;
    return text.slice(start, end).trim();
  }

  private quoted(): string {
    const quote = this.peek();
    this.column++;
    let out = '';
    for (;;) {
      const text = this.lines[this.line];
      if (text === undefined) this.fail(`a ${quote === '"' ? 'double' : 'single'}-quoted value is never closed`, this.line - 1);
      if (this.column >= text.length) {
        // A line break inside quotes folds to a space; an empty line to a newline.
        // Only the tail is looked at: a regex over all of `out` at every line would be quadratic.
        let keep = out.length;
        while (keep > 0 && (out.charCodeAt(keep - 1) === 32 || out.charCodeAt(keep - 1) === 9)) keep--;
        if (keep < out.length) out = out.slice(0, keep);
        this.line++;
        this.column = 0;
        const next = this.lines[this.line];
        if (next !== undefined && next.trim() === '') {
          out += '\n';
        } else if (!out.endsWith('\n')) {
          out += ' ';
        }
        if (next !== undefined) while (next[this.column] === ' ' || next[this.column] === '\t') this.column++;
        continue;
      }
      // A run of ordinary characters is taken as one slice, not character by character.
      const run = plainRunEnd(text, this.column, quote === '"');
      if (run > this.column) {
        out += text.slice(this.column, run);
        this.column = run;
        continue;
      }
      const c = text[this.column];
      if (quote === "'") {
        if (c === "'") {
          if (text[this.column + 1] === "'") {
            out += "'";
            this.column += 2;
            continue;
          }
          this.column++;
          return out;
        }
        out += c;
        this.column++;
        continue;
      }
      if (c === '"') {
        this.column++;
        return out;
      }
      if (c === '\\') {
        const [decoded, length] = unescape(text, this.column, this.line, this.fail);
        out += decoded;
        this.column += length;
        continue;
      }
      out += c;
      this.column++;
    }
  }
}

/** Where the characters that need no handling inside quotes end: at the quote, a backslash in "…", or the line end. */
function plainRunEnd(text: string, from: number, double: boolean): number {
  let end = from;
  const quote = double ? 34 : 39;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    if (code === quote || (double && code === 92)) break;
    end++;
  }
  return end;
}

/** After ':', what ends a plain key or value in a flow collection: white space or , [ ] { }. */
function endsFlowPlain(code: number): boolean {
  return isSpace(code) || code === 44 || code === 91 || code === 93 || code === 123 || code === 125;
}

/** White space as the regex \s sees it in front matter text (the lines hold no line breaks). */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12 || code === 13 || code === 0xa0 || code === 0xfeff || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}

const ESCAPES: Record<string, string> = { '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029' };

function unescape(text: string, at: number, line: number, fail: (message: string, line: number) => never): [string, number] {
  const c = text[at + 1];
  if (c === undefined) return ['', 1]; // an escaped line break: the lines join without a space
  const simple = ESCAPES[c];
  if (simple !== undefined) return [simple, 2];
  const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  const hex = text.slice(at + 2, at + 2 + width);
  if (width === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) fail(`unknown escape \\${c} in a double-quoted value`, line);
  const code = Number.parseInt(hex, 16);
  if (code > 0x10ffff) fail(`escape \\${c}${hex} is not a character`, line);
  return [String.fromCodePoint(code), 2 + width];
}

/** `__proto__` is defined as an own key, never assigned (which would set the prototype). */
function setKey(map: YamlMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
  else map[key] = value;
}

function isSequenceEntry(content: string): boolean {
  return content.startsWith('-') && (content.length === 1 || content[1] === ' ' || content[1] === '\t');
}

/** `key: …` in block context: the key and the column its value starts at; undefined when the line is not a key. */
function splitKey(content: string, line: number, fail: (message: string, line: number) => never): { key: string; valueStart: number } | undefined {
  const first = content[0];
  if (first === '?' && (content.length === 1 || content[1] === ' ')) fail('complex keys (? key) are not read in front matter', line);
  if (first === '"' || first === "'") {
    const close = closingQuote(content, first);
    if (close === -1) return undefined;
    let j = close + 1;
    while (content[j] === ' ') j++;
    if (content[j] !== ':' || (j + 1 < content.length && content[j + 1] !== ' ' && content[j + 1] !== '\t')) return undefined;
    const raw = content.slice(0, close + 1);
    const key = first === "'" ? raw.slice(1, -1).replace(/''/g, "'") : JSON.parse(raw.replace(/\t/g, '\\t')) as string;
    return { key, valueStart: j + 1 };
  }
  if (first === undefined || '[]{}&*!|>%@`#,'.includes(first) || isSequenceEntry(content)) return undefined;
  for (let j = 0; j < content.length; j++) {
    const c = content[j];
    if (c === '#' && j > 0 && (content[j - 1] === ' ' || content[j - 1] === '\t')) return undefined;
    if (c === ':' && (j + 1 === content.length || content[j + 1] === ' ' || content[j + 1] === '\t')) {
      return { key: content.slice(0, j).trimEnd(), valueStart: j + 1 };
    }
  }
  return undefined;
}

function closingQuote(text: string, quote: string): number {
  for (let j = 1; j < text.length; j++) {
    const c = text[j];
    if (quote === '"' && c === '\\') j++;
    else if (c === quote) {
      if (quote === "'" && text[j + 1] === "'") j++;
      else return j;
    }
  }
  return -1;
}

function stripComment(text: string): string {
  for (let j = 0; j < text.length; j++) {
    if (text[j] === '#' && (j === 0 || text[j - 1] === ' ' || text[j - 1] === '\t')) return text.slice(0, j).trimEnd();
  }
  return text.trimEnd();
}

function foldLines(lines: readonly string[]): string {
  let out = '';
  for (let j = 0; j < lines.length; j++) {
    const line = lines[j] ?? '';
    if (j === 0) out = line;
    else if (line === '') out += '\n';
    else if (lines[j - 1] === '') out += line;
    else if (line.startsWith(' ') || (lines[j - 1] ?? '').startsWith(' ')) out += `\n${line}`;
    else out += ` ${line}`;
  }
  return out;
}

/** YAML 1.2 core schema: null, booleans, integers, floats; anything else is text. */
function resolvePlain(text: string, line: number, fail: (message: string, line: number) => never): unknown {
  // Most values are words: only these first characters can start a null, boolean or number.
  if (text !== '' && !'0123456789+-.~nNtTfF&*'.includes(text[0] ?? '')) return text;
  if (text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  if (/^[-+]?[0-9]+$/.test(text)) return Number(text);
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/.test(text)) return Number(text);
  if (/^[-+]?\.(inf|Inf|INF)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(nan|NaN|NAN)$/.test(text)) return NaN;
  if (text.startsWith('&') || text.startsWith('*')) fail('anchors and aliases (&, *) are not read in front matter: write the value out', line);
  return text;
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
