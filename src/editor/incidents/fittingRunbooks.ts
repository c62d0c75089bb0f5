import { alertRunbookReasons } from '../../core/incidents/alertRows';
import type { Incident } from '../../core/incidents/model';
import { matchReasons, runbooksForIncident } from '../../core/runbooks/match';
import type { RunbookSummary } from '../shared/runbookCatalog';

export interface FittingRunbook {
  runbook: RunbookSummary;
  /** What made it fit: the incident's alerts it names first (`alert DeployErrorRateHigh`), then services and tags (`service checkout-api`). */
  reasons: string[];
}

/** The runbooks that fit an incident, best first: what the tree's "Runbooks that fit" lists and "Run Fitting Runbook" offers. */
export function fittingRunbooks(runbooks: readonly RunbookSummary[], incident: Incident): FittingRunbook[] {
  const candidates = runbooks.map((runbook) => ({ ...runbook, frontMatter: { services: runbook.services, alerts: runbook.alerts, params: {} } }));
  return runbooksForIncident(candidates, incident).map((candidate) => {
    const { frontMatter, ...runbook } = candidate;
    // An alert's own name says most about why a runbook fits, so those reasons lead.
    const reasons = [...alertRunbookReasons(runbook.alerts, incident), ...matchReasons(frontMatter, incident)];
    return { runbook, reasons: [...new Set(reasons)] };
  });
}
