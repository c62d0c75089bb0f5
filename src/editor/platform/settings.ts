import * as vscode from 'vscode';

export type BackendKind = 'desk' | 'pagerduty';

/** Typed access to `incidentDesk.*` settings; one place that knows their names. */
export class Settings {
  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration('incidentDesk');
  }

  get backend(): BackendKind {
    return this.config.get<string>('backend') === 'pagerduty' ? 'pagerduty' : 'desk';
  }

  get serverUrl(): string {
    return this.tokenDestination('server.url', '');
  }

  /**
   * Settings that decide where a token is sent. In an untrusted workspace only the
   * user's own value counts: a cloned repo must not point the extension (and the
   * user's token) at a server of the repo's choosing. These are also listed in the
   * manifest's restrictedConfigurations.
   */
  private tokenDestination(key: string, fallback: string): string {
    if (vscode.workspace.isTrusted) return (this.config.get<string>(key) ?? fallback).trim();
    const inspected = this.config.inspect<string>(key);
    return (inspected?.globalValue ?? inspected?.defaultValue ?? fallback).trim();
  }

  get pagerDuty(): { apiUrl: string; fromEmail: string; serviceIds: string[]; severityMapping: Record<string, number> } {
    return {
      apiUrl: this.tokenDestination('pagerduty.apiUrl', 'https://api.pagerduty.com'),
      fromEmail: this.config.get<string>('pagerduty.fromEmail') ?? '',
      serviceIds: this.config.get<string[]>('pagerduty.serviceIds') ?? [],
      severityMapping: this.config.get<Record<string, number>>('pagerduty.severityMapping') ?? {},
    };
  }

  get pollIntervalMs(): number {
    return Math.max(5, this.config.get<number>('pollIntervalSeconds') ?? 30) * 1000;
  }

  get userName(): string {
    return (this.config.get<string>('userName') ?? '').trim();
  }

  get runbookGlobs(): string[] {
    return this.config.get<string[]>('runbooks.globs') ?? ['runbooks/**/*.md'];
  }

  get retrospectivesFolder(): string {
    return this.config.get<string>('retrospectives.folder') ?? 'retrospectives';
  }

  get gitHubApiUrl(): string {
    return this.tokenDestination('github.apiUrl', 'https://api.github.com');
  }

  async update(key: string, value: unknown, target = vscode.ConfigurationTarget.Global): Promise<void> {
    await this.config.update(key, value, target);
  }

  onDidChange(listener: (affects: (key: string) => boolean) => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('incidentDesk')) listener((key) => event.affectsConfiguration(`incidentDesk.${key}`));
    });
  }
}
