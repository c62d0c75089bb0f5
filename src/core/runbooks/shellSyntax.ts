/**
 * A shell parser for danger detection: POSIX/bash text → the simple commands it
 * runs, each with its words (quotes removed, expansions kept as written), the
 * command that pipes into it, and here-document text fed to it. Command
 * substitutions (`$(…)`, backticks), subshells, groups, `if`/`for`/`while`/`case`
 * bodies and pipelines are all walked; `sh -c`/`bash -c`/`eval` strings are
 * re-parsed by the rules (dangerRules.ts), which know which words are scripts.
 *
 * Why here and not an npm parser: the candidates were measured (see the commit
 * that added this file): mvdan-sh (mvdan/sh via GopherJS, the most complete) is a
 * 1.5 MB bundle whose start-up took 120-300 ms on Node 24 — longer than the whole
 * `runbook steps` budget, and the CodeLens/plan paths that call this are
 * synchronous; sh-syntax (the same parser as wasm) needs an asynchronous wasm
 * start and a file read, which core cannot do; bash-parser is unmaintained since
 * 2017, pulls in 20 packages, took 77 ms to load and fails on bash arrays. This
 * parser is linear, never throws, and is held to mvdan-sh's reading of the same
 * text by a unit test over real runbook steps.
 */

export interface ShellCommand {
  /** The words after assignments and redirections, quotes removed. */
  words: string[];
  /** The command piping into this one (`a | b`: b's `from` is a). */
  from?: ShellCommand;
  /** Here-document / here-string text given to it on stdin. */
  stdin?: string;
}

const MAX_DEPTH = 16;
/** Stands for commands nested deeper than MAX_DEPTH, which are not read: the rules treat it as unsafe. */
export const TOO_DEEP = '\u0000too-deep';
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'esac', '{', '}', '!', 'time', 'function', 'in']);

/** Every simple command in `script`, nested ones included, in order. */
export function shellCommands(script: string, depth = 0): ShellCommand[] {
  return new Parser(script, depth).commands();
}

interface Word {
  value: string;
  /** Commands inside `$(…)` / backticks in this word. */
  nested: ShellCommand[];
}

class Parser {
  private pos = 0;
  private readonly out: ShellCommand[] = [];
  private pendingHeredocs: { delimiter: string; strip: boolean; command: ShellCommand }[] = [];

  constructor(
    private readonly text: string,
    private readonly depth: number,
  ) {}

