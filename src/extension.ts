import type * as vscode from 'vscode';
import { CommandManager } from './editor/platform/commandManager';
import { createLog } from './editor/platform/output';
import { registerFoundationCommands } from './editor/foundation';

/** Composition root: builds the features and hands their disposables to VS Code. Nothing else. */
export function activate(context: vscode.ExtensionContext): ExtensionApi {
  const log = context.subscriptions[context.subscriptions.push(createLog()) - 1] as vscode.LogOutputChannel;
  const commands = new CommandManager();
  context.subscriptions.push(commands);
  registerFoundationCommands(commands, log);
  return { registeredCommands: () => commands.registeredIds };
}

export function deactivate(): void {}

/** What the extension exports to tests (and to other extensions). */
export interface ExtensionApi {
  registeredCommands(): readonly string[];
}
