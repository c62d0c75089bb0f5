import * as vscode from 'vscode';
import { renderIncidentMarkdown } from '../../core/incidents/renderIncident';
import { Disposable } from '../platform/dispose';
import type { IncidentSlos } from '../slo/incidentSlos';
import type { IncidentsModel } from './incidentsModel';
import { sloSectionMarkdown } from './sloSection';

export const INCIDENT_SCHEME = 'incident-desk';

/**
 * `incident-desk:/INC-7.md`: the incident and its timeline as markdown, from a
 * read-only file system, so neither typing nor a WorkspaceEdit can change it.
 * Re-rendered when the incident changes.
 */
export class IncidentDocumentProvider extends Disposable implements vscode.FileSystemProvider {
  private readonly changed = this._register(new vscode.EventEmitter<vscode.FileChangeEvent[]>());
  readonly onDidChangeFile = this.changed.event;
  private readonly rendered = new Map<string, Uint8Array>();

  constructor(
    private readonly model: IncidentsModel,
    private readonly slos: IncidentSlos,
  ) {
    super();
    this._register(vscode.workspace.registerFileSystemProvider(INCIDENT_SCHEME, this, { isReadonly: true, isCaseSensitive: true }));
    const rerender = () => {
      const changes = [...this.rendered.keys()].map((id) => ({ type: vscode.FileChangeType.Changed, uri: uriFor(id) }));
      if (changes.length > 0) this.changed.fire(changes);
    };
    this._register(model.onDidChange(rerender));
    this._register(slos.onDidChange(rerender));
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const content = await this.render(idOf(uri));
    return { type: vscode.FileType.File, ctime: 0, mtime: Date.now(), size: content.byteLength, permissions: vscode.FilePermission.Readonly };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.render(idOf(uri));
  }

  watch(): vscode.Disposable {
    return { dispose: () => undefined };
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Incident documents are read-only.');
  }

  writeFile(): void {
    throw vscode.FileSystemError.NoPermissions('Incident documents are read-only.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Incident documents are read-only.');
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Incident documents are read-only.');
  }

  private async render(id: string): Promise<Uint8Array> {
    const incident = await this.model.detail(id).catch(() => undefined);
    const text = incident ? renderIncidentMarkdown(incident) + sloSectionMarkdown(this.slos.forServices(incident.services)) : `# ${id}\n\nThis incident is not available (the backend is unreachable and it is not cached).\n`;
    const bytes = new TextEncoder().encode(text);
    this.rendered.set(id, bytes);
    return bytes;
  }
}

export function uriFor(incidentId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: INCIDENT_SCHEME, path: `/${incidentId}.md` });
}

function idOf(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}
