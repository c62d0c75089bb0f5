import * as vscode from 'vscode';
import { formatDuration } from '../../core/incidents/duration';
import { Disposable } from '../platform/dispose';
import type { CurrentIncident } from './currentIncident';
import type { IncidentsModel } from './incidentsModel';

/** Active incidents, the highest severity, the current incident; a click opens the view. */
export class IncidentsStatusBar extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('incidentDesk.status', vscode.StatusBarAlignment.Left, 50));

  constructor(private readonly model: IncidentsModel, private readonly current: CurrentIncident) {
    super();
    this.item.name = 'Incident Desk';
    this.item.command = 'incidentDesk.incidents.focus';
    this._register(model.onDidChange(() => this.render()));
    this._register(current.onDidChange(() => this.render()));
    this.render();
  }

  render(): void {
    const state = this.model.state;
    if (state.kind === 'unconfigured') {
      this.item.hide();
      return;
    }
    const incidents = this.model.incidents();
    const highest = incidents.reduce<number | undefined>((min, i) => (min === undefined || i.severity < min ? i.severity : min), undefined);
    const parts: string[] = [];
    if (state.kind === 'offline') parts.push('$(debug-disconnect) offline');
    parts.push(incidents.length === 0 ? '$(pass) No incidents' : `$(flame) ${incidents.length} active · Sev ${highest}`);
    const currentId = this.current.id;
    if (currentId) parts.push(`$(target) ${currentId}`);
    const waiting = this.model.queue.pending.length;
    if (waiting > 0) parts.push(`$(cloud-upload) ${waiting} waiting`);
    this.item.text = parts.join('  ');
    this.item.backgroundColor = highest !== undefined && highest <= 1 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    const tooltip = [`${incidents.length} active incident(s)`];
    const me = this.model.signedInAs;
    if (me) tooltip.push(`Signed in as ${me.name}${me.scope ? ` (${me.scope})` : ''}: the timeline records your changes under this name.`);
    if (currentId) tooltip.push(`Working on ${currentId}: runbook runs are recorded on its timeline.`);
    if (state.kind === 'offline') tooltip.push(`Offline${state.updatedAt ? ` — last updated ${formatDuration(Date.now() - state.updatedAt)} ago` : ''}: ${state.error}`);
    if (waiting > 0) tooltip.push(`${waiting} action(s) waiting to be sent.`);
    this.item.tooltip = tooltip.join('\n');
    this.item.show();
  }
}
