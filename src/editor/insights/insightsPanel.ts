import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { InsightsComputer } from '../../app/insights/node/computeOffThread';
import { readTeamPolicy } from '../../app/insights/node/repositorySources';
import { repositoryRoot } from '../../app/insights/node/repositoryRoot';
import { repositoryInsightsSources } from '../../app/insights/node/sources';
import { gatherInsights, type GatheredInsights } from '../../app/insights/runInsights';
import type { Severity } from '../../core/incidents/model';
import type { InsightsResult } from '../../core/insights/types';
import { CommandIds } from '../commandIds';
import { createBackend } from '../incidents/backendFactory';
import type { Secrets } from '../platform/secrets';
import type { Settings } from '../platform/settings';
import { insightsHtml } from './insightsHtml';
import { DEFAULT_FILTERS, isWebviewMessage, type HostMessage, type InsightsFilters, type RenderedDom } from './protocol';

/** One render's timings: inside the webview (data received → drawn), and from the host posting the data to hearing back. */
export interface RenderTiming {
  renderMs: number;
  sinceDataPostedMs: number;
}

export interface InsightsPanelDeps {
  extensionUri: vscode.Uri;
  settings: Settings;
  secrets: Secrets;
  log: vscode.LogOutputChannel;
  computer: InsightsComputer;
}

/**
 * The Insights view: one webview panel. Sources are gathered on the extension host
 * (asynchronous I/O: the backend, the retrospectives, git) once per time range; the
 * measures run on the insights worker thread for every filter change.
 */
