import type { IncidentWithTimeline } from '../../core/incidents/model';
import type { CommitInfo } from '../../core/retrospectives/timeline';
import type { ExecutionRecord } from '../../core/runbooks/executionRecord';
import type { SloDefinition } from '../../core/slo/types';
import type { MetricsSource } from '../slo/ports';

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

/**
 * Where the customer impact's error-budget figures come from: the repository's SLOs and,
 * when one is configured, Prometheus. Optional: without it the section has no SLO line.
 */
export interface SloImpactSource {
  /** The SLO definitions at hand (the use case keeps those of the incident's services). */
  slos(): Promise<readonly SloDefinition[]>;
  /** Prometheus; undefined when none is configured, and the section then says how to set it. */
  metrics?: MetricsSource;
  /** How to configure Prometheus in this front end, e.g. "set incidentDesk.prometheus.url". */
  configureHint: string;
}
