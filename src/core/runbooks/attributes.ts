import { isRunnableLanguage } from './commands';
import { commandOnFenceLine } from './fenceWords';
import type { StepAttributes } from './types';

/**
 * The fence info string: a language, then Runme-style attributes in braces:
 *   sh { name=apply confirm=true timeout=600 }
 *   sh { name="scale up" cwd=../terraform }
 *   bash {"name":"x y","excludeFromRunAll":true}
 * Values are data only. They are read character by character, never evaluated,
 * and the runner never splices them into a command line.
 */

export interface InfoString {
  /** Lower-cased; '' when the fence has no info string. */
  language: string;
  attributes: StepAttributes;
  /** Problems, as messages; the caller turns them into diagnostics on the fence line. */
  problems: AttributeProblem[];
}

export interface AttributeProblem {
  severity: 'warning' | 'info';
  code: string;
  message: string;
}

const KNOWN = ['name', 'confirm', 'timeout', 'cwd', 'interactive', 'excludeFromRunAll', 'background', 'promptEnv', 'interpreter'] as const;
type KnownKey = (typeof KNOWN)[number];
const KNOWN_BY_LOWER = new Map<string, KnownKey>(KNOWN.map((k) => [k.toLowerCase(), k]));
const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
/** Hostile info strings can be a megabyte long; a few messages say enough. */
const MAX_SYNTAX_ERRORS = 10;

