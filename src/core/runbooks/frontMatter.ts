import { readYamlSubset, YamlSubsetError, type YamlReadResult } from './frontMatterYaml';
import type { ParamSpec, RunbookDiagnostic, RunbookFrontMatter } from './types';

/**
 * Front matter: a plain-YAML block between `---` lines at the very top of the file.
 * Only data is accepted: tags, anchors and aliases are rejected and `---js` style
 * blocks (which other tools evaluate as code) are refused without being read. The
 * YAML is read by frontMatterYaml.ts in one linear pass.
 */

export interface FrontMatterBlock {
  /** 0-based line of the opening `---`. Always 0 (after a BOM, if any). */
  startLine: number;
  /** 0-based line of the closing `---` / `...`. */
  endLine: number;
  /** Language after the opening dashes (`''` for plain `---`). */
  language: string;
  /** The text between the fences. */
  text: string;
}

export interface FrontMatterResult {
  block: FrontMatterBlock | undefined;
  frontMatter: RunbookFrontMatter | undefined;
  diagnostics: RunbookDiagnostic[];
}

export const FRONT_MATTER_KEYS = ['title', 'services', 'alerts', 'owner', 'last_reviewed', 'params', 'shell', 'cwd', 'skipPrompts'] as const;
/** Keys other tools put there that we accept silently, so Runme files lint clean. */
const TOLERATED_KEYS = new Set(['runme', 'category', 'tag', 'terminalRows']);
const PARAM_KEYS = new Set(['description', 'default', 'secret']);
/** Environment variable names: params become environment variables. */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Finds the front matter block in normalized (LF, no BOM) lines. */
export function findFrontMatter(lines: readonly string[]): {
  block: FrontMatterBlock | undefined;
  diagnostics: RunbookDiagnostic[];
} {
  const opening = /^---([A-Za-z]*)[ \t]*$/.exec(lines[0] ?? '');
  if (!opening) return { block: undefined, diagnostics: [] };
  const language = (opening[1] ?? '').toLowerCase();
  for (let i = 1; i < lines.length; i++) {
    if (/^(---|\.\.\.)[ \t]*$/.test(lines[i] ?? '')) {
      return { block: { startLine: 0, endLine: i, language, text: lines.slice(1, i).join('\n') }, diagnostics: [] };
    }
  }
  // Never read further: the text stays markdown (a lone `---` may be a horizontal rule).
  return {
    block: undefined,
    diagnostics: [error('front-matter-unclosed', `Front matter ---${language} has no closing --- line.`, 0)],
  };
}

export function parseFrontMatter(lines: readonly string[]): FrontMatterResult {
  const found = findFrontMatter(lines);
  const block = found.block;
  if (!block) return { block, frontMatter: undefined, diagnostics: found.diagnostics };
  if (block.language !== '' && block.language !== 'yaml' && block.language !== 'yml') {
    return {
      block,
      frontMatter: undefined,
      diagnostics: [
        error(
          'front-matter-language',
          `Front matter ---${block.language} is not allowed: only plain YAML (---) is read, and code in front matter is never evaluated.`,
          0,
          block.endLine,
        ),
      ],
    };
  }
  const firstYamlLine = block.startLine + 1;
  let read: YamlReadResult;
  try {
    read = readYamlSubset(block.text);
  } catch (e) {
    if (!(e instanceof YamlSubsetError)) throw e;
    const line = firstYamlLine + e.line;
    const diagnostic =
      e.kind === 'tag'
        ? error('front-matter-tag', `Custom YAML tags are not allowed in front matter (only plain YAML): ${e.message}.`, line)
        : error('front-matter-yaml', `Invalid front matter: ${e.message}.`, line);
    return { block, frontMatter: undefined, diagnostics: [diagnostic] };
  }
  if (read.tags.length > 0) {
    const diagnostics = read.tags.map((tag) => error('front-matter-tag', `Custom YAML tags are not allowed in front matter (only plain YAML): ${tag.message}.`, firstYamlLine + tag.line));
    return { block, frontMatter: undefined, diagnostics };
  }
  const data = read.value;
  const diagnostics: RunbookDiagnostic[] = [];
  if (data === null || data === undefined) {
    return { block, frontMatter: { services: [], alerts: [], params: {} }, diagnostics };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      block,
      frontMatter: undefined,
      diagnostics: [error('front-matter-shape', 'Front matter must be a mapping of keys to values.', firstYamlLine)],
    };
  }
  const lineOf: LineOf = (...path) => {
    for (let depth = path.length; depth > 0; depth--) {
      const line = read.keyLines.get(path.slice(0, depth).join('\0'));
      if (line !== undefined) return firstYamlLine + line;
    }
    return firstYamlLine;
  };
  const frontMatter = readFields(data as Record<string, unknown>, lineOf, diagnostics);
  return { block, frontMatter, diagnostics };
}

