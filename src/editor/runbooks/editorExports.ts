import * as vscode from 'vscode';
import type { ExportPrompter } from '../../app/runbooks/ports';

/**
 * The editor's answer to `export X=placeholder` lines (Runme's promptEnv), for the
 * run session's one implementation of when to ask (src/app/runbooks/runSession.ts):
 * a value the command was given, else an input box prefilled with the placeholder.
 * As on the command line, `auto` asks only when X is not already in the
 * environment the terminals inherit, and an empty answer or Escape keeps the line
 * as written. Values are returned, never stored or logged here.
 */
export function editorExportPrompter(title: string, given: Readonly<Record<string, string>> | undefined, environment: Readonly<Record<string, string | undefined>> = process.env): ExportPrompter {
  return {
    valueFor: async (name, placeholder, mode) => {
      if (given && Object.hasOwn(given, name)) return given[name];
      if (mode === 'auto' && environment[name] !== undefined) return undefined;
      const value = await vscode.window.showInputBox({
        title: `${title}: $${name}`,
        prompt: `Value for $${name}, which this step exports (the runbook's placeholder is filled in). Given to the terminal's shell, never recorded.`,
        value: placeholder,
        ignoreFocusOut: true,
        validateInput: (text) => (text.includes('\0') ? 'A value cannot hold a NUL character.' : undefined),
      });
      return value === undefined || value === '' ? undefined : value;
    },
  };
}
