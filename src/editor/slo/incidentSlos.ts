import * as vscode from 'vscode';
import type { SloImpactSource } from '../../app/retrospectives/ports';
import { sloImpactSourceFor } from '../../app/slo/node/sloImpactSource';
import type { SloStatus } from '../../core/slo/budget';
import { slosOfServices } from '../../core/slo/snapshot';
import { sloGlobs } from './sloSettings';

/** What the SLO feature offers the incidents and retrospectives features. */
export interface IncidentSloProvider {
  /** The SLOs view's statuses from its last refresh (no query). */
  statuses(): readonly SloStatus[];
  /** Statuses of the SLOs of these services measured now, within `timeoutMs`; undefined when that cannot be had (logged). */
  measure(services: readonly string[], timeoutMs: number): Promise<SloStatus[] | undefined>;
  /** The retrospective's SLO source for a repository folder. */
  impactSource(root: vscode.Uri): Promise<SloImpactSource>;
}

/** What the retrospective says to do when no Prometheus is configured in the editor. */
export const NO_PROMETHEUS_HINT = 'set incidentDesk.prometheus.url (and trust the workspace)';

/**
 * The one place the SLO feature and the features built before it meet (the composition
 * root, src/extension.ts, makes one and hands it to each): the incidents
 * tree and document show the SLOs of an incident's services from the SLOs view's
 * model, Declare Incident posts their state at declare time, and Write Retrospective
 * cites the budget the incident consumed. Until the SLO feature attaches (and after
 * it is disposed) there are no SLOs, which every reader handles.
 */
export class IncidentSlos implements vscode.Disposable {
  private provider: IncidentSloProvider | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** What readers were last told, so a refresh that changed nothing redraws nothing. */
  private lastFired = '';
  readonly onDidChange = this.changed.event;

  attach(provider: IncidentSloProvider): vscode.Disposable {
    this.provider = provider;
    this.fireChanged();
    return {
      dispose: () => {
        if (this.provider === provider) this.provider = undefined;
        this.fireChanged();
      },
    };
  }

  /**
   * The SLOs view finished a refresh. Readers redraw only when the statuses differ:
   * the Incidents tree redraws whole, and a redraw makes VS Code forget its rows for a
   * moment (a click on a row's inline action then loses its incident).
   */
  fireChanged(): void {
    const now = JSON.stringify(this.provider?.statuses() ?? []);
    if (now === this.lastFired) return;
    this.lastFired = now;
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  /** The live statuses of the SLOs of these services, as the SLOs view has them. */
  forServices(services: readonly string[]): SloStatus[] {
    return slosOfServices(this.provider?.statuses() ?? [], services);
  }

  measure(services: readonly string[], timeoutMs: number): Promise<SloStatus[] | undefined> {
    return this.provider?.measure(services, timeoutMs) ?? Promise.resolve(undefined);
  }

  impactSource(root: vscode.Uri): Promise<SloImpactSource> {
    return this.provider?.impactSource(root) ?? Promise.resolve(sloImpactSourceFor(root.fsPath, sloGlobs(), undefined, NO_PROMETHEUS_HINT));
  }
}

