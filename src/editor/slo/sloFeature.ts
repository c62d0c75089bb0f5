import * as vscode from 'vscode';
import { IncidentActions } from '../../app/incidents/incidentActions';
import { loadSloFiles, type SloFile } from '../../app/slo/node/sloFiles';
import { sloStatuses } from '../../app/slo/sloStatus';
import { PrometheusSource } from '../../backends/prometheus/prometheusSource';
import type { Incident } from '../../core/incidents/model';
import { parsePolicyFile } from '../../core/policy/policyFile';
import { DEFAULT_SLO_BURN_POLICY, type SloBurnPolicy } from '../../core/policy/sections/sloBurn';
import type { SloStatus } from '../../core/slo/budget';
import { globToRegExp } from '../../core/slo/glob';
import { parseSloFile } from '../../core/slo/parse';
import { slosOfServices } from '../../core/slo/snapshot';
import type { SloImpactSource } from '../../app/retrospectives/ports';
import { sloImpactSourceFor } from '../../app/slo/node/sloImpactSource';
import { createBackend } from '../incidents/backendFactory';
import { Disposable } from '../platform/dispose';
import type { Secrets } from '../platform/secrets';
import type { Settings } from '../platform/settings';
import type { RunbookCatalog } from '../shared/runbookCatalog';
import type { UserName } from '../shared/incidentServices';
import { PrometheusToken, prometheusUrl, refreshIntervalMs, sloGlobs } from './sloSettings';
import { showProblems, SloTreeProvider } from './sloTree';
import { declarationFromSlo, fastBurnWarning, serviceGroups, type ServiceGroup } from './viewModel';
import { NO_PROMETHEUS_HINT, type IncidentSlos } from './incidentSlos';

export interface SloFeatureDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  settings: Settings;
  secrets: Secrets;
  userName: UserName;
  runbooks: RunbookCatalog;
  /** The incidents the Incidents view knows now (open ones are shown per service). */
  incidents(): readonly Incident[];
  onIncidentsChange: vscode.Event<void>;
  /** Where the incidents and retrospectives features read this feature's SLOs. */
  incidentSlos: IncidentSlos;
}

export interface SloTestApi {
  refresh(): Promise<void>;
  statuses(): readonly SloStatus[];
  groups(): readonly ServiceGroup[];
  message(): string | undefined;
  /** The fast-burn warning while it shows. */
  statusBarText(): string | undefined;
  /** Declare from an SLO with the title given (no prompt). */
  declareFrom(name: string, title: string): Promise<Incident | undefined>;
}

/**
 * The SLOs view: reads the workspace's OpenSLO files (problems in the Problems panel),
 * asks the team's Prometheus for every SLO's budget and burn, and shows them per
 * service with the runbooks and open incidents of that service; a status bar warning
 * while any SLO burns fast; Declare from SLO. Queries leave the machine only in a
 * trusted workspace.
 */
export class SloFeature extends Disposable {
  readonly tree: SloTreeProvider;
  private files: SloFile[] = [];
  private statuses: SloStatus[] = [];
  private message: string | undefined;
  private readonly token: PrometheusToken;
  private readonly problems = this._register(vscode.languages.createDiagnosticCollection('incident-desk-slos'));
  private readonly statusBar = this._register(vscode.window.createStatusBarItem('incidentDesk.sloBurn', vscode.StatusBarAlignment.Left, 40));
  private refreshing: Promise<void> | undefined;

