import * as vscode from 'vscode';
import { DEFAULT_TEAM_POLICY } from '../../core/policy/schema';
import { parsePolicyFile, POLICY_FILE } from '../../core/policy/policyFile';
import { isStale } from '../../core/runbooks/lint';
import { parseRunbook } from '../../core/runbooks/parse';
import type { ParsedRunbook } from '../../core/runbooks/types';
import { Disposable } from '../platform/dispose';
import type { Settings } from '../platform/settings';
import type { RunbookCatalog, RunbookSummary } from '../shared/runbookCatalog';
import { errorText } from '../platform/errorText';

/** Files larger than this are not runbooks anyone reads during an incident; they are left out, with a log line. */
const MAX_RUNBOOK_BYTES = 2 * 1024 * 1024;
/** Watcher events arrive in bursts (a git checkout touches many files); one re-read per burst. */
const DEBOUNCE_MS = 250;

export interface IndexedRunbook {
  summary: RunbookSummary;
  parsed: ParsedRunbook;
}

interface Entry {
  uri: vscode.Uri;
  parsed: ParsedRunbook;
  shipped: boolean;
}

export interface RunbookIndexDeps {
  context: vscode.ExtensionContext;
  settings: Settings;
  log: vscode.LogOutputChannel;
}

/** The window's runbooks: the workspace's (per `incidentDesk.runbooks.globs`) and the extension's own. */
export function createRunbookCatalog(deps: RunbookIndexDeps): RunbookIndex {
  return new RunbookIndex(deps);
}

/**
 * The runbook model behind the Runbooks view, the diagnostics of closed files and
 * the incidents feature's runbook suggestions. Files are found with `findFiles`,
 * kept current by file watchers (debounced), and read and parsed asynchronously,
 * one file at a time, so a large tree never blocks the extension host.
 */
export class RunbookIndex extends Disposable implements RunbookCatalog {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  private workspaceEntries = new Map<string, Entry>();
  private shippedEntries: Entry[] = [];
  private summaries: RunbookSummary[] | undefined;
  private reviewInterval = DEFAULT_TEAM_POLICY.runbookReviewIntervalDays;
  /** Policy `runbooks.strict`, read with the review interval (issue #13: lint a team keeps on). */
  private strict = DEFAULT_TEAM_POLICY.runbooks.strict;
  private watchers: vscode.Disposable[] = [];
  private readonly pending = new Map<string, vscode.Uri>();
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly shippedFolder: vscode.Uri;
  /** Settles once the first full scan is done. */
  readonly ready: Promise<void>;

