import * as vscode from 'vscode';
import type { ExecutionRecord } from '../../core/runbooks/executionRecord';
import { appendExecutionRecord } from '../../runbooks/executionLog';

/**
 * The editor's execution log: one JSONL line per step run, in the workspace's
 * storage (global storage when no folder is open), never in the repository, so
 * running a runbook leaves the working tree clean. The retrospectives feature
 * reads it through this function.
 */
export function executionLogUri(context: Pick<vscode.ExtensionContext, 'storageUri' | 'globalStorageUri'>): vscode.Uri {
  return vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'executions.jsonl');
}

/** Appends records one at a time, in order, so lines never interleave within this window. */
export class ExecutionLog {
  private tail: Promise<void> = Promise.resolve();

  constructor(readonly uri: vscode.Uri) {}

  append(record: ExecutionRecord): Promise<void> {
    const next = this.tail.then(() => this.write(record));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async write(record: ExecutionRecord): Promise<void> {
    // On disk: one append of one line (the CLI's writer), safe with other writers.
    if (this.uri.scheme === 'file') return appendExecutionRecord(this.uri.fsPath, record);
    // Elsewhere (a virtual file system) only whole-file writes exist.
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(this.uri, '..'));
    let existing = '';
    try {
      existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.uri));
    } catch {
      existing = '';
    }
    const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
    await vscode.workspace.fs.writeFile(this.uri, new TextEncoder().encode(`${existing}${separator}${JSON.stringify(record)}\n`));
  }
}
