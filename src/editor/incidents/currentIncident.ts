import * as vscode from 'vscode';
import { Disposable } from '../platform/dispose';

const KEY = 'incidentDesk.currentIncident';

/** The window's current incident: runbook runs are recorded against it. Survives a reload. */
export class CurrentIncident extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<string | undefined>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    super();
    void this.updateContext();
  }

  get id(): string | undefined {
    return this.state.get<string>(KEY);
  }

  async set(id: string | undefined): Promise<void> {
    await this.state.update(KEY, id);
    await this.updateContext();
    this.changed.fire(id);
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'incidentDesk.hasCurrentIncident', Boolean(this.id));
  }
}
