import type { IncidentWithTimeline } from '../../core/incidents/model';
import type { Deploy, RetrospectiveFacts } from '../../core/insights/types';
import type { TeamPolicy } from '../../core/policy/schema';

/** Where insights come from; each front end wires real adapters (src/app/insights/node). */
export interface InsightsSources {
  /** The team policy in force (the repository's policy file, or the default). */
  policy(): Promise<TeamPolicy>;
  /** Incidents declared in the window with their timelines; undefined: no backend (retrospectives only). */
  incidents?(window: { since: Date; until: Date }, signal?: AbortSignal): Promise<IncidentWithTimeline[]>;
  retrospectives(): Promise<RetrospectiveFacts[]>;
  /** Deploys (tags matching the glob, or merges to the default branch) with the commits each shipped. */
  deploys(deployTags: string, signal?: AbortSignal): Promise<Deploy[]>;
  /** States of linked follow-up issues, when GitHub can be asked; undefined: offline. */
  issueStates?(issueNumbers: readonly number[], signal?: AbortSignal): Promise<ReadonlyMap<number, 'open' | 'closed'>>;
}
