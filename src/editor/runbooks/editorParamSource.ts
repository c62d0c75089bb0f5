import type * as vscode from 'vscode';
import type { ParamSource } from '../../app/runbooks/ports';
import { askForParams } from './paramPrompt';

/**
 * Every declared param: the ones the command was given, then those this runbook's
 * terminal already has ("asked once per terminal"), then an input box for the rest.
 * Cancelling an input box is reported as no missing names (the person chose not to run).
 */
export function editorParamSource(title: string, given: Readonly<Record<string, string>> | undefined, previous: Readonly<Record<string, string>>, log: vscode.LogOutputChannel): ParamSource {
  return {
    valuesFor: async ({ declared }) => {
      const known: Record<string, string> = {};
      for (const name of Object.keys(declared)) {
        if (given && Object.hasOwn(given, name)) known[name] = given[name] ?? '';
        else if (Object.hasOwn(previous, name)) known[name] = previous[name] ?? '';
      }
      const undeclared = Object.keys(given ?? {}).filter((name) => !Object.hasOwn(declared, name));
      if (undeclared.length > 0) log.warn(`Runbooks: ignoring params not declared in the runbook's front matter: ${undeclared.join(', ')}.`);
      const values = await askForParams(title, declared, known);
      return values ? { ok: true, values } : { ok: false, missing: [] };
    },
  };
}
