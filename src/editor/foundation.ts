import type * as vscode from 'vscode';
import { CommandIds } from './commandIds';
import type { CommandManager } from './platform/commandManager';

export function registerFoundationCommands(commands: CommandManager, log: vscode.LogOutputChannel): void {
  commands.register({ id: CommandIds.showLog, execute: () => log.show() });
}
