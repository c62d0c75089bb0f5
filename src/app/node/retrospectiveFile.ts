import { join } from 'node:path';
import type { IncidentWithTimeline } from '../../core/incidents/model';
import { DEFAULT_RETROSPECTIVES_FOLDER } from '../../core/retrospectives/naming';
import { createCommitReader } from '../../github/commitReader';
import { RetroGit } from '../../github/git';
import { silentLogger, type Logger } from '../../github/logger';
import { executionRecordsFromFiles } from '../retrospectives/executionFiles';
import type { SloImpactSource } from '../retrospectives/ports';
import { writeRetrospective, type WriteRetrospectiveResult } from '../retrospectives/writeRetrospective';
import { nodeFileSystem } from './nodeFileSystem';

/**
 * The command line's (and the benchmark's) way into "write retrospective": the
 * repository around `repoDir`, its own execution log, git for commits, the disk.
 * An existing retrospective gets a new timeline and keeps everything else.
 */

export const DEFAULT_EXECUTION_LOG = '.incident-desk/executions.jsonl';

export interface WriteRetrospectiveFileOptions {
  /** Any folder inside the repository's work tree. */
  repoDir: string;
  incident: IncidentWithTimeline;
  /** JSONL of runbook execution records; default `.incident-desk/executions.jsonl` in the repository. */
  executionsFile?: string;
  /** Repository-relative folder; default `retrospectives`. */
  folder?: string;
  now?: Date;
  log?: Logger;
  /** The SLOs and Prometheus for the error budget the incident consumed (customer impact). */
  slos?: SloImpactSource;
}

export type WriteRetrospectiveFileResult = Extract<WriteRetrospectiveResult, { action: 'created' | 'refreshed' }>;

export async function writeRetrospectiveFile(options: WriteRetrospectiveFileOptions): Promise<WriteRetrospectiveFileResult> {
  const log = options.log ?? silentLogger;
  const git = await RetroGit.open(options.repoDir, log);
  const readCommits = createCommitReader(log);
  const now = options.now;
  const result = await writeRetrospective(
    { incidentId: options.incident.id, repoRoot: git.toplevel, folder: options.folder ?? DEFAULT_RETROSPECTIVES_FOLDER, whenExists: 'refresh' },
    {
      incidents: { get: async () => options.incident },
      executions: executionRecordsFromFiles(nodeFileSystem, [options.executionsFile ?? join(git.toplevel, DEFAULT_EXECUTION_LOG)]),
      commits: (range) => readCommits(git.toplevel, range),
      files: nodeFileSystem,
      clock: { now: () => now ?? new Date() },
      ...(options.slos ? { slos: options.slos } : {}),
    },
  );
  // `refresh` never leaves an existing file as it is; this only narrows the type.
  if (result.action === 'exists') throw new Error(`${result.path} already exists and was not refreshed.`);
  for (const warning of result.warnings) log.warn(warning);
  return result;
}
