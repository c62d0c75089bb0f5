import * as vscode from 'vscode';
import { DEFAULT_SLO_GLOBS } from '../../core/slo/glob';

/**
 * The SLO settings. The Prometheus URL decides where the workspace's queries (and the
 * token) go, so in an untrusted workspace only the user's own value counts, as for the
 * other URLs (it is in the manifest's restrictedConfigurations too).
 */
export function prometheusUrl(): string {
  const config = vscode.workspace.getConfiguration('incidentDesk');
  if (vscode.workspace.isTrusted) return (config.get<string>('prometheus.url') ?? '').trim();
  const inspected = config.inspect<string>('prometheus.url');
  return (inspected?.globalValue ?? inspected?.defaultValue ?? '').trim();
}

export function sloGlobs(): string[] {
  return vscode.workspace.getConfiguration('incidentDesk').get<string[]>('slos.globs') ?? [...DEFAULT_SLO_GLOBS];
}

export function refreshIntervalMs(): number {
  return Math.max(15, vscode.workspace.getConfiguration('incidentDesk').get<number>('slos.refreshSeconds') ?? 60) * 1000;
}

const TOKEN_KEY = 'incidentDesk.prometheusToken';

/** The Prometheus bearer token, in SecretStorage only; a failing SecretStorage is reported, never worked around. */
export class PrometheusToken {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async get(): Promise<string | undefined> {
    try {
      return (await this.storage.get(TOKEN_KEY)) || undefined;
    } catch (error) {
      throw new Error(`Could not read the Prometheus token from secret storage: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async set(value: string): Promise<void> {
    try {
      if (value === '') await this.storage.delete(TOKEN_KEY);
      else await this.storage.store(TOKEN_KEY, value);
    } catch (error) {
      throw new Error(`Could not save the Prometheus token in secret storage (${error instanceof Error ? error.message : String(error)}). It was not stored anywhere else.`);
    }
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.storage.onDidChange((event) => {
      if (event.key === TOKEN_KEY) listener();
    });
  }
}
