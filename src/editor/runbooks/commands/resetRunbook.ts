import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import { defineCommand, type Command } from '../../platform/commandManager';
import { runArgumentsArg } from '../runArguments';
import type { StepResults } from '../stepResults';

/** Clears the results shown in a runbook (its CodeLens and decorations). Argument as for the run commands. */
export function resetRunbookCommand(results: StepResults): Command {
  return defineCommand({ id: CommandIds.resetRunbook, title: 'Reset Runbook Results', args: [runArgumentsArg] }, (args) => {
    const uri = args.uri ?? vscode.window.activeTextEditor?.document.uri;
    if (uri) results.reset(uri);
    return uri !== undefined;
  });
}