function readFields(
  data: Record<string, unknown>,
  lineOf: LineOf,
  diagnostics: RunbookDiagnostic[],
): RunbookFrontMatter {
  const result: RunbookFrontMatter = { services: [], alerts: [], params: {} };
  const invalid = (key: string, message: string) =>
    diagnostics.push(error('front-matter-invalid', `Front matter '${key}': ${message}`, lineOf(key)));

  for (const key of Object.keys(data)) {
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key) && !TOLERATED_KEYS.has(key)) {
      diagnostics.push(
        warning('front-matter-unknown-key', `Unknown front matter key '${key}' (known: ${FRONT_MATTER_KEYS.join(', ')}).`, lineOf(key)),
      );
    }
  }

  const title = data.title;
  if (title !== undefined && title !== null) {
    if (typeof title === 'string') result.title = title;
    else invalid('title', 'must be text.');
  }
  const owner = data.owner;
  if (owner !== undefined && owner !== null) {
    if (typeof owner === 'string') result.owner = owner;
    else invalid('owner', 'must be text (a team or a person).');
  }
  for (const key of ['services', 'alerts'] as const) {
    const value = data[key];
    if (value === undefined || value === null) continue;
    const list = typeof value === 'string' ? [value] : value;
    if (Array.isArray(list) && list.every((item) => typeof item === 'string' && item.trim() !== '')) {
      result[key] = list.map((item: string) => item.trim());
    } else {
      invalid(key, 'must be a list of names, e.g. [checkout-api].');
    }
  }
  const reviewed = data.last_reviewed;
  if (reviewed !== undefined && reviewed !== null) {
    if (typeof reviewed === 'string' && isCalendarDate(reviewed)) result.lastReviewed = reviewed;
    else invalid('last_reviewed', `must be a date written YYYY-MM-DD, not ${JSON.stringify(reviewed)}.`);
  }
  const shell = data.shell;
  if (shell !== undefined && shell !== null) {
    // A program name, run with fixed arguments: one word, never a command line.
    if (typeof shell === 'string' && /^[A-Za-z0-9_./+-]+$/.test(shell)) result.shell = shell;
    else invalid('shell', 'must be a shell program, e.g. bash or zsh.');
  }
  const cwd = data.cwd;
  if (cwd !== undefined && cwd !== null) {
    if (typeof cwd === 'string' && cwd.trim() !== '' && !cwd.includes('\0')) result.cwd = cwd.trim();
    else invalid('cwd', 'must be a folder path relative to the runbook.');
  }
  const skipPrompts = data.skipPrompts;
  if (skipPrompts !== undefined && skipPrompts !== null) {
    if (typeof skipPrompts === 'boolean') result.skipPrompts = skipPrompts;
    else invalid('skipPrompts', 'must be true or false.');
  }
  const params = data.params;
  if (params !== undefined && params !== null) {
    if (typeof params === 'object' && !Array.isArray(params)) {
      result.params = readParams(params as Record<string, unknown>, lineOf, diagnostics);
    } else {
      invalid('params', 'must be a mapping of NAME: { description, default, secret }.');
    }
  }
  return result;
}

function readParams(
  raw: Record<string, unknown>,
  lineOf: LineOf,
  diagnostics: RunbookDiagnostic[],
): Record<string, ParamSpec> {
  const params: Record<string, ParamSpec> = {};
  // Keys, not entries: no [name, value] pair per param.
  for (const name of Object.keys(raw)) {
    const value = raw[name];
    const where = `Param '${name}'`;
    // Only a diagnostic needs the line.
    const line = () => lineOf('params', name);
    if (!PARAM_NAME.test(name) || name === '__proto__') {
      diagnostics.push(error('param-name', `${where}: names are environment variables (letters, digits, _; not starting with a digit).`, line()));
      continue;
    }
    if (value === null || value === undefined) {
      params[name] = { secret: false };
      continue;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      diagnostics.push(error('param-invalid', `${where}: must be a mapping { description, default, secret }.`, line()));
      continue;
    }
    const spec: ParamSpec = { secret: false };
    for (const key of Object.keys(value as Record<string, unknown>)) {
      if (!PARAM_KEYS.has(key)) {
        diagnostics.push(
          warning('param-unknown-key', `${where}: unknown key '${key}' (known: description, default, secret).`, lineOf('params', name, key)),
        );
      }
    }
    const fields = value as Record<string, unknown>;
    if (fields.description !== undefined && fields.description !== null) {
      if (typeof fields.description === 'string') spec.description = fields.description;
      else diagnostics.push(error('param-invalid', `${where}: description must be text.`, line()));
    }
    if (fields.secret !== undefined && fields.secret !== null) {
      if (typeof fields.secret === 'boolean') spec.secret = fields.secret;
      else diagnostics.push(error('param-invalid', `${where}: secret must be true or false.`, line()));
    }
    const fallback = fields.default;
    if (fallback !== undefined && fallback !== null) {
      if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') {
        spec.default = String(fallback);
      } else {
        diagnostics.push(error('param-invalid', `${where}: default must be a single value.`, line()));
      }
      // An empty default just makes a secret optional; any other value is a secret committed to the repo.
      if (spec.secret && spec.default !== undefined && spec.default !== '') {
        diagnostics.push(warning('secret-default', `${where} is secret but has a default written in the repo.`, line()));
      }
    }
    params[name] = spec;
  }
  return params;
}

type LineOf = (...path: string[]) => number;

function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function error(code: string, message: string, line: number, endLine?: number): RunbookDiagnostic {
  return endLine === undefined ? { severity: 'error', code, message, line } : { severity: 'error', code, message, line, endLine };
}

function warning(code: string, message: string, line: number): RunbookDiagnostic {
  return { severity: 'warning', code, message, line };
}
