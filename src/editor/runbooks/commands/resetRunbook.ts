import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import type { Command } from '../../platform/commandManager';
import { parseRunArguments } from '../runArguments';
import type { StepResults } from '../stepResults';

/** Clears the results shown in a runbook (its CodeLens and decorations). */
export function resetRunbookCommand(results: StepResults): Command {
  return {
    id: CommandIds.resetRunbook,
    execute: (arg?: unknown) => {
      const uri = parseRunArguments(arg).uri ?? vscode.window.activeTextEditor?.document.uri;
      if (uri) results.reset(uri);
      return uri !== undefined;
    },
  };
}
