import { repeatContributingFactors } from './contributingFactors';
import { incidentCounts } from './counts';
import { doraMeasures } from './dora';
import { followUpMeasures } from './followUpMeasures';
import { incidentFacts } from './incidentFacts';
import { onCallLoad } from './onCallLoad';
import { timeToAction, timeToResolve } from './responseTimes';
import type { InsightsInput, InsightsResult, InsightsTrace } from './types';

/** Every measure of README's "Insights" over one window; pure, so the CLI, the editor and the tests compute the same. */
export function computeInsights(input: InsightsInput): InsightsResult {
  const { window, settings } = input;
  const trace: InsightsTrace = {};
  const all = incidentFacts(input.incidents, input.retrospectives, window);
  const services = [...new Set(all.flatMap((i) => i.services))].sort((a, b) => a.localeCompare(b));
  const filter = input.filter ?? {};
  const incidents = all.filter((i) => (filter.service === undefined || i.services.includes(filter.service)) && (filter.severity === undefined || i.severity === filter.severity));
  const retrospectivePaths: Record<string, string> = {};
  for (const retro of input.retrospectives) retrospectivePaths[retro.frontMatter.id] ??= retro.path;
  const titles: Record<string, string> = {};
  for (const incident of incidents) titles[incident.id] = incident.title;
  return {
    report: {
      window: { since: new Date(window.sinceMs).toISOString(), until: new Date(window.untilMs).toISOString() },
      incidents: incidentCounts(incidents, window, settings.timeZone, trace),
      timeToAction: timeToAction(incidents, settings.timeToActionKpiMs, trace),
      timeToResolve: timeToResolve(incidents, trace),
      contributingFactors: repeatContributingFactors(incidents, trace),
      followUps: followUpMeasures(incidents, input.issueStates, input.nowMs, settings.timeZone, trace),
      onCallLoad: onCallLoad(incidents, input.nowMs, settings.timeZone, settings.workingHours, trace),
      dora: doraMeasures(incidents, input.deploys, input.retrospectives, window, trace),
    },
    trace,
    retrospectivePaths,
    titles,
    services,
  };
}
