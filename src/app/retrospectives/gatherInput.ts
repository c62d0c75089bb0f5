import type { IncidentWithTimeline } from '../../core/incidents/model';
import { incidentWindow } from '../../core/retrospectives/timeline';
import type { RetrospectiveInput } from '../../core/retrospectives/render';
import type { CommitInfo } from '../../core/retrospectives/timeline';
import type { CommitSource, ExecutionRecordSource, SloImpactSource } from './ports';
import { sloImpactLines } from './sloImpact';

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
  sources: { executions: ExecutionRecordSource; commits: CommitSource; slos?: SloImpactSource | undefined },
  now: Date,
): Promise<GatheredInput> {
  const window = incidentWindow(incident, now);
  const warnings: string[] = [];
  const [executions, commits, impact] = await Promise.all([
    sources.executions.read(),
    sources.commits({ since: new Date(window.commitsFrom), until: new Date(window.commitsTo) }).catch((error: unknown) => {
      warnings.push(`The repository's commits could not be read, so the timeline has none: ${error instanceof Error ? error.message : String(error)}`);
      return [] as CommitInfo[];
    }),
    sources.slos ? sloImpactLines(incident, sources.slos, now) : { lines: [], warnings: [] },
  ]);
  return { incident, executions: executions.records, commits, impactLines: impact.lines, warnings: [...executions.warnings, ...warnings, ...impact.warnings] };
}
