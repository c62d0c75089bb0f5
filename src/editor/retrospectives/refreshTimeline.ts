import * as vscode from 'vscode';
import { buildTimeline, findTimelineBlock, readFrontMatter } from '../../core/retrospectives';
import { CommandIds } from '../commandIds';
import { defineCommand, type Command } from '../platform/commandManager';
import { fileArg } from '../platform/uriArgs';
import type { IncidentSource } from '../shared/incidentServices';
import { repositoryFolder } from './repositoryFolder';
import { timelineEdit } from './timelineEdit';
import { gatherRetrospectiveInput } from '../../app/retrospectives/gatherInput';
import { timelineSourcesFor, type TimelineSourceDeps } from './timelineSources';
import { UserFacingError } from './userMessages';

export interface RefreshTimelineDeps {
  incidents: IncidentSource;
  log: vscode.LogOutputChannel;
  sources: TimelineSourceDeps;
}

/**
 * "Refresh Retrospective Timeline": rebuilds the block between the timeline markers of
 * the given (or active) retrospective from the incident, runbook runs and commits, and
 * leaves every other line as the team wrote it. The file is left unsaved so the change
 * can be reviewed and undone.
 * Argument: the file's URI (or `{ uri }`), or nothing for the active editor.
 * Resolves with true when the timeline changed, false when it was already current.
 */
export function refreshTimelineCommand(deps: RefreshTimelineDeps): Command {
  // Trust: it runs git in the workspace.
  return defineCommand({ id: CommandIds.refreshRetrospectiveTimeline, title: 'Refresh Retrospective Timeline', args: [fileArg], trust: { action: 'Refreshing a retrospective timeline' } }, (uri) => refresh(deps, uri));
}

async function refresh(deps: RefreshTimelineDeps, given: vscode.Uri | undefined): Promise<boolean | undefined> {
  const uri = given ?? vscode.window.activeTextEditor?.document.uri;
  if (uri === undefined) throw new UserFacingError('Open a retrospective first.');
  const document = await vscode.workspace.openTextDocument(uri);
  const lines = document.getText().split(/\r?\n/);
  const incidentId = readFrontMatter(lines).frontMatter?.id;
  if (!incidentId) throw new UserFacingError(`${vscode.workspace.asRelativePath(uri)} has no readable incident id in its front matter; fix the problems shown for it first.`);
  const markers = findTimelineBlock(lines);
  if ('problem' in markers) throw new UserFacingError(markers.problem);
  const folder = await repositoryFolder(uri);
  if (folder === undefined) return undefined;

  const entries = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Refreshing the timeline of ${incidentId}` },
    async () => {
      const incident = await deps.incidents.get(incidentId);
      const now = new Date();
      const input = await gatherRetrospectiveInput(incident, timelineSourcesFor(deps.sources, folder.uri), now);
      for (const warning of input.warnings) deps.log.warn(warning);
      return buildTimeline(input, now);
    },
  );
  // Computed only now, against the current text: the user may have typed meanwhile.
  const edit = timelineEdit(document, entries);
  if (edit === undefined) {
    void vscode.window.showInformationMessage(`Incident Desk: the timeline of ${incidentId} is already up to date.`);
    return false;
  }
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('VS Code did not apply the edit; the file was left as it was.');
  if (!vscode.window.visibleTextEditors.some((editor) => editor.document === document)) {
    await vscode.window.showTextDocument(document, { preview: false });
  }
  deps.log.info(`Refreshed the timeline of ${vscode.workspace.asRelativePath(uri)} (${entries.length} entries).`);
  return true;
}
