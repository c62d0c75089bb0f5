import type { IncidentWithTimeline } from '../../core/incidents/model';
import type { CommitInfo } from '../../core/retrospectives/timeline';
import type { ExecutionRecord } from '../../core/runbooks/executionRecord';

/** What the retrospective use cases read the world through. */

export interface IncidentReader {
  /** The incident with its full timeline. */
  get(id: string): Promise<IncidentWithTimeline>;
}

export interface ExecutionRecordSource {
  /** Every record at hand (the use case keeps the incident's), and what could not be read. */
  read(): Promise<{ records: ExecutionRecord[]; warnings: string[] }>;
}

/** The repository's commits between two instants. */
export type CommitSource = (range: { since: Date; until: Date }) => Promise<CommitInfo[]>;

/** A line for the person waiting ("fetching the incident…"). */
export type ProgressReport = (message: string) => void;
