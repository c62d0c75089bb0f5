import * as vscode from 'vscode';
import type { ArgCheck } from '../platform/commandArgs';

/**
 * What the run commands accept, so CodeLens, menus, keybindings and tests can skip
 * the prompts they do not need:
 *   { uri, stepIndex?, line?, firstStep?, params?, exports?, assumeYes? }
 * or a bare Uri (editor title menus pass the resource), or nothing (the active editor).
 */
export interface RunArguments {
  uri?: vscode.Uri;
  /** The step's index among the file's fences (RunbookStep.index). */
  stepIndex?: number;
  /** A 0-based line inside the step, when no index is given. */
  line?: number;
  /** The runbook's first runnable step, when neither index nor line is given (an incident's "Run Fitting Runbook"). */
  firstStep?: boolean;
  /** Param values, by name; the ones given are not asked for. */
  params?: Record<string, string>;
  /** Values for `export X=placeholder` lines, by name; the ones given are not asked for. */
  exports?: Record<string, string>;
  /** Answers yes to the confirmations (honoured only outside production, see the runner). */
  assumeYes?: boolean;
}

/** The run commands' check: a Uri, an options object or nothing; anything else is refused, not guessed at. */
export const runArgumentsArg: ArgCheck<RunArguments> = (value) =>
  value === undefined || value === null || typeof value === 'object' ? { ok: true, value: parseRunArguments(value) } : { ok: false, problem: 'expected a runbook (a Uri or { uri, stepIndex?, params? }) or nothing' };

export function parseRunArguments(arg: unknown): RunArguments {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const raw = arg as Record<string, unknown>;
  const parsed: RunArguments = {};
  const uri = toUri(raw.uri);
  if (uri) parsed.uri = uri;
  if (typeof raw.stepIndex === 'number' && Number.isInteger(raw.stepIndex) && raw.stepIndex >= 0) parsed.stepIndex = raw.stepIndex;
  if (typeof raw.line === 'number' && Number.isInteger(raw.line) && raw.line >= 0) parsed.line = raw.line;
  const params = stringsOf(raw.params);
  if (params) parsed.params = params;
  const exports = stringsOf(raw.exports);
  if (exports) parsed.exports = exports;
  if (raw.firstStep === true) parsed.firstStep = true;
  if (raw.assumeYes === true) parsed.assumeYes = true;
  return parsed;
}

/** `{ NAME: 'value' }` with only its text values, each an own key (even `__proto__`); undefined for anything else. */
function stringsOf(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(value as Record<string, unknown>)) {
    if (typeof text === 'string') Object.defineProperty(out, name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function toUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'string' && value !== '') {
    try {
      return value.includes('://') || value.startsWith('untitled:') ? vscode.Uri.parse(value, true) : vscode.Uri.file(value);
    } catch {
      return undefined;
    }
  }
  // A Uri that crossed a process boundary arrives as plain { scheme, path, ... }.
  if (typeof value === 'object' && value !== null && typeof (value as { scheme?: unknown }).scheme === 'string' && typeof (value as { path?: unknown }).path === 'string') {
    return vscode.Uri.from(value as { scheme: string; path: string });
  }
  return undefined;
}
