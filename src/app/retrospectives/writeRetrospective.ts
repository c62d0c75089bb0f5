import * as path from 'node:path';
import { isRetrospectiveFileOf, normalizeFolder, retrospectiveFileName } from '../../core/retrospectives/naming';
import { buildTimeline, renderRetrospective } from '../../core/retrospectives/render';
import { refreshTimeline } from '../../core/retrospectives/timeline';
import type { Clock } from '../ports/clock';
import type { FileSystem } from '../ports/fileSystem';
import { gatherRetrospectiveInput } from './gatherInput';
import type { CommitSource, ExecutionRecordSource, IncidentReader, ProgressReport, SloImpactSource } from './ports';

/**
 * "Write retrospective", the one writer for the editor and the command line:
 * renders the incident, its runbook runs and the commits in its window into
 * `<folder>/<date>-<id>-<slug>.md`. When the incident already has a retrospective
 * the front end chooses: `keep` it untouched (the editor opens it) or `refresh` only
 * its timeline block (the command line), so no human edit is ever lost. A new file
 * is created whole or not at all and never replaces one a teammate just wrote.
 */

export interface WriteRetrospectiveRequest {
  incidentId: string;
  /** Absolute path of the repository's work tree. */
  repoRoot: string;
  /** Repository-relative folder (the setting or --folder). */
  folder: string;
  whenExists: 'keep' | 'refresh';
}

export interface WriteRetrospectivePorts {
  incidents: IncidentReader;
  executions: ExecutionRecordSource;
  commits: CommitSource;
  files: FileSystem;
  clock: Clock;
  progress?: ProgressReport;
  /** The SLOs of the incident's services and Prometheus, for the error budget the incident consumed (customer impact). */
  slos?: SloImpactSource;
}

export type WriteRetrospectiveResult =
  | { action: 'created'; path: string; timelineEntries: number; executions: number; commits: number; warnings: string[] }
  | { action: 'refreshed'; path: string; timelineEntries: number; warnings: string[] }
  /** An existing retrospective left as it is (`keep`). */
  | { action: 'exists'; path: string };

export async function writeRetrospective(request: WriteRetrospectiveRequest, ports: WriteRetrospectivePorts): Promise<WriteRetrospectiveResult> {
  // A bad folder setting is reported before anything is fetched.
  const folder = normalizeFolder(request.folder);
  const existing = await findExisting(ports.files, path.join(request.repoRoot, ...folder.split('/')), request.incidentId);
  if (existing !== undefined && request.whenExists === 'keep') return { action: 'exists', path: existing };

  ports.progress?.('fetching the incident and its timeline…');
  const incident = await ports.incidents.get(request.incidentId);
  ports.progress?.('reading runbook runs and commits…');
  const now = ports.clock.now();
  const input = await gatherRetrospectiveInput(incident, ports, now);
  const refresh = async (file: string): Promise<WriteRetrospectiveResult> => {
    const entries = buildTimeline(input, now);
    const text = await ports.files.readText(file);
    if (text === undefined) throw new Error(`${file} disappeared while its timeline was being rebuilt.`);
    // Throws (and writes nothing) when the markers are gone: the file is the team's, not ours.
    await ports.files.replace(file, refreshTimeline(text, entries));
    return { action: 'refreshed', path: file, timelineEntries: entries.length, warnings: input.warnings };
  };
  if (existing !== undefined) return refresh(existing);

  const target = path.join(request.repoRoot, ...retrospectiveFileName(incident, folder).split('/'));
  if ((await ports.files.createNew(target, renderRetrospective(input, now))) === 'exists') {
    // Someone (another window, a teammate's pull) created it while we were reading.
    return request.whenExists === 'keep' ? { action: 'exists', path: target } : refresh(target);
  }
  return {
    action: 'created',
    path: target,
    timelineEntries: buildTimeline(input, now).length,
    executions: input.executions.length,
    commits: input.commits.length,
    warnings: input.warnings,
  };
}

/** A retrospective of the same incident, whatever title slug it was written under. */
async function findExisting(files: FileSystem, folder: string, incidentId: string): Promise<string | undefined> {
  const name = (await files.fileNames(folder)).filter((n) => isRetrospectiveFileOf(n, incidentId)).sort()[0];
  return name === undefined ? undefined : path.join(folder, name);
}
