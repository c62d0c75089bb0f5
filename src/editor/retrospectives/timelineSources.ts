import type * as vscode from 'vscode';
import type { CommitSource, ExecutionRecordSource } from '../../app/retrospectives/ports';
import type { CommitReader } from '../../github/commitReader';
import { readExecutionRecords } from './executionLogs';

export interface TimelineSourceDeps {
  /** The execution logs to read for a repository: the editor's own and the repository's. */
  executionLogs(repoRoot: vscode.Uri): vscode.Uri[];
  readCommits: CommitReader;
  log: vscode.LogOutputChannel;
}

/** The retrospective use case's sources for one repository: the execution logs (through VS Code's file system) and git. */
export function timelineSourcesFor(deps: TimelineSourceDeps, repoRoot: vscode.Uri): { executions: ExecutionRecordSource; commits: CommitSource } {
  return {
    // Unreadable lines are reported to the log by the reader, not to the person.
    executions: { read: async () => ({ records: await readExecutionRecords(deps.executionLogs(repoRoot), deps.log), warnings: [] }) },
    commits: (range) => deps.readCommits(repoRoot.fsPath, range),
  };
}
