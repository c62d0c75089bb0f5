import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { IncidentWithTimeline } from '../core/incidents/model';
import { isRetrospectiveFileOf, normalizeFolder, retrospectiveFileName, DEFAULT_RETROSPECTIVES_FOLDER } from '../core/retrospectives/naming';
import { parseRemoteUrl, repoWebUrl } from '../core/retrospectives/remoteUrl';
import { buildTimeline, renderRetrospective } from '../core/retrospectives/render';
import { incidentWindow, refreshTimeline } from '../core/retrospectives/timeline';
import { parseExecutionLog, type ExecutionRecord } from '../core/runbooks/executionRecord';
import { writeFileAtomic } from '../shared/atomicFile';
import { RetroGit } from './git';
import { silentLogger, type Logger } from './logger';

/**
 * "Write retrospective" on the Node side (the command line; the benchmark): gathers the
 * incident's runbook runs and the repository's commits, then writes a new file — or, when
 * the incident already has one, refreshes only its timeline so no human edit is lost.
 */

export const DEFAULT_EXECUTION_LOG = '.incident-desk/executions.jsonl';

export interface WriteRetrospectiveOptions {
  /** Any folder inside the repository's work tree. */
  repoDir: string;
  incident: IncidentWithTimeline;
  /** JSONL of runbook execution records; default `.incident-desk/executions.jsonl` in the repository. */
  executionsFile?: string;
  /** Repository-relative folder; default `retrospectives`. */
  folder?: string;
  now?: Date;
  log?: Logger;
}

export interface WriteRetrospectiveResult {
  /** Absolute path of the file. */
  path: string;
  /** `created`: a new file; `refreshed`: an existing one got a new timeline, everything else kept. */
  action: 'created' | 'refreshed';
  timelineEntries: number;
  /** What could not be read; the file is written without it. */
  warnings: string[];
}

export async function writeRetrospectiveFile(options: WriteRetrospectiveOptions): Promise<WriteRetrospectiveResult> {
  const log = options.log ?? silentLogger;
  const now = options.now ?? new Date();
  const folder = normalizeFolder(options.folder ?? DEFAULT_RETROSPECTIVES_FOLDER);
  const git = await RetroGit.open(options.repoDir, log);
  const warnings: string[] = [];

  const executions = readExecutions(options.executionsFile ?? join(git.toplevel, DEFAULT_EXECUTION_LOG), warnings);
  const window = incidentWindow(options.incident, now);
  const web = await git.remoteUrl('origin').then(parseRemoteUrl, () => undefined);
  const commitUrl = web ? (sha: string) => `${repoWebUrl(web)}/commit/${sha}` : undefined;
  const commits = await git.commitsBetween(new Date(window.commitsFrom), new Date(window.commitsTo), commitUrl);
  const input = { incident: options.incident, executions, commits };

  const existing = findExisting(join(git.toplevel, folder), options.incident.id);
  if (existing) {
    const entries = buildTimeline(input, now);
    // Throws (and writes nothing) when the markers are gone: the file is the team's, not ours.
    await writeFileAtomic(existing, refreshTimeline(readFileSync(existing, 'utf8'), entries));
    for (const warning of warnings) log.warn(warning);
    return { path: existing, action: 'refreshed', timelineEntries: entries.length, warnings };
  }
  const path = join(git.toplevel, retrospectiveFileName(options.incident, folder));
  mkdirSync(dirname(path), { recursive: true });
  await writeFileAtomic(path, renderRetrospective(input, now));
  for (const warning of warnings) log.warn(warning);
  return { path, action: 'created', timelineEntries: buildTimeline(input, now).length, warnings };
}

function readExecutions(file: string, warnings: string[]): ExecutionRecord[] {
  if (!existsSync(file)) return [];
  const { records, badLines } = parseExecutionLog(readFileSync(file, 'utf8'));
  if (badLines.length > 0) {
    const shown = badLines.slice(0, 20).join(', ') + (badLines.length > 20 ? ', …' : '');
    warnings.push(`${basename(file)}: line(s) ${shown} are not execution records and were left out of the timeline.`);
  }
  return records;
}

function findExisting(folder: string, incidentId: string): string | undefined {
  if (!existsSync(folder)) return undefined;
  const name = readdirSync(folder)
    .filter((n) => isRetrospectiveFileOf(n, incidentId))
    .sort()[0];
  return name === undefined ? undefined : join(folder, name);
}
