import * as vscode from 'vscode';
import { readRetrospectives } from '../../app/insights/node/repositorySources';
import { repositoryRoot } from '../../app/insights/node/repositoryRoot';
import { similarIncidents } from '../../core/insights/similarIncidents';
import { CommandIds } from '../commandIds';
import { defineCommand, type Command } from '../platform/commandCenter';
import { incidentArg } from '../platform/commandArgs';
import type { Settings } from '../platform/settings';
import type { IncidentSource } from '../shared/incidentServices';

/**
 * "Similar Past Incidents…": for an incident (the argument, or picked), the past
 * incidents with the same contributing factors, alert or services, each opening its
 * retrospective — the context responders otherwise spend minutes gathering.
 */
export function similarIncidentsCommand(deps: { incidents: IncidentSource; settings: Settings }): Command {
  return defineCommand(
    { id: CommandIds.similarIncidents, title: 'Similar Past Incidents', args: [incidentArg], trust: { action: 'Finding similar past incidents (reads the repository)' } },
    async (incidentId): Promise<string[] | undefined> => {
      const id = incidentId ?? (await deps.incidents.pick('Similar past incidents of which incident?'))?.id;
      if (!id) return undefined;
      const folder = (vscode.workspace.workspaceFolders ?? []).find((f) => f.uri.scheme === 'file');
      if (!folder) {
        void vscode.window.showInformationMessage('Incident Desk: open the repository that holds the retrospectives first.');
        return undefined;
      }
      const [incident, root] = await Promise.all([deps.incidents.get(id), repositoryRoot(folder.uri.fsPath)]);
      const retrospectives = await readRetrospectives(root, deps.settings.retrospectivesFolder);
      const own = retrospectives.find((r) => r.frontMatter.id === incident.id);
      const found = similarIncidents({ ...incident, ...(own ? { contributingFactors: own.contributingFactors } : {}) }, retrospectives);
      if (found.length === 0) {
        void vscode.window.showInformationMessage(`Incident Desk: no past incident shares a contributing factor, alert or service with ${incident.id}.`);
        return [];
      }
      const picked = await vscode.window.showQuickPick(
        found.map((f) => ({
          label: `${f.id} · Sev ${f.severity} · ${f.declaredAt.slice(0, 10)}`,
          description: f.title,
          detail: f.reasons.map((r) => `same ${r.kind}: ${r.kind === 'alert' ? r.value.replace(/^title:/, '') : r.value}`).join(' · '),
          path: f.retrospectivePath,
        })),
        { placeHolder: `Past incidents like ${incident.id} — open a retrospective`, matchOnDescription: true, matchOnDetail: true },
      );
      if (picked) await vscode.window.showTextDocument(vscode.Uri.joinPath(vscode.Uri.file(root), picked.path), { preview: true });
      return found.map((f) => f.id);
    },
  );
}
