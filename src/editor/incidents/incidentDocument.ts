import * as vscode from 'vscode';
import { renderIncidentMarkdown } from '../../core/incidents/renderIncident';
import { Disposable } from '../platform/dispose';
import type { IncidentsModel } from './incidentsModel';

export const INCIDENT_SCHEME = 'incident-desk';

/** `incident-desk:/INC-7.md`: a read-only markdown document, re-rendered when the incident changes. */
export class IncidentDocumentProvider extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();

  constructor(private readonly model: IncidentsModel) {
    super();
    this._register(vscode.workspace.registerTextDocumentContentProvider(INCIDENT_SCHEME, this));
    this._register(model.onDidChange(() => {
      for (const id of this.open) this.changed.fire(uriFor(id));
    }));
    this._register(vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === INCIDENT_SCHEME) this.open.delete(idOf(doc.uri));
    }));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = idOf(uri);
    this.open.add(id);
    const incident = await this.model.detail(id);
    if (!incident) return `# ${id}\n\nThis incident is not available (the backend is unreachable and it is not cached).\n`;
    return renderIncidentMarkdown(incident);
  }
}

export function uriFor(incidentId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: INCIDENT_SCHEME, path: `/${incidentId}.md` });
}

function idOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}