  constructor(private readonly deps: RunbookIndexDeps) {
    super();
    this.shippedFolder = vscode.Uri.joinPath(deps.context.extensionUri, 'runbooks');
    this._register({ dispose: () => this.disposeWatchers() });
    this._register({ dispose: () => clearTimeout(this.debounce) });
    this._register(
      deps.settings.onDidChange((affects) => {
        if (affects('runbooks.globs')) void this.refresh();
      }),
    );
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()));
    this.ready = this.refresh();
  }

  all(): readonly RunbookSummary[] {
    this.summaries ??= this.entries().map((e) => e.summary);
    return this.summaries;
  }

  /** Every runbook with its parse, workspace ones first, each group sorted by path. */
  entries(): IndexedRunbook[] {
    const today = new Date();
    const workspace = [...this.workspaceEntries.values()];
    const names = new Set(workspace.map((e) => baseName(e.uri)));
    // A team that copied a shipped runbook into its repo sees only its own copy.
    const shipped = this.shippedEntries.filter((e) => !names.has(baseName(e.uri)));
    return [...workspace, ...shipped]
      .map((entry) => ({ summary: this.summarize(entry, today), parsed: entry.parsed }))
      .sort((a, b) => Number(a.summary.shipped) - Number(b.summary.shipped) || a.summary.path.localeCompare(b.summary.path));
  }

  get reviewIntervalDays(): number {
    return this.reviewInterval;
  }

  get strictLint(): boolean {
    return this.strict;
  }

  isShipped(uri: vscode.Uri): boolean {
    return uri.toString().startsWith(`${this.shippedFolder.toString()}/`);
  }

  /** How records and the view name a runbook: workspace-relative, or `shipped/<file>`. */
  displayPath(uri: vscode.Uri): string {
    if (this.isShipped(uri)) return `shipped/${baseName(uri)}`;
    return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  }

  /** True when the document lies under one of the runbook globs of its workspace folder. */
  matchesGlobs(document: vscode.TextDocument): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder) return false;
    return this.deps.settings.runbookGlobs.some((glob) => vscode.languages.match({ pattern: new vscode.RelativePattern(folder, glob) }, document) > 0);
  }

  /** Finds everything again: the refresh button, changed globs, added folders. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.pending.clear();
    this.createWatchers();
    try {
      const [workspace, shipped, interval] = await Promise.all([this.scanWorkspace(generation), this.scanShipped(), this.readReviewInterval()]);
      if (generation !== this.generation || this.isDisposed) return;
      this.workspaceEntries = workspace;
      this.shippedEntries = shipped;
      this.reviewInterval = interval;
      this.fireChanged();
    } catch (error) {
      this.deps.log.error(`Runbooks: could not list the workspace's runbooks: ${errorText(error)}`);
    }
  }

  private async scanWorkspace(generation: number): Promise<Map<string, Entry>> {
    const found = new Map<string, vscode.Uri>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const glob of this.deps.settings.runbookGlobs) {
        for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, glob))) found.set(uri.toString(), uri);
      }
    }
    const entries = new Map<string, Entry>();
    for (const uri of found.values()) {
      if (generation !== this.generation) break;
      const parsed = await this.read(uri);
      if (parsed) entries.set(uri.toString(), { uri, parsed, shipped: false });
      await yieldToEventLoop();
    }
    return entries;
  }

  private async scanShipped(): Promise<Entry[]> {
    let names: [string, vscode.FileType][];
    try {
      names = await vscode.workspace.fs.readDirectory(this.shippedFolder);
    } catch {
      return [];
    }
    const entries: Entry[] = [];
    for (const [name, type] of names.sort(([a], [b]) => a.localeCompare(b))) {
      if (type !== vscode.FileType.File || !name.toLowerCase().endsWith('.md')) continue;
      const uri = vscode.Uri.joinPath(this.shippedFolder, name);
      const parsed = await this.read(uri);
      if (parsed) entries.push({ uri, parsed, shipped: true });
    }
    return entries;
  }

  private async read(uri: vscode.Uri): Promise<ParsedRunbook | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_RUNBOOK_BYTES) {
        this.deps.log.warn(`Runbooks: ${uri.fsPath} is larger than ${MAX_RUNBOOK_BYTES / 1024 / 1024} MB and was left out of the Runbooks view.`);
        return undefined;
      }
      return parseRunbook(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch (error) {
      if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
        this.deps.log.warn(`Runbooks: could not read ${uri.fsPath}: ${errorText(error)}`);
      }
      return undefined;
    }
  }

  /** The policy's review interval: `.incident-desk/policy.yaml` of the first folder that has one. */
  private async readReviewInterval(): Promise<number> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, POLICY_FILE);
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue;
      }
      // Its mistakes are reported by the incidents feature; here the policy in force is enough.
      const { policy } = parsePolicyFile(text);
      this.strict = policy.runbooks.strict;
      return policy.runbookReviewIntervalDays;
    }
    this.strict = DEFAULT_TEAM_POLICY.runbooks.strict;
    return DEFAULT_TEAM_POLICY.runbookReviewIntervalDays;
  }

  private createWatchers(): void {
    this.disposeWatchers();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const glob of this.deps.settings.runbookGlobs) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
        const queue = (uri: vscode.Uri) => this.queue(uri);
        this.watchers.push(watcher, watcher.onDidCreate(queue), watcher.onDidChange(queue), watcher.onDidDelete(queue));
      }
      const policy = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, POLICY_FILE));
      const reloadPolicy = () => void this.reloadPolicy();
      this.watchers.push(policy, policy.onDidCreate(reloadPolicy), policy.onDidChange(reloadPolicy), policy.onDidDelete(reloadPolicy));
    }
  }

  private disposeWatchers(): void {
    for (const watcher of this.watchers.splice(0)) watcher.dispose();
  }

  private queue(uri: vscode.Uri): void {
    this.pending.set(uri.toString(), uri);
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    const generation = this.generation;
    const uris = [...this.pending.values()];
    this.pending.clear();
    const updates = new Map<string, Entry | undefined>();
    for (const uri of uris) {
      const parsed = await this.read(uri);
      updates.set(uri.toString(), parsed ? { uri, parsed, shipped: false } : undefined);
      await yieldToEventLoop();
    }
    // A full scan started meanwhile has newer data for everything.
    if (generation !== this.generation || this.isDisposed) return;
    for (const [key, entry] of updates) {
      if (entry) this.workspaceEntries.set(key, entry);
      else this.workspaceEntries.delete(key);
    }
    this.fireChanged();
  }

  private async reloadPolicy(): Promise<void> {
    const strictBefore = this.strict;
    const interval = await this.readReviewInterval();
    if ((interval === this.reviewInterval && strictBefore === this.strict) || this.isDisposed) return;
    this.reviewInterval = interval;
    this.fireChanged();
  }

  private fireChanged(): void {
    this.summaries = undefined;
    this.changed.fire();
  }

  private summarize(entry: Entry, today: Date): RunbookSummary {
    const fm = entry.parsed.frontMatter;
    const summary: RunbookSummary = {
      uri: entry.uri,
      path: this.displayPath(entry.uri),
      title: fm?.title?.trim() || baseName(entry.uri).replace(/\.md$/i, ''),
      services: fm?.services ?? [],
      alerts: fm?.alerts ?? [],
      stale: isStale(fm?.lastReviewed, { today, reviewIntervalDays: this.reviewInterval }),
      shipped: entry.shipped,
    };
    if (fm?.owner !== undefined) summary.owner = fm.owner;
    if (fm?.lastReviewed !== undefined) summary.lastReviewed = fm.lastReviewed;
    return summary;
  }
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
