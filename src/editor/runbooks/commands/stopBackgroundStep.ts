import * as vscode from 'vscode';
import { CommandIds } from '../../commandIds';
import { defineCommand, type Command } from '../../platform/commandManager';
import type { BackgroundSteps } from '../backgroundSteps';
import { runArgumentsArg } from '../runArguments';
import type { RunbookDocuments } from '../runbookDocuments';

/**
 * Stops a `background=true` step: `{ uri, stepIndex }` from its CodeLens. Its
 * terminal closes, which ends what runs in it; the CodeLens then says "stopped".
 * Returns whether one was running. Stopping needs no trust: it only ends what ran.
 */
export function stopBackgroundStepCommand(documents: RunbookDocuments, background: BackgroundSteps): Command {
  return defineCommand({ id: CommandIds.stopBackgroundStep, title: 'Stop Background Step', args: [runArgumentsArg] }, async (args) => {
    const uri = args.uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!uri || args.stepIndex === undefined) return false;
    const step = documents.parse(await documents.open(uri)).steps.find((s) => s.index === args.stepIndex);
    return step !== undefined && background.stop(uri.toString(), step.name);
  });
}
