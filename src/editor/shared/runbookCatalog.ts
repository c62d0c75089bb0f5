import type * as vscode from 'vscode';

/** A runbook's identity and front matter, as the sidebar and declare flow need it. */
export interface RunbookSummary {
  uri: vscode.Uri;
  /** Workspace-relative path (forward slashes), or `shipped/<file>` for the extension's own. */
  path: string;
  title: string;
  services: string[];
  alerts: string[];
  owner?: string;
  lastReviewed?: string;
  stale: boolean;
  shipped: boolean;
}

/** The runbooks known to this window: the workspace's and the ones shipped with the extension. */
export interface RunbookCatalog {
  all(): readonly RunbookSummary[];
  readonly onDidChange: vscode.Event<void>;
}
