import * as vscode from 'vscode';
import type { CommandId } from '../commandIds';

/** One command: its id from the table in commandIds.ts and what it does. */
export interface Command {
  readonly id: CommandId;
  execute(...args: unknown[]): unknown;
}

/** Registers commands once each and disposes them together. */
export class CommandManager implements vscode.Disposable {
  private readonly registrations = new Map<string, vscode.Disposable>();

  register(command: Command): vscode.Disposable {
    if (this.registrations.has(command.id)) throw new Error(`Command ${command.id} is registered twice`);
    const registration = vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.execute(...args));
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