export function parseInfoString(info: string): InfoString {
  const problems: AttributeProblem[] = [];
  const attributes: StepAttributes = { unknown: {} };
  const trimmed = info.trim();
  const language = (/^[^\s{]*/.exec(trimmed)?.[0] ?? '').toLowerCase();
  const rest = trimmed.slice(language.length).trim();
  if (!rest.startsWith('{')) {
    const command = commandOnFenceLine(language, rest);
    if (command !== undefined) {
      problems.push({ severity: 'warning', code: 'command-on-fence-line', message: commandOnFenceLineMessage(command, language) });
      return { language, attributes, problems };
    }
    if (rest === '') return { language, attributes, problems };
    problems.push({
      severity: 'info',
      code: 'attribute-syntax',
      message: `Text after the language is ignored; attributes go in braces, e.g. { name=check confirm=true }.`,
    });
    return { language, attributes, problems };
  }
  let inner = rest.slice(1);
  if (inner.trimEnd().endsWith('}')) inner = inner.trimEnd().slice(0, -1);
  else problems.push({ severity: 'warning', code: 'attribute-syntax', message: 'Attributes start with { but have no closing }.' });

  const seen = new Set<KnownKey>();
  for (const entry of readPairs(inner, problems)) {
    const known = KNOWN_BY_LOWER.get(entry.key.toLowerCase());
    if (!known) {
      // Own data property even for '__proto__', which plain assignment would treat as the prototype.
      Object.defineProperty(attributes.unknown, entry.key, { value: entry.value, enumerable: true, writable: true, configurable: true });
      continue;
    }
    if (seen.has(known)) {
      problems.push({ severity: 'warning', code: 'attribute-duplicate', message: `Attribute '${known}' is given more than once; the last one counts.` });
    }
    seen.add(known);
    apply(attributes, known, entry.value, problems);
  }
  return { language, attributes, problems };
}

function commandOnFenceLineMessage(command: string, language: string): string {
  const shown = command.length > 60 ? `${command.slice(0, 57)}...` : command;
  // ```kubectl get pods: the program was read as the language, so the fence needs one too.
  const label = isRunnableLanguage(language) ? '' : ' and label the fence ```sh';
  return `The command '${shown}' is on the fence line, where Markdown puts the info string (the language${language === '' ? '' : ` '${language}'`} and { attributes }); it will not run — move it to the next line${label}.`;
}

function apply(attributes: StepAttributes, key: KnownKey, value: string, problems: AttributeProblem[]): void {
  const invalid = (message: string) =>
    problems.push({ severity: 'warning', code: 'attribute-invalid', message: `Attribute ${key}=${JSON.stringify(value)}: ${message}` });
  switch (key) {
    case 'name': {
      const name = value.trim();
      if (name === '') invalid('a name cannot be empty.');
      else attributes.name = name;
      return;
    }
    case 'cwd':
      if (value.trim() === '' || value.includes('\0')) invalid('expected a folder path.');
      else attributes.cwd = value.trim();
      return;
    case 'timeout': {
      const seconds = parseDuration(value);
      if (seconds === undefined || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
        invalid('expected seconds (600) or a duration (10m, 1h30m) up to 7 days.');
      } else {
        attributes.timeout = seconds;
      }
      return;
    }
    case 'confirm': {
      const flag = parseBoolean(value);
      if (flag === undefined) {
        // Fail safe: someone who wrote confirm=yes wanted to be asked.
        invalid('expected true or false; treated as true.');
        attributes.confirm = true;
      } else {
        // Once any confirm=true is present it stays: a later duplicate cannot switch it off.
        attributes.confirm = attributes.confirm === true || flag;
      }
      return;
    }
    case 'interpreter': {
      // A program, run with the step's script as a file argument: one word, never a command line.
      const program = value.trim();
      if (!/^[A-Za-z0-9_./+-]+$/.test(program)) invalid('expected a program name such as python3 or /usr/bin/env.');
      else attributes.interpreter = program;
      return;
    }
    case 'promptEnv': {
      // Runme: true/yes always asks, false/no never, auto (its default) asks when the variable is unset.
      const v = value.trim().toLowerCase();
      if (v === 'true' || v === 'yes' || v === '1') attributes.promptEnv = 'always';
      else if (v === 'false' || v === 'no' || v === '0') attributes.promptEnv = 'never';
      else if (v === 'auto' || v === '') attributes.promptEnv = 'auto';
      else invalid('expected true, false or auto.');
      return;
    }
    case 'interactive':
    case 'background':
    case 'excludeFromRunAll': {
      const flag = parseBoolean(value);
      if (flag === undefined) invalid('expected true or false.');
      else attributes[key] = flag;
      return;
    }
  }
}

interface Pair {
  key: string;
  value: string;
}

/**
 * Reads `key=value` / `key: value` / `"key": "value"` pairs separated by spaces or
 * commas. On a syntax error it reports, skips to the next separator and goes on, so
 * one bad pair cannot hide a later `confirm=true`.
 */
function readPairs(text: string, problems: AttributeProblem[]): Pair[] {
  const pairs: Pair[] = [];
  let i = 0;
  const skipSeparators = () => {
    while (i < text.length && /[\s,]/.test(text[i] ?? '')) i++;
  };
  const skipWord = () => {
    while (i < text.length && !/[\s,]/.test(text[i] ?? '')) i++;
  };
  let syntaxErrors = 0;
  const syntax = (message: string) => {
    syntaxErrors++;
    problems.push({ severity: 'warning', code: 'attribute-syntax', message });
  };

  for (;;) {
    skipSeparators();
    if (i >= text.length) return pairs;
    if (syntaxErrors >= MAX_SYNTAX_ERRORS) {
      syntax('Too many attribute errors; the rest of the attributes were not read.');
      return pairs;
    }
    const start = i;
    const key = readKey();
    if (key === undefined) {
      syntax(`Cannot read an attribute at ${JSON.stringify(excerpt(text, start))}; expected name=value.`);
      i = Math.max(i, start + 1);
      skipWord();
      continue;
    }
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    if (text[i] !== '=' && text[i] !== ':') {
      syntax(`Attribute '${key}' has no value; write ${key}=true or ${key}="value".`);
      skipWord();
      continue;
    }
    i++;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
    const value = readValue();
    if (value === undefined) {
      syntax(`Attribute '${key}' has an unterminated or invalid quoted value.`);
      skipWord();
      continue;
    }
    pairs.push({ key, value });
  }

  function readKey(): string | undefined {
    if (text[i] === '"' || text[i] === "'") return readQuoted();
    const match = /^[A-Za-z_][A-Za-z0-9_.-]*/.exec(text.slice(i, i + 200));
    if (!match) return undefined;
    i += match[0].length;
    return match[0];
  }

  function readValue(): string | undefined {
    if (text[i] === '"' || text[i] === "'") return readQuoted();
    const start = i;
    skipWord();
    return text.slice(start, i);
  }

  /** A JSON-style double-quoted string or a literal single-quoted one. */
  function readQuoted(): string | undefined {
    const quote = text[i];
    i++;
    let out = '';
    while (i < text.length) {
      const c = text[i] ?? '';
      if (c === quote) {
        i++;
        return out;
      }
      if (c === '\\' && quote === '"') {
        const next = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
        if (next !== undefined && simple[next] !== undefined) {
          out += simple[next];
          i += 2;
          continue;
        }
        const hex = next === 'u' ? /^[0-9a-fA-F]{4}/.exec(text.slice(i + 2, i + 6)) : null;
        if (hex) {
          out += String.fromCharCode(parseInt(hex[0], 16));
          i += 6;
          continue;
        }
        return undefined;
      }
      out += c;
      i++;
    }
    return undefined;
  }
}

export function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** `600` / `1.5` (seconds) or `10m`, `1h30m`, `90s`, `500ms`. */
export function parseDuration(value: string): number | undefined {
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const m = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?$/.exec(v);
  if (!m || v === '') return undefined;
  const [h, min, s, ms] = [m[1], m[2], m[3], m[4]].map((part) => Number(part ?? 0)) as [number, number, number, number];
  return h * 3600 + min * 60 + s + ms / 1000;
}

function excerpt(text: string, at: number): string {
  return text.slice(at, at + 24);
}
