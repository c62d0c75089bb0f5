import type * as vscode from 'vscode';
import { errorText } from './errorText';

export const SecretKeys = {
  serverToken: 'incidentDesk.serverToken',
  pagerDutyToken: 'incidentDesk.pagerDutyToken',
  gitHubToken: 'incidentDesk.gitHubToken',
} as const;
export type SecretKey = (typeof SecretKeys)[keyof typeof SecretKeys];

/**
 * Tokens live in SecretStorage and nowhere else. When SecretStorage fails (no
 * keyring, for instance) the failure is reported and nothing is written elsewhere.
 */
export class Secrets {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async get(key: SecretKey): Promise<string | undefined> {
    try {
      return (await this.storage.get(key)) || undefined;
    } catch (error) {
      throw new SecretStorageError(`Could not read ${describe(key)} from secret storage: ${errorText(error)}`);
    }
  }

  async set(key: SecretKey, value: string): Promise<void> {
    try {
      await this.storage.store(key, value);
    } catch (error) {
      throw new SecretStorageError(`Could not save ${describe(key)} in secret storage (${errorText(error)}). It was not stored anywhere else.`);
    }
  }

  async delete(key: SecretKey): Promise<void> {
    await this.storage.delete(key);
  }

  onDidChange(listener: (key: string) => void): vscode.Disposable {
    return this.storage.onDidChange((event) => listener(event.key));
  }
}

export class SecretStorageError extends Error {
  override name = 'SecretStorageError';
}

function describe(key: SecretKey): string {
  return key === SecretKeys.serverToken ? 'the server token' : key === SecretKeys.pagerDutyToken ? 'the PagerDuty token' : 'the GitHub token';
}