export class InsightsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private gathered: { rangeDays: number; at: number; data: Promise<GatheredInsights & { root: string }> } | undefined;
  private result: InsightsResult | undefined;
  private filters: InsightsFilters = DEFAULT_FILTERS;
  private generation = 0;
  private readonly renderedEmitter = new vscode.EventEmitter<RenderedDom>();
  /** Fires with what the webview's DOM shows after each render. */
  readonly onDidRender = this.renderedEmitter.event;
  private readonly timedEmitter = new vscode.EventEmitter<RenderTiming>();
  /** Fires with each render's timings (for the benchmark; the log has them too). */
  readonly onDidRenderTimed = this.timedEmitter.event;
  /** When the last data message was posted, to time the render from the host's side. */
  private dataPostedAt: number | undefined;

  constructor(private readonly deps: InsightsPanelDeps) {}

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const dist = vscode.Uri.joinPath(this.deps.extensionUri, 'dist');
    const media = vscode.Uri.joinPath(this.deps.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('incidentDesk.insights', 'Incident Desk Insights', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [dist, media],
    });
    this.panel = panel;
    panel.webview.html = insightsHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomUUID().replace(/-/g, ''),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'insights-webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'insights.css')).toString(),
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message));
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.gathered = undefined;
    });
  }

  /** Gathers again (the backend or the repository changed). */
  refresh(): void {
    this.gathered = undefined;
    if (this.panel) void this.load(this.filters);
  }

  dispose(): void {
    this.panel?.dispose();
    this.renderedEmitter.dispose();
    this.timedEmitter.dispose();
  }

  private receive(message: unknown): void {
    if (!isWebviewMessage(message)) {
      this.deps.log.warn('insights: ignored a message from the webview that is not in the protocol');
      return;
    }
    switch (message.type) {
      case 'ready':
        void this.load(this.filters);
        break;
      case 'filter':
        void this.load(message.filters);
        break;
      case 'open':
        void this.open(message.key);
        break;
      case 'rendered':
        this.deps.log.info(`insights: rendered in ${Math.round(message.renderMs)} ms`);
        this.renderedEmitter.fire(message.dom);
        this.timedEmitter.fire({ renderMs: message.renderMs, sinceDataPostedMs: this.dataPostedAt === undefined ? NaN : performance.now() - this.dataPostedAt });
        break;
    }
  }

  private post(message: HostMessage): void {
    void this.panel?.webview.postMessage(message);
  }

  private async load(filters: InsightsFilters): Promise<void> {
    const generation = ++this.generation;
    this.filters = filters;
    this.post({ type: 'loading', filters });
    try {
      const gathered = await this.gather(filters.rangeDays);
      const result = await this.deps.computer.compute({
        ...gathered.input,
        filter: {
          ...(filters.service === '' ? {} : { service: filters.service }),
          ...(filters.severity === '' ? {} : { severity: Number(filters.severity) as Severity }),
        },
      });
      if (generation !== this.generation) return; // a newer filter is on its way
      this.result = result;
      const openable = Object.keys(result.trace).filter((key) => (result.trace[key]?.length ?? 0) > 0 && key !== 'failedDeploys');
      if (result.report.incidents.total > 0) openable.push('all');
      this.dataPostedAt = performance.now();
      this.post({ type: 'data', filters, report: result.report, services: result.services, warnings: gathered.warnings, openable });
    } catch (error) {
      if (generation !== this.generation) return;
      const message = error instanceof Error ? error.message : String(error);
      this.deps.log.error(`insights: ${message}`);
      this.post({ type: 'error', message: `Insights could not be computed: ${message}` });
    }
  }

  /** Sources once per time range (and at most a minute old); filters reuse them. */
  private gather(rangeDays: number): Promise<GatheredInsights & { root: string }> {
    const fresh = this.gathered && this.gathered.rangeDays === rangeDays && Date.now() - this.gathered.at < 60_000;
    if (!fresh) {
      const data = this.gatherNow(rangeDays);
      this.gathered = { rangeDays, at: Date.now(), data };
      data.catch(() => {
        if (this.gathered?.data === data) this.gathered = undefined;
      });
    }
    return (this.gathered as { data: Promise<GatheredInsights & { root: string }> }).data;
  }

  private async gatherNow(rangeDays: number): Promise<GatheredInsights & { root: string }> {
    const folder = (vscode.workspace.workspaceFolders ?? []).find((f) => f.uri.scheme === 'file');
    if (!folder) throw new Error('Open the repository that holds the retrospectives (File > Open Folder).');
    const root = await repositoryRoot(folder.uri.fsPath);
    const policy = await readTeamPolicy(root);
    const setup = await createBackend(this.deps.settings, this.deps.secrets);
    const warnings: string[] = [];
    if (setup.state !== 'ready') warnings.push(`No backend (${setup.reason}); counting the retrospectives only.`);
    const sources = repositoryInsightsSources({
      root,
      policy,
      retrospectivesFolder: this.deps.settings.retrospectivesFolder,
      ...(setup.state === 'ready' ? { backend: setup.configured.backend } : {}),
    });
    const now = new Date();
    const gathered = await gatherInsights(sources, { since: new Date(now.getTime() - rangeDays * 86_400_000), until: now, now });
    return { ...gathered, warnings: [...warnings, ...gathered.warnings], root };
  }

  /** Opens what a bar or row counts: one incident (or its retrospective) directly, several through a pick. */
  private async open(key: string): Promise<void> {
    const result = this.result;
    const gathered = await this.gathered?.data.catch(() => undefined);
    if (!result || !gathered) return;
    const ids = key === 'all' ? Object.keys(result.titles) : result.trace[key] ?? [];
    if (ids.length === 0) return;
    const preferRetrospective = /^(factor|owner|followUps):/.test(key);
    const items = ids.map((id) => {
      const path = result.retrospectivePaths[id];
      return { label: id, description: result.titles[id] ?? '', detail: path ? `Retrospective: ${path}` : undefined, id, path };
    });
    const chosen = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: `${ids.length} incidents — open which?`, matchOnDescription: true });
    if (!chosen) return;
    if (chosen.path && (preferRetrospective || !(await this.hasBackend()))) {
      await vscode.window.showTextDocument(vscode.Uri.joinPath(vscode.Uri.file(gathered.root), chosen.path), { preview: true });
    } else {
      await vscode.commands.executeCommand(CommandIds.openIncident, chosen.id);
    }
  }

  private async hasBackend(): Promise<boolean> {
    return (await createBackend(this.deps.settings, this.deps.secrets)).state === 'ready';
  }
}
