import * as vscode from 'vscode';
import { isRetrospectiveFileOf, renderRetrospective, retrospectiveFileName } from '../../core/retrospectives';
import { CommandIds } from '../commandIds';
import type { Command } from '../platform/commandManager';
import type { Settings } from '../platform/settings';
import { requireWorkspaceTrust } from '../platform/trust';
import type { IncidentSource } from '../shared/incidentServices';
import { incidentIdFromArgument } from './commandArguments';
import { createFileAtomically } from './newFile';
import { repositoryFolder } from './repositoryFolder';
import { safeFolder } from './retrospectiveFiles';
import { gatherRetrospectiveInput, type TimelineSourceDeps } from './timelineSources';
import { reportFailure } from './userMessages';

export interface WriteRetrospectiveDeps {
  incidents: IncidentSource;
  settings: Settings;
  log: vscode.LogOutputChannel;
  sources: TimelineSourceDeps;
}

/**
 * "Write Retrospective": renders the incident, its runbook runs and the commits in its
 * window into `retrospectives/<date>-<id>-<slug>.md` and opens it. An existing
 * retrospective of the incident is opened, never overwritten.
 * Argument: a tree node with `incident`, an incident id, or nothing (the user picks).
 * Resolves with the file's URI (undefined when cancelled or failed).
 */
export function writeRetrospectiveCommand(deps: WriteRetrospectiveDeps): Command {
  return { id: CommandIds.writeRetrospective, execute: (argument?: unknown) => writeRetrospective(deps, argument) };
}

async function writeRetrospective(deps: WriteRetrospectiveDeps, argument: unknown): Promise<vscode.Uri | undefined> {
  try {
    // It runs git in the workspace and writes into it.
    if (!(await requireWorkspaceTrust('Writing a retrospective'))) return undefined;
    const incidentId = incidentIdFromArgument(argument) ?? (await deps.incidents.pick('Write the retrospective of which incident?'))?.id;
    if (incidentId === undefined) return undefined;
    const folder = await repositoryFolder();
    if (folder === undefined) return undefined;

    const existing = await findExisting(folder.uri, deps.settings.retrospectivesFolder, incidentId);
    if (existing) return await openExisting(existing, incidentId);

    const written = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Writing the retrospective of ${incidentId}` },
      async (progress) => {
        progress.report({ message: 'fetching the incident and its timeline…' });
        const incident = await deps.incidents.get(incidentId);
        progress.report({ message: 'reading runbook runs and commits…' });
        const now = new Date();
        const input = await gatherRetrospectiveInput(incident, folder.uri, deps.sources, now);
        const target = vscode.Uri.joinPath(folder.uri, retrospectiveFileName(incident, deps.settings.retrospectivesFolder));
        const outcome = await createFileAtomically(target.fsPath, renderRetrospective(input, now));
        return { target, outcome, warnings: input.warnings, counts: { executions: input.executions.length, commits: input.commits.length } };
      },
    );
    // Someone (another window, a teammate's pull) created it while we were reading.
    if (written.outcome === 'exists') return await openExisting(written.target, incidentId);

    deps.log.info(`Wrote ${vscode.workspace.asRelativePath(written.target)} for ${incidentId}.`);
    await vscode.window.showTextDocument(written.target, { preview: false });
    for (const warning of written.warnings) void vscode.window.showWarningMessage(`Incident Desk: ${warning}`);
    return written.target;
  } catch (error) {
    reportFailure(deps.log, 'Writing the retrospective failed', error);
    return undefined;
  }
}

/** A retrospective of the same incident, whatever title slug it was written under. */
async function findExisting(root: vscode.Uri, folderSetting: string, incidentId: string): Promise<vscode.Uri | undefined> {
  const folder = safeFolder(folderSetting);
  if (folder === undefined) return undefined; // retrospectiveFileName reports the bad setting clearly
  const directory = vscode.Uri.joinPath(root, ...folder.split('/'));
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(directory);
  } catch {
    return undefined; // no folder yet
  }
  const match = entries
    .filter(([name, type]) => type === vscode.FileType.File && isRetrospectiveFileOf(name, incidentId))
    .map(([name]) => name)
    .sort()[0];
  return match === undefined ? undefined : vscode.Uri.joinPath(directory, match);
}

async function openExisting(uri: vscode.Uri, incidentId: string): Promise<vscode.Uri> {
  await vscode.window.showTextDocument(uri, { preview: false });
  const refresh = 'Refresh Timeline';
  void vscode.window
    .showInformationMessage(`Incident Desk: the retrospective of ${incidentId} already exists, so it was opened instead of overwritten.`, refresh)
    .then((choice) => (choice === refresh ? vscode.commands.executeCommand(CommandIds.refreshRetrospectiveTimeline, uri) : undefined));
  return uri;
}
