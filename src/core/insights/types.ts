import type { IncidentWithTimeline, Severity } from '../incidents/model';
import type { FollowUp } from '../retrospectives/followUps';
import type { RetroFrontMatter } from '../retrospectives/frontMatter';
import type { WorkingHours } from './localTime';

/** What the insights measures read. Every source is gathered by src/app/insights; nothing here does I/O. */
export interface InsightsInput {
  /** declaredAt ∈ [sinceMs, untilMs) counts. */
  window: { sinceMs: number; untilMs: number };
  /** Closes role spans on incidents still active, and decides which follow-ups are overdue. */
  nowMs: number;
  /** The backend's incidents (with timelines); may hold incidents outside the window, they are skipped. */
  incidents: readonly IncidentWithTimeline[];
  /** Every retrospective in the repository. One whose incident the backend did not return still counts, from its front matter. */
  retrospectives: readonly RetrospectiveFacts[];
  /** Deploys (tags or merges) with the commits each one shipped. */
  deploys: readonly Deploy[];
  /** State of linked follow-up issues on GitHub, when a token allowed reading them. */
  issueStates?: ReadonlyMap<number, 'open' | 'closed'>;
  settings: InsightsSettings;
  /** Count only incidents with this service and/or severity (the editor's filters). */
  filter?: InsightsFilter;
}

export interface InsightsFilter {
  service?: string;
  severity?: Severity;
}

export interface InsightsSettings {
  timeZone: string;
  workingHours: WorkingHours;
  /** Time-to-action KPI per severity (the severity policy's time_to_action_kpi); absent: none. */
  timeToActionKpiMs: Partial<Record<Severity, number>>;
}

/** A retrospective file read back: where it is and what it says. */
export interface RetrospectiveFacts {
  /** Repository-relative, forward slashes. */
  path: string;
  frontMatter: RetroFrontMatter;
  /** From the front matter and the list items of the Contributing factors section. */
  contributingFactors: readonly string[];
  followUps: readonly FollowUp[];
}

export interface Deploy {
  /** The tag name, or the merge commit's sha. */
  name: string;
  atMs: number;
  /** Full shas of the commits this deploy shipped (not in the previous one). */
  commits: readonly string[];
}

export type SeverityKey = `${Severity}`;

/** The JSON contract of `incident-desk insights --json` (README "Insights"). */
export interface InsightsReport {
  window: { since: string; until: string };
  incidents: {
    total: number;
    bySeverity: Record<string, number>;
    byService: Record<string, number>;
    byCustomer: Record<string, number>;
    byTag: Record<string, number>;
    byWeek: { week: string; bySeverity: Record<string, number> }[];
  };
  timeToAction: Record<string, DurationStats & { kpiS: number | null; withinKpi: number | null }>;
  timeToResolve: Record<string, DurationStats>;
  contributingFactors: { factor: string; incidents: string[] }[];
  followUps: { total: number; done: number; open: number; overdue: number; byOwner: Record<string, { open: number; overdue: number }> };
  onCallLoad: { person: string; incidents: number; roleHours: number; nightIncidents: number; weekendIncidents: number }[];
  dora: { timeToRestoreMedianS: number | null; changeFailureRate: number | null };
}

export interface DurationStats {
  count: number;
  medianS: number | null;
  p90S: number | null;
}

/**
 * Which incidents (and retrospectives) each number counts, so a front end can open
 * them: keys such as `severity:1`, `service:checkout-api`, `week:2026-W48:1`,
 * `factor:cache stampede`, `person:maya.chen`, `deploy:v1.2.0`.
 */
export type InsightsTrace = Record<string, string[]>;

export interface InsightsResult {
  report: InsightsReport;
  trace: InsightsTrace;
  /** Incident id → its retrospective's path, for links. */
  retrospectivePaths: Record<string, string>;
  /** Incident id → title, for pickers that list what a number counts. */
  titles: Record<string, string>;
  /** Every service of the window's incidents before the filter, for the filter's choices. */
  services: string[];
}
