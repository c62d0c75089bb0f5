import * as vscode from 'vscode';
import { nodeFileSystem } from '../../app/node/nodeFileSystem';
import { systemClock } from '../../app/ports/clock';
import { writeRetrospective as writeRetrospectiveFile } from '../../app/retrospectives/writeRetrospective';
import { CommandIds } from '../commandIds';
import { incidentArg } from '../platform/commandArgs';
import { defineCommand, type Command } from '../platform/commandManager';
import type { Settings } from '../platform/settings';
import type { IncidentSource } from '../shared/incidentServices';
import type { IncidentSlos } from '../slo/incidentSlos';
import { repositoryFolder } from './repositoryFolder';
import { timelineSourcesFor, type TimelineSourceDeps } from './timelineSources';

export interface WriteRetrospectiveDeps {
  incidents: IncidentSource;
  settings: Settings;
  log: vscode.LogOutputChannel;
  sources: TimelineSourceDeps;
  slos: IncidentSlos;
}

/**
 * "Write Retrospective": the shared use case (src/app/retrospectives) writes
 * `retrospectives/<date>-<id>-<slug>.md` from the incident, its runbook runs, the
 * commits in its window and the error budget it consumed, and the file is opened. An existing retrospective of the
 * incident is opened, never overwritten.
 * Argument: a tree node with `incident`, an incident id, or nothing (the user picks).
 * Resolves with the file's URI (undefined when cancelled or failed).
 */
export function writeRetrospectiveCommand(deps: WriteRetrospectiveDeps): Command {
  // Trust: it runs git in the workspace and writes into it.
  return defineCommand({ id: CommandIds.writeRetrospective, title: 'Write Retrospective', args: [incidentArg], trust: { action: 'Writing a retrospective' } }, (incidentId) => writeRetrospective(deps, incidentId));
}

async function writeRetrospective(deps: WriteRetrospectiveDeps, given: string | undefined): Promise<vscode.Uri | undefined> {
  const incidentId = given ?? (await deps.incidents.pick('Write the retrospective of which incident?'))?.id;
  if (incidentId === undefined) return undefined;
  const folder = await repositoryFolder();
  if (folder === undefined) return undefined;
  // The customer impact cites the error budget the incident consumed of its services' SLOs (Prometheus, when set).
  const slos = await deps.slos.impactSource(folder.uri);

  const written = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Writing the retrospective of ${incidentId}` },
    (progress) =>
      writeRetrospectiveFile(
        { incidentId, repoRoot: folder.uri.fsPath, folder: deps.settings.retrospectivesFolder, whenExists: 'keep' },
        {
          incidents: deps.incidents,
          ...timelineSourcesFor(deps.sources, folder.uri),
          files: nodeFileSystem,
          clock: systemClock,
          slos,
          progress: (message) => progress.report({ message }),
        },
      ),
  );
  const target = vscode.Uri.file(written.path);
  if (written.action !== 'created') return await openExisting(target, incidentId);

  deps.log.info(`Wrote ${vscode.workspace.asRelativePath(target)} for ${incidentId}.`);
  await vscode.window.showTextDocument(target, { preview: false });
  for (const warning of written.warnings) {
    deps.log.warn(warning);
    void vscode.window.showWarningMessage(`Incident Desk: ${warning}`);
  }
  return target;
}

async function openExisting(uri: vscode.Uri, incidentId: string): Promise<vscode.Uri> {
  await vscode.window.showTextDocument(uri, { preview: false });
  const refresh = 'Refresh Timeline';
  void vscode.window
    .showInformationMessage(`Incident Desk: the retrospective of ${incidentId} already exists, so it was opened instead of overwritten.`, refresh)
    .then((choice) => (choice === refresh ? vscode.commands.executeCommand(CommandIds.refreshRetrospectiveTimeline, uri) : undefined));
  return uri;
}
