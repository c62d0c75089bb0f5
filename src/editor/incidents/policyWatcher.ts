import * as vscode from 'vscode';
import { parsePolicyFile, POLICY_FILE } from '../../core/policy/policyFile';
import { DEFAULT_TEAM_POLICY, type TeamPolicy } from '../../core/policy/schema';
import { Disposable } from '../platform/dispose';

const POLL_MS = 5_000;

/**
 * The severity policy in force: `.incident-desk/policy.yaml` of the first workspace
 * folder that has one, else the default. Mistakes go to the Problems panel; a
 * broken file never breaks the view — the default applies and the user is told once.
 */
export class PolicyWatcher extends Disposable {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = this._register(vscode.languages.createDiagnosticCollection('incident-desk-policy'));
  private current: TeamPolicy = DEFAULT_TEAM_POLICY;
  private warnedFor = '';

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.watchFolders();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => {
      this.watchFolders();
      void this.reload();
    }));
    // File watchers drop events (network drives, containers, bursts); a cheap stat
    // every few seconds makes sure an external change is never missed for long.
    const poll = setInterval(() => void this.pollForChange(), POLL_MS);
    this._register({ dispose: () => clearInterval(poll) });
    this._register(vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.uri.path.endsWith(`/${POLICY_FILE}`)) this.reloadSoon();
    }));
  }

  private watchers: vscode.Disposable[] = [];
  private lastSeen = '';

  private async pollForChange(): Promise<void> {
    const file = await this.findPolicyFile();
    const stat = file ? await Promise.resolve(vscode.workspace.fs.stat(file)).catch(() => undefined) : undefined;
    const seen = stat ? `${file?.toString()}|${stat.mtime}|${stat.size}` : '';
    if (seen !== this.lastSeen) this.reloadSoon();
  }
  private reloadTimer: NodeJS.Timeout | undefined;

  /**
   * A create event can arrive before the content is written, and the change that
   * follows is often folded into it: let a burst of events settle, then read once.
   */
  private reloadSoon(): void {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => void this.reload(), 150);
  }

  private watchFolders(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = (vscode.workspace.workspaceFolders ?? []).map((folder) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, POLICY_FILE));
      const reload = (uri: vscode.Uri) => {
        this.log.debug(`policy file event: ${uri.fsPath}`);
        this.reloadSoon();
      };
      watcher.onDidCreate(reload);
      watcher.onDidChange(reload);
      watcher.onDidDelete(reload);
      return watcher;
    });
  }

  override dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const watcher of this.watchers) watcher.dispose();
    super.dispose();
  }

  get policy(): TeamPolicy {
    return this.current;
  }

  async reload(): Promise<void> {
    this.log.info('reloading the severity policy');
    this.diagnostics.clear();
    const file = await this.findPolicyFile();
    const stat = file ? await Promise.resolve(vscode.workspace.fs.stat(file)).catch(() => undefined) : undefined;
    this.lastSeen = stat ? `${file?.toString()}|${stat.mtime}|${stat.size}` : '';
    if (!file) return this.use(DEFAULT_TEAM_POLICY);
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch (error) {
      this.log.warn(`could not read ${file.fsPath}: ${String(error)}`);
      return this.use(DEFAULT_TEAM_POLICY);
    }
    const result = parsePolicyFile(text);
    this.diagnostics.set(
      file,
      result.diagnostics.map((d) => {
        const diagnostic = new vscode.Diagnostic(new vscode.Range(d.line, 0, d.line, Number.MAX_SAFE_INTEGER), d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        diagnostic.source = 'Incident Desk policy';
        return diagnostic;
      }),
    );
    if (!result.fromFile && this.warnedFor !== text) {
      this.warnedFor = text;
      const show = 'Show Problems';
      void vscode.window.showWarningMessage('Incident Desk: .incident-desk/policy.yaml has errors, so the default severity policy applies.', show).then((choice) => {
        if (choice === show) void vscode.commands.executeCommand('workbench.actions.view.problems');
      });
    }
    this.use(result.policy);
  }

  private use(policy: TeamPolicy): void {
    this.current = policy;
    this.changed.fire();
  }

  private async findPolicyFile(): Promise<vscode.Uri | undefined> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const candidate = vscode.Uri.joinPath(folder.uri, POLICY_FILE);
      try {
        await vscode.workspace.fs.stat(candidate);
        return candidate;
      } catch {
        // not in this folder
      }
    }
    return undefined;
  }
}
