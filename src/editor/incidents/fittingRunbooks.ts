import type { Incident } from '../../core/incidents/model';
import { matchReasons, runbooksForIncident } from '../../core/runbooks/match';
import type { RunbookSummary } from '../shared/runbookCatalog';

export interface FittingRunbook {
  runbook: RunbookSummary;
  /** What made it fit, e.g. `service checkout-api`. */
  reasons: string[];
}

/** The runbooks that fit an incident, best first: what the tree's "Runbooks that fit" lists and "Run Fitting Runbook" offers. */
export function fittingRunbooks(runbooks: readonly RunbookSummary[], incident: Incident): FittingRunbook[] {
  const candidates = runbooks.map((runbook) => ({ ...runbook, frontMatter: { services: runbook.services, alerts: runbook.alerts, params: {} } }));
  return runbooksForIncident(candidates, incident).map((candidate) => {
    const { frontMatter, ...runbook } = candidate;
    return { runbook, reasons: matchReasons(frontMatter, incident) };
  });
}
