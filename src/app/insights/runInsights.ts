import { computeInsights } from '../../core/insights/computeInsights';
import type { InsightsInput, InsightsResult } from '../../core/insights/types';
import { linkedIssueNumber } from '../../core/retrospectives/followUpStatus';
import { SEVERITIES, type Severity } from '../../core/incidents/model';
import type { InsightsSources } from './ports';

export interface InsightsRequest {
  since: Date;
  until: Date;
  now: Date;
  signal?: AbortSignal;
}

export interface GatheredInsights {
  input: InsightsInput;
  /** What could not be read and was left out (a GitHub outage, say); the numbers say what they count without it. */
  warnings: string[];
}

export interface InsightsRun extends InsightsResult {
  warnings: string[];
}

/**
 * The insights use case, shared by the CLI and the editor: gather every source (in
 * parallel; they are independent) into the pure measures' input. The backend and git
 * are required sources; GitHub issue states are optional and their failure is a warning.
 * The editor computes the result off its main thread; the CLI right here (runInsights).
 */
export async function gatherInsights(sources: InsightsSources, request: InsightsRequest): Promise<GatheredInsights> {
  const window = { since: request.since, until: request.until };
  const policy = await sources.policy();
  const [incidents, retrospectives, deploys] = await Promise.all([
    sources.incidents ? sources.incidents(window, request.signal) : Promise.resolve([]),
    sources.retrospectives(),
    sources.deploys(policy.insights.deployTags, request.signal),
  ]);
  const warnings: string[] = [];
  let issueStates: ReadonlyMap<number, 'open' | 'closed'> | undefined;
  if (sources.issueStates) {
    const numbers = [...new Set(retrospectives.flatMap((r) => r.followUps.map(linkedIssueNumber)).filter((n): n is number => n !== undefined))];
    if (numbers.length > 0) {
      try {
        issueStates = await sources.issueStates(numbers, request.signal);
      } catch (error) {
        warnings.push(`Follow-up issue states could not be read from GitHub (${error instanceof Error ? error.message : String(error)}); follow-ups count as their checkboxes say.`);
      }
    }
  }
  const timeToActionKpiMs: Partial<Record<Severity, number>> = {};
  for (const severity of SEVERITIES) {
    const kpi = policy.levels[severity].timeToActionKpiMs;
    if (kpi !== undefined) timeToActionKpiMs[severity] = kpi;
  }
  return {
    input: {
      window: { sinceMs: request.since.getTime(), untilMs: request.until.getTime() },
      nowMs: request.now.getTime(),
      incidents,
      retrospectives,
      deploys,
      ...(issueStates ? { issueStates } : {}),
      settings: { timeZone: policy.insights.timezone, workingHours: policy.insights.working, timeToActionKpiMs },
    },
    warnings,
  };
}

export async function runInsights(sources: InsightsSources, request: InsightsRequest): Promise<InsightsRun> {
  const { input, warnings } = await gatherInsights(sources, request);
  return { ...computeInsights(input), warnings };
}