  commands(): ShellCommand[] {
    let words: Word[] = [];
    let command: ShellCommand = { words: [] };
    let pipedFrom: ShellCommand | undefined;
    let inHeader = false;
    const flush = (pipeNext: boolean) => {
      const literal = words.map((w) => w.value);
      // Leading assignments (X=1 cmd) are not the command.
      let start = 0;
      while (start < literal.length && /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(literal[start] ?? '')) start++;
      while (start < literal.length && KEYWORDS.has(literal[start] ?? '')) start++;
      command.words = literal.slice(start);
      if (pipedFrom) command.from = pipedFrom;
      if (command.words.length > 0 || command.stdin !== undefined) this.out.push(command);
      for (const word of words) this.out.push(...word.nested);
      pipedFrom = pipeNext && command.words.length > 0 ? command : undefined;
      words = [];
      command = { words: [] };
    };
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] ?? '';
      if (c === ' ' || c === '\t') {
        this.pos++;
        continue;
      }
      if (c === '\\' && this.text[this.pos + 1] === '\n') {
        this.pos += 2;
        continue;
      }
      if (c === '#' ) {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
        continue;
      }
      if (c === '\n') {
        this.pos++;
        flush(false);
        inHeader = false;
        this.readHeredocs();
        continue;
      }
      if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')') {
        const two = this.text.slice(this.pos, this.pos + 2);
        const pipe = c === '|' && two !== '||';
        this.pos += two === '&&' || two === '||' || two === ';;' || two === '|&' || two === '&>' ? 2 : 1;
        if (two === '&>') {
          this.readWord();
          continue;
        }
        flush(pipe);
        inHeader = false;
        continue;
      }
      if (c === '<' || c === '>' || (/[0-9]/.test(c) && /^[0-9]+[<>]/.test(this.text.slice(this.pos, this.pos + 4)))) {
        this.redirect(command);
        continue;
      }
      const word = this.readWord();
      // `for x in a b c` and `case x in`: the header is not a command.
      if (words.length === 0 && (word.value === 'for' || word.value === 'case' || word.value === 'select')) inHeader = true;
      if (inHeader) {
        this.out.push(...word.nested);
        continue;
      }
      // `pattern)` inside case: skip the pattern word.
      words.push(word);
    }
    flush(false);
    return this.out;
  }

  private redirect(command: ShellCommand): void {
    while (/[0-9]/.test(this.text[this.pos] ?? '')) this.pos++;
    const op = /^(<<<|<<-|<<|<>|>>|>&|<&|>\||<|>)/.exec(this.text.slice(this.pos, this.pos + 3))?.[0] ?? '>';
    this.pos += op.length;
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
    const target = this.readWord();
    if (op === '<<<') command.stdin = (command.stdin ?? '') + target.value;
    else if (op === '<<' || op === '<<-') this.pendingHeredocs.push({ delimiter: target.value, strip: op === '<<-', command });
    this.out.push(...target.nested);
  }

  private readHeredocs(): void {
    for (const heredoc of this.pendingHeredocs) {
      const body: string[] = [];
      while (this.pos < this.text.length) {
        let end = this.text.indexOf('\n', this.pos);
        if (end === -1) end = this.text.length;
        const line = this.text.slice(this.pos, end);
        this.pos = end + 1;
        if ((heredoc.strip ? line.replace(/^\t+/, '') : line) === heredoc.delimiter) break;
        body.push(line);
      }
      heredoc.command.stdin = (heredoc.command.stdin ?? '') + body.join('\n');
    }
    this.pendingHeredocs = [];
  }

  private readWord(): Word {
    let value = '';
    const nested: ShellCommand[] = [];
    const text = this.text;
    while (this.pos < text.length) {
      const c = text[this.pos] ?? '';
      if (' \t\n;&|()<>'.includes(c)) break;
      if (c === '\\') {
        value += text[this.pos + 1] ?? '';
        this.pos += 2;
      } else if (c === "'") {
        const end = text.indexOf("'", this.pos + 1);
        const stop = end === -1 ? text.length : end;
        value += text.slice(this.pos + 1, stop);
        this.pos = stop + 1;
      } else if (c === '"') {
        this.pos++;
        while (this.pos < text.length && text[this.pos] !== '"') {
          const d = text[this.pos] ?? '';
          if (d === '\\' && '"\\$`\n'.includes(text[this.pos + 1] ?? '')) {
            value += text[this.pos + 1] === '\n' ? '' : (text[this.pos + 1] ?? '');
            this.pos += 2;
          } else if (d === '$' && text[this.pos + 1] === '(' && text[this.pos + 2] !== '(') {
            value += this.substitution(nested);
          } else if (d === '`') {
            value += this.backticks(nested);
          } else {
            value += d;
            this.pos++;
          }
        }
        this.pos++;
      } else if (c === '$' && text[this.pos + 1] === '(' && text[this.pos + 2] === '(') {
        const end = this.closing(this.pos + 1, '(', ')');
        value += text.slice(this.pos, end);
        this.pos = end;
      } else if (c === '$' && text[this.pos + 1] === '(') {
        value += this.substitution(nested);
      } else if (c === '$' && text[this.pos + 1] === '{') {
        const end = this.closing(this.pos + 1, '{', '}');
        value += text.slice(this.pos, end);
        this.pos = end;
      } else if (c === '`') {
        value += this.backticks(nested);
      } else {
        value += c;
        this.pos++;
      }
    }
    return { value, nested };
  }

  /** `$(…)` at pos: parsed as a script of its own; its text is kept in the word. */
  private substitution(nested: ShellCommand[]): string {
    const start = this.pos;
    const end = this.closing(this.pos + 1, '(', ')');
    nested.push(...(this.depth < MAX_DEPTH ? shellCommands(this.text.slice(start + 2, end - 1), this.depth + 1) : [{ words: [TOO_DEEP] }]));
    this.pos = end;
    return this.text.slice(start, end);
  }

  private backticks(nested: ShellCommand[]): string {
    const start = this.pos;
    let end = this.pos + 1;
    while (end < this.text.length && this.text[end] !== '`') end += this.text[end] === '\\' ? 2 : 1;
    nested.push(...(this.depth < MAX_DEPTH ? shellCommands(this.text.slice(start + 1, end).replace(/\\`/g, '`'), this.depth + 1) : [{ words: [TOO_DEEP] }]));
    this.pos = Math.min(end + 1, this.text.length);
    return this.text.slice(start, this.pos);
  }

  /** The index after the bracket matching the one at `open`, skipping quotes; the end of text if unmatched. */
  private closing(open: number, left: string, right: string): number {
    let level = 0;
    for (let i = open; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '\\') i++;
      else if (c === "'" && left === '(') {
        const end = this.text.indexOf("'", i + 1);
        i = end === -1 ? this.text.length : end;
      } else if (c === '"') {
        for (i++; i < this.text.length && this.text[i] !== '"'; i++) if (this.text[i] === '\\') i++;
      } else if (c === left) level++;
      else if (c === right && --level === 0) return i + 1;
    }
    return this.text.length;
  }
}
