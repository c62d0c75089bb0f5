import * as vscode from 'vscode';
import { commandHandler, type Command, type CommandHost } from './commandCenter';
import { reportError, reportRefusal } from './errorReport';
import { refuseUntrusted } from './trust';

export type { Command } from './commandCenter';
export { defineCommand } from './commandCenter';

/** Registers commands once each, every one through the command wrapper (commandCenter.ts), and disposes them together. */
export class CommandManager implements vscode.Disposable {
  private readonly registrations = new Map<string, vscode.Disposable>();
  private readonly host: CommandHost;

  constructor(log: vscode.LogOutputChannel) {
    this.host = {
      isTrusted: () => vscode.workspace.isTrusted,
      refuseUntrusted,
      refuseArguments: (title, problem) => reportRefusal(log, title, problem),
      reportFailure: (title, error) => reportError(log, title, error),
    };
  }

  register(command: Command): vscode.Disposable {
    if (this.registrations.has(command.id)) throw new Error(`Command ${command.id} is registered twice`);
    const registration = vscode.commands.registerCommand(command.id, commandHandler(command, this.host));
    this.registrations.set(command.id, registration);
    return registration;
  }

  get registeredIds(): readonly string[] {
    return [...this.registrations.keys()];
  }

  dispose(): void {
    for (const registration of this.registrations.values()) registration.dispose();
    this.registrations.clear();
  }
}
