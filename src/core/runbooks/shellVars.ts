import { isPowerShell } from './commands';

/**
 * Which environment variables a step's commands read and assign, well enough for
 * lint and for deciding which params a run needs. It is a scanner, not a shell
 * parser: it knows quoting, comments and here-documents, and errs towards silence
 * (a missed warning) rather than noise. Linear in the text length.
 */

export interface VariableReference {
  name: string;
  /** Offset into the commands text. */
  offset: number;
  /** `${VAR:-x}`, `${VAR-x}`, `${VAR:=x}`, `${VAR:+x}`: fine when unset. */
  optional: boolean;
}

export interface VariableAssignment {
  name: string;
  offset: number;
}

/** Set by the shell, the login or the terminal; never worth a warning. */
export const WELL_KNOWN_VARIABLES: ReadonlySet<string> = new Set([
  'HOME', 'PATH', 'PWD', 'OLDPWD', 'USER', 'LOGNAME', 'SHELL', 'TERM', 'LANG', 'LANGUAGE', 'LC_ALL', 'LC_CTYPE',
  'TMPDIR', 'TZ', 'HOSTNAME', 'HOSTTYPE', 'OSTYPE', 'MACHTYPE', 'UID', 'EUID', 'GROUPS', 'PPID', 'BASHPID', 'RANDOM',
  'SECONDS', 'LINENO', 'IFS', 'PS1', 'PS2', 'PS4', 'REPLY', 'OPTARG', 'OPTIND', 'PIPESTATUS', 'FUNCNAME',
  'BASH', 'BASH_SOURCE', 'BASH_VERSION', 'BASH_REMATCH', 'SHLVL', 'COLUMNS', 'LINES', 'EDITOR', 'VISUAL', 'PAGER',
  'DISPLAY', 'SSH_AUTH_SOCK', 'SSH_CONNECTION', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME',
  'XDG_RUNTIME_DIR', 'CI', 'TERM_PROGRAM', 'COLORTERM', 'NO_COLOR', 'EPOCHSECONDS', 'EPOCHREALTIME',
]);

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export function variableReferences(commands: string, language: string): VariableReference[] {
  if (isPowerShell(language)) {
    return [...commands.matchAll(/\$\{?env:([A-Za-z_][A-Za-z0-9_]*)/gi)].map((m) => ({
      name: m[1] ?? '',
      offset: m.index ?? 0,
      optional: false,
    }));
  }
  return scanShell(commands);
}

export function variableAssignments(commands: string, language: string): VariableAssignment[] {
  if (isPowerShell(language)) {
    return [...commands.matchAll(/\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=/gi)].map((m) => ({ name: m[1] ?? '', offset: m.index ?? 0 }));
  }
  const found: VariableAssignment[] = [];
  // NAME=..., export/local/declare/readonly/typeset [-flags] NAME=...
  const assignment =
    /(^|[\s;&|(`])(?:(?:export|local|declare|typeset|readonly)\s+(?:-[A-Za-z]+\s+)*)?([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]\n]*\])?\+?=/g;
  for (const m of commands.matchAll(assignment)) {
    found.push({ name: m[2] ?? '', offset: (m.index ?? 0) + (m[1]?.length ?? 0) });
  }
  for (const m of commands.matchAll(/(^|[\s;&|(])for\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\b/g)) {
    found.push({ name: m[2] ?? '', offset: (m.index ?? 0) + (m[1]?.length ?? 0) });
  }
  for (const m of commands.matchAll(/(^|[\s;&|(])read\s+([^;&|<>\n]*)/g)) {
    const base = (m.index ?? 0) + (m[1]?.length ?? 0);
    const words = (m[2] ?? '').split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      const word = words[i] ?? '';
      if (/^-[ptdnNui]$/.test(word)) i++; // the option's argument, not a name
      else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) found.push({ name: word, offset: base });
    }
  }
  return found.sort((a, b) => a.offset - b.offset);
}

function scanShell(text: string): VariableReference[] {
  const refs: VariableReference[] = [];
  let quote: '' | "'" | '"' = '';
  const pendingHeredocs: { delimiter: string; literal: boolean; stripTabs: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n' && pendingHeredocs.length > 0 && quote === '') {
      i = skipHeredocBodies(text, i + 1, pendingHeredocs.splice(0), refs);
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = '';
      i++;
      continue;
    }
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '"') {
      quote = quote === '"' ? '' : '"';
      i++;
      continue;
    }
    if (quote === '') {
      if (c === "'") {
        quote = "'";
        i++;
        continue;
      }
      if (c === '#' && atWordStart(text, i)) {
        const end = text.indexOf('\n', i);
        i = end === -1 ? text.length : end;
        continue;
      }
      if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
        const heredoc = /^<<(-?)[ \t]*(['"]?)([A-Za-z0-9_.-]+)\2/.exec(text.slice(i, i + 80));
        if (heredoc) {
          pendingHeredocs.push({ delimiter: heredoc[3] ?? '', literal: heredoc[2] !== '', stripTabs: heredoc[1] === '-' });
          i += heredoc[0].length;
          continue;
        }
      }
    }
    if (c === '$') {
      i = readReference(text, i, refs);
      continue;
    }
    i++;
  }
  return refs;
}

/** Reads `$NAME` or `${...}` at `i`; returns the offset after it. */
function readReference(text: string, i: number, refs: VariableReference[]): number {
  const next = text[i + 1] ?? '';
  if (NAME_START.test(next)) {
    let end = i + 2;
    while (end < text.length && NAME_CHAR.test(text[end] ?? '')) end++;
    refs.push({ name: text.slice(i + 1, end), offset: i, optional: false });
    return end;
  }
  if (next === '{') {
    let start = i + 2;
    if (text[start] === '#' || text[start] === '!') start++;
    let end = start;
    while (end < text.length && NAME_CHAR.test(text[end] ?? '')) end++;
    const name = text.slice(start, end);
    if (name !== '' && NAME_START.test(name[0] ?? '')) {
      const operator = /^:?[-=+]/.test(text.slice(end, end + 2));
      refs.push({ name, offset: i, optional: operator });
    }
    return end;
  }
  return i + 1;
}

/** Here-document bodies start after the line that opened them; quoted delimiters make them literal. */
function skipHeredocBodies(
  text: string,
  from: number,
  heredocs: { delimiter: string; literal: boolean; stripTabs: boolean }[],
  refs: VariableReference[],
): number {
  let i = from;
  for (const heredoc of heredocs) {
    while (i < text.length) {
      const end = text.indexOf('\n', i);
      const lineEnd = end === -1 ? text.length : end;
      const line = text.slice(i, lineEnd);
      const next = end === -1 ? text.length : end + 1;
      if ((heredoc.stripTabs ? line.replace(/^\t+/, '') : line) === heredoc.delimiter) {
        i = next;
        break;
      }
      if (!heredoc.literal) {
        for (let j = line.indexOf('$'); j !== -1; j = line.indexOf('$', j + 1)) {
          if (line[j - 1] === '\\') continue;
          const before = refs.length;
          readReference(line, j, refs);
          for (let k = before; k < refs.length; k++) {
            const ref = refs[k];
            if (ref) ref.offset += i;
          }
        }
      }
      i = next;
    }
  }
  return i;
}

function atWordStart(text: string, i: number): boolean {
  return i === 0 || /[\s;&|(]/.test(text[i - 1] ?? '');
}
