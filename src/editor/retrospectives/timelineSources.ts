import type * as vscode from 'vscode';
import type { IncidentWithTimeline } from '../../core/incidents/model';
import { incidentWindow, type CommitInfo, type RetrospectiveInput } from '../../core/retrospectives';
import { readExecutionRecords } from './executionLogs';

/** Reads the repository's commits between two instants (asynchronously: git runs in a child process). */
export type CommitReader = (repoDir: string, range: { since: Date; until: Date }) => Promise<CommitInfo[]>;

export interface TimelineSourceDeps {
  /** The execution logs to read for a repository: the editor's own and the repository's. */
  executionLogs(repoRoot: vscode.Uri): vscode.Uri[];
  readCommits: CommitReader;
  log: vscode.LogOutputChannel;
}

export interface GatheredInput extends RetrospectiveInput {
  /** What could not be read; the retrospective is still written without it. */
  warnings: string[];
}

/**
 * Everything the timeline is built from besides the incident itself. A repository
 * whose history cannot be read still gets a retrospective (without commits): the
 * incident's own events are the part nobody can rebuild by hand.
 */
export async function gatherRetrospectiveInput(
  incident: IncidentWithTimeline,
  repoRoot: vscode.Uri,
  deps: TimelineSourceDeps,
  now: Date,
): Promise<GatheredInput> {
  const window = incidentWindow(incident, now);
  const warnings: string[] = [];
  const [executions, commits] = await Promise.all([
    readExecutionRecords(deps.executionLogs(repoRoot), deps.log),
    deps.readCommits(repoRoot.fsPath, { since: new Date(window.commitsFrom), until: new Date(window.commitsTo) }).catch((error: unknown) => {
      const message = `The repository's commits could not be read, so the timeline has none: ${error instanceof Error ? error.message : String(error)}`;
      deps.log.warn(message);
      warnings.push(message);
      return [] as CommitInfo[];
    }),
  ]);
  return { incident, executions, commits, warnings };
}