  constructor(private readonly deps: SloFeatureDeps) {
    super();
    this.token = new PrometheusToken(deps.context.secrets);
    this.tree = new SloTreeProvider((path) => deps.runbooks.all().find((r) => r.path === path)?.uri);
    this._register(vscode.window.createTreeView('incidentDesk.slos', { treeDataProvider: this.tree }));
    this.statusBar.name = 'Incident Desk SLO burn';
    this.statusBar.command = 'incidentDesk.slos.focus';

    const root = this.root;
    if (root) {
      for (const glob of sloGlobs()) {
        const watcher = this._register(vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, glob)));
        this._register(watcher.onDidChange(() => void this.refresh()));
        this._register(watcher.onDidCreate(() => void this.refresh()));
        this._register(watcher.onDidDelete(() => void this.refresh()));
      }
    }
    // Problems for the live text of an open SLO file, before it is saved.
    this._register(vscode.workspace.onDidChangeTextDocument((event) => this.lintLive(event.document)));
    this._register(vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('incidentDesk.prometheus') || event.affectsConfiguration('incidentDesk.slos')) void this.refresh();
    }));
    this._register(this.token.onDidChange(() => void this.refresh()));
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()));
    this._register(deps.onIncidentsChange(() => this.render()));
    this._register(deps.runbooks.onDidChange(() => this.render()));
    const timer = setInterval(() => void this.refresh(), refreshIntervalMs());
    this._register({ dispose: () => clearInterval(timer) });
    this._register(
      this.deps.incidentSlos.attach({
        statuses: () => this.statuses,
        measure: (services, timeoutMs) => this.measure(services, timeoutMs),
        impactSource: (folder) => this.impactSource(folder),
      }),
    );
  }

  private get root(): vscode.Uri | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri;
  }

  /** Reads the files and, when Prometheus is set and the workspace trusted, the figures; one refresh at a time. */
  refresh(): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async doRefresh(): Promise<void> {
    const root = this.root;
    if (!root || root.scheme !== 'file') {
      this.files = [];
      this.statuses = [];
      this.message = undefined;
      this.deps.incidentSlos.fireChanged();
      return this.render();
    }
    this.files = await loadSloFiles(root.fsPath, sloGlobs());
    showProblems(this.problems, root, this.files);
    const slos = this.files.flatMap((f) => f.slos);
    const url = prometheusUrl();
    if (slos.length === 0) this.message = this.files.length === 0 ? 'No SLO files (incidentDesk.slos.globs).' : 'The SLO files have problems; see the Problems panel.';
    else if (!vscode.workspace.isTrusted) this.message = 'Trust the workspace to query Prometheus for these SLOs.';
    else if (url === '') this.message = 'Set incidentDesk.prometheus.url to see budgets and burn rates.';
    else {
      try {
        const token = await this.token.get();
        const source = new PrometheusSource({ url, ...(token ? { token } : {}) });
        this.statuses = await sloStatuses(slos, source, await this.policy(root), Date.now());
        this.message = undefined;
      } catch (error) {
        this.message = `Prometheus: ${error instanceof Error ? error.message : String(error)}`;
        this.deps.log.warn(`slo: ${this.message}`);
      }
    }
    if (slos.length === 0 || url === '' || !vscode.workspace.isTrusted) this.statuses = [];
    // The Incidents tree and documents redraw their SLOs sections from these statuses.
    this.deps.incidentSlos.fireChanged();
    this.render();
  }

  private async policy(root: vscode.Uri): Promise<SloBurnPolicy> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root, '.incident-desk', 'policy.yaml'));
      return parsePolicyFile(new TextDecoder().decode(bytes)).policy.sloBurn;
    } catch {
      return DEFAULT_SLO_BURN_POLICY;
    }
  }

  /**
   * The SLOs of these services measured now, for the note a declare posts: bounded by
   * `timeoutMs` however Prometheus behaves, undefined (with a log line) when there are
   * none, Prometheus is not set or the workspace not trusted, or no answer came in time.
   */
  private async measure(services: readonly string[], timeoutMs: number): Promise<SloStatus[] | undefined> {
    const root = this.root;
    const url = prometheusUrl();
    if (!root || root.scheme !== 'file' || url === '' || !vscode.workspace.isTrusted || services.length === 0) return undefined;
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const work = (async () => {
      const slos = slosOfServices((await loadSloFiles(root.fsPath, sloGlobs())).flatMap((f) => f.slos), services);
      if (slos.length === 0) return [];
      const token = await this.token.get();
      const source = new PrometheusSource({ url, timeoutMs, ...(token ? { token } : {}) });
      return sloStatuses(slos, source, await this.policy(root), Date.now());
    })();
    try {
      const outcome = await Promise.race([work, timeout]);
      if (outcome === 'timeout') {
        work.catch(() => undefined);
        this.deps.log.warn(`slo: no SLO note for ${services.join(', ')}: Prometheus did not answer within ${timeoutMs} ms.`);
        return undefined;
      }
      if (outcome.length > 0) this.deps.log.info(`slo: measured ${outcome.length} SLO(s) of ${services.join(', ')} in ${Date.now() - started} ms for the declare note.`);
      return outcome.length > 0 ? outcome : undefined;
    } catch (error) {
      this.deps.log.warn(`slo: no SLO note for ${services.join(', ')}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The retrospective's SLO source: the folder's SLO files and, when set and trusted, Prometheus. */
  private async impactSource(folder: vscode.Uri): Promise<SloImpactSource> {
    const url = prometheusUrl();
    if (url === '' || !vscode.workspace.isTrusted) return sloImpactSourceFor(folder.fsPath, sloGlobs(), undefined, NO_PROMETHEUS_HINT);
    const token = await this.token.get();
    return sloImpactSourceFor(folder.fsPath, sloGlobs(), new PrometheusSource({ url, timeoutMs: 10_000, ...(token ? { token } : {}) }), NO_PROMETHEUS_HINT);
  }

  private render(): void {
    const runbooks = this.deps.runbooks.all().map((r) => ({ path: r.path, title: r.title, services: r.services }));
    this.tree.show(serviceGroups(this.statuses, runbooks, this.deps.incidents()), this.message);
    const warning = fastBurnWarning(this.statuses);
    if (warning) {
      this.statusBar.text = `$(flame) ${warning}`;
      this.statusBar.tooltip = 'An SLO is burning its error budget fast (a 1h/5m or 6h/30m pair fires). Open the SLOs view.';
      this.statusBar.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.statusBar.show();
    } else {
      this.statusBar.backgroundColor = undefined;
      this.statusBar.hide();
    }
  }

  private lintLive(document: vscode.TextDocument): void {
    const root = this.root;
    if (!root || document.uri.scheme !== 'file') return;
    const relative = vscode.workspace.asRelativePath(document.uri, false);
    if (!sloGlobs().some((glob) => globToRegExp(glob).test(relative))) return;
    showProblems(this.problems, root, [
      ...this.files.filter((f) => f.path !== relative),
      { path: relative, ...parseSloFile(document.getText(), relative) },
    ]);
  }

  /** What the integration tests observe. */
  readonly testApi: SloTestApi = {
    refresh: () => this.refresh(),
    statuses: () => this.statuses,
    groups: () => this.tree.current,
    message: () => this.message,
    statusBarText: () => (this.statusBar.backgroundColor === undefined ? undefined : this.statusBar.text),
    declareFrom: (name: string, title: string) => this.declareFrom(name, title),
  };

  async setToken(): Promise<void> {
    const value = await vscode.window.showInputBox({ prompt: 'Prometheus bearer token (empty to remove)', password: true, ignoreFocusOut: true });
    if (value === undefined) return;
    await this.token.set(value.trim());
    void vscode.window.showInformationMessage(value.trim() === '' ? 'Incident Desk: Prometheus token removed.' : 'Incident Desk: Prometheus token saved in secret storage.');
  }

  /** Declare from an SLO: prefilled title, service and computed severity; the burn figures as the first timeline note. */
  async declareFrom(name: string | undefined, givenTitle?: string): Promise<Incident | undefined> {
    let status = this.statuses.find((s) => s.name === name);
    if (!status) {
      const picked = await vscode.window.showQuickPick(
        this.statuses.map((s) => ({ label: s.name, description: `${s.service} · Sev ${s.severity}`, status: s })),
        { placeHolder: 'Declare an incident from which SLO?' },
      );
      status = picked?.status;
    }
    if (!status) return undefined;
    const prefill = declarationFromSlo(status);
    const title = givenTitle ?? await vscode.window.showInputBox({ prompt: `Declare a Sev ${prefill.severity} incident for ${prefill.services.join(', ')}`, value: prefill.title, ignoreFocusOut: true });
    if (title === undefined || title.trim() === '') return undefined;
    const setup = await createBackend(this.deps.settings, this.deps.secrets);
    if (setup.state !== 'ready') {
      void vscode.window.showErrorMessage(`Incident Desk: ${setup.reason}`);
      return undefined;
    }
    const actions = new IncidentActions(setup.configured.backend, this.deps.userName);
    const incident = await actions.declare({ title, severity: String(prefill.severity), services: prefill.services });
    await actions.addNote(incident.id, prefill.note);
    void vscode.window.showInformationMessage(`Incident Desk: declared ${incident.id} · Sev ${incident.severity} from SLO ${status.name}.`);
    return incident;
  }
}
