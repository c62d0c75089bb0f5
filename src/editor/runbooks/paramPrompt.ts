import * as vscode from 'vscode';
import type { ParamSpec } from '../../core/runbooks/types';

/**
 * Asks for the runbook's params that have no value yet: an input box each,
 * prefilled with the default, a password box for `secret` ones. Values are
 * returned, never stored or logged here. Undefined when the user cancels.
 */
export async function askForParams(
  runbookTitle: string,
  declared: Readonly<Record<string, ParamSpec>>,
  known: Readonly<Record<string, string>>,
): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = { ...known };
  const missing = Object.keys(declared).filter((name) => !Object.hasOwn(known, name));
  for (const [i, name] of missing.entries()) {
    const spec = declared[name] ?? { secret: false };
    const value = await vscode.window.showInputBox({
      title: `${runbookTitle}: ${name} (${i + 1}/${missing.length})`,
      prompt: `${spec.description ?? `Value for $${name}`} — given to the runbook's terminal as $${name}${spec.secret ? '; never shown or recorded' : ''}.`,
      value: spec.default ?? '',
      password: spec.secret,
      ignoreFocusOut: true,
      validateInput: (text) => (text.includes('\0') ? 'The value cannot contain a NUL character.' : undefined),
    });
    if (value === undefined) return undefined;
    values[name] = value;
  }
  return values;
}
