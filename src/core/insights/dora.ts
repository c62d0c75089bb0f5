import { add } from './counts';
import type { IncidentFacts } from './incidentFacts';
import { median, round3 } from './stats';
import type { Deploy, InsightsReport, InsightsTrace, RetrospectiveFacts } from './types';

/** Shortest commit prefix a retrospective may name; shorter ones match too much. */
const MIN_SHA_PREFIX = 7;

/**
 * DORA's two stability keys as the Four Keys project defines them:
 * - time to restore: median time from declared to resolved over the window's resolved incidents;
 * - change failure rate: deploys in the window that shipped a commit named in some
 *   retrospective's `trigger_commits`, divided by all deploys in the window.
 * Null when there is nothing to divide (no resolved incident, no deploy).
 */
export function doraMeasures(
  incidents: readonly IncidentFacts[],
  deploys: readonly Deploy[],
  retrospectives: readonly RetrospectiveFacts[],
  window: { sinceMs: number; untilMs: number },
  trace: InsightsTrace,
): InsightsReport['dora'] {
  const restore = incidents.filter((i) => i.resolvedMs !== undefined).map((i) => Math.max(0, (i.resolvedMs as number) - i.declaredMs));
  const restoreMedian = median(restore);
  const triggers = triggerIndex(retrospectives);
  const inWindow = deploys.filter((d) => d.atMs >= window.sinceMs && d.atMs < window.untilMs);
  let failed = 0;
  const failedDeploys: string[] = [];
  for (const deploy of inWindow) {
    const incidentsCaused = new Set<string>();
    for (const sha of deploy.commits) for (const id of triggers.incidentsOf(sha)) incidentsCaused.add(id);
    if (incidentsCaused.size === 0) continue;
    failed++;
    for (const id of incidentsCaused) add(trace, `deploy:${deploy.name}`, id);
    failedDeploys.push(deploy.name);
  }
  if (failedDeploys.length > 0) trace.failedDeploys = failedDeploys;
  return {
    timeToRestoreMedianS: restoreMedian === undefined ? null : round3(restoreMedian / 1000),
    changeFailureRate: inWindow.length === 0 ? null : round3(failed / inWindow.length),
  };
}

/** Trigger commits by full sha or by prefix (retrospectives often name short shas). */
export function triggerIndex(retrospectives: readonly RetrospectiveFacts[]): { incidentsOf(sha: string): string[] } {
  const prefixes = new Map<string, string[]>();
  const lengths = new Set<number>();
  for (const retro of retrospectives) {
    for (const raw of retro.frontMatter.trigger_commits) {
      const sha = raw.trim().toLowerCase();
      if (!/^[0-9a-f]+$/.test(sha) || sha.length < MIN_SHA_PREFIX) continue;
      const ids = prefixes.get(sha) ?? [];
      ids.push(retro.frontMatter.id);
      prefixes.set(sha, ids);
      lengths.add(sha.length);
    }
  }
  return {
    incidentsOf(sha) {
      if (prefixes.size === 0) return [];
      const full = sha.toLowerCase();
      const out: string[] = [];
      for (const length of lengths) {
        const ids = prefixes.get(full.slice(0, length));
        if (ids) out.push(...ids);
      }
      return out;
    },
  };
}
