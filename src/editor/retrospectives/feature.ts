import type { IncidentSlos } from '../slo/incidentSlos';
import type * as vscode from 'vscode';
import type { CommandManager } from '../platform/commandManager';
import type { Secrets } from '../platform/secrets';
import type { Settings } from '../platform/settings';
import type { IncidentSource } from '../shared/incidentServices';
import { createCommitReader } from '../../github/commitReader';
import { executionLogUri } from '../runbooks/executionLog';
import { repositoryExecutionLogUri } from './executionLogs';
import { GitHubAuth } from './gitHubAuth';
import { refreshTimelineCommand } from './refreshTimeline';
import { RetrospectiveContextKey } from './retrospectiveContextKey';
import { RetrospectiveDiagnostics } from './retrospectiveDiagnostics';
import { setGitHubTokenCommand } from './setGitHubToken';
import { submitRetrospectiveCommand } from './submitRetrospective';
import { syncFollowUpsCommand } from './syncFollowUps';
import type { TimelineSourceDeps } from './timelineSources';
import { writeRetrospectiveCommand } from './writeRetrospective';

export interface RetrospectivesFeatureDeps {
  context: vscode.ExtensionContext;
  commands: CommandManager;
  log: vscode.LogOutputChannel;
  settings: Settings;
  secrets: Secrets;
  incidents: IncidentSource;
  /** Where Write Retrospective gets the error budget the incident consumed. */
  slos: IncidentSlos;
}

/**
 * Retrospectives in the editor: write one from an incident, keep its timeline current,
 * check it as it is edited, and submit it as a pull request. Writing is the shared use case
 * in src/app/retrospectives, rendering and parsing live in src/core/retrospectives and the
 * GitHub work in src/github; this wires them to commands.
 */
export function registerRetrospectivesFeature(deps: RetrospectivesFeatureDeps): void {
  const { context, commands, log, settings, secrets, incidents } = deps;
  const sources: TimelineSourceDeps = {
    // The editor's runner logs to workspace storage; `incident-desk runbook run` to the repository.
    executionLogs: (repoRoot) => [executionLogUri(context), repositoryExecutionLogUri(repoRoot)],
    readCommits: createCommitReader(log),
    log,
  };
  const auth = new GitHubAuth(secrets, log);

  // The command manager owns the registrations; the rest is disposed with the extension.
  commands.register(writeRetrospectiveCommand({ incidents, settings, log, sources, slos: deps.slos }));
  commands.register(refreshTimelineCommand({ incidents, log, sources }));
  commands.register(submitRetrospectiveCommand({ settings, log, auth }));
  commands.register(syncFollowUpsCommand({ settings, log, auth }));
  commands.register(setGitHubTokenCommand({ secrets, log }));
  context.subscriptions.push(new RetrospectiveDiagnostics(settings), new RetrospectiveContextKey(settings));
}
