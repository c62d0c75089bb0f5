import * as vscode from 'vscode';
import type { ArgCheck, Checked } from './commandArgs';

/** A Uri; one that crossed a process boundary arrives as plain { scheme, path, ... }. */
export function asUri(value: unknown): vscode.Uri | undefined {
  if (value instanceof vscode.Uri) return value;
  if (typeof value === 'object' && value !== null && typeof (value as { scheme?: unknown }).scheme === 'string' && typeof (value as { path?: unknown }).path === 'string') {
    return vscode.Uri.from(value as { scheme: string; path: string });
  }
  return undefined;
}

/** A file: a Uri, `{ uri }` (tests, keybindings), or nothing (the active editor). */
export const fileArg: ArgCheck<vscode.Uri | undefined> = (value): Checked<vscode.Uri | undefined> => {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  const uri = asUri(value) ?? (typeof value === 'object' ? asUri((value as { uri?: unknown }).uri) : undefined);
  return uri ? { ok: true, value: uri } : { ok: false, problem: 'expected a file (a Uri or { uri }) or nothing' };
};

export const uriArg: ArgCheck<vscode.Uri> = (value) => {
  const uri = asUri(value);
  return uri ? { ok: true, value: uri } : { ok: false, problem: 'expected a Uri' };
};
