import type { RunbookSummary } from '../shared/runbookCatalog';

export const NO_SERVICE = 'No service';

export interface ServiceGroup<T extends Pick<RunbookSummary, 'services' | 'title'> = RunbookSummary> {
  kind: 'service';
  service: string;
  runbooks: T[];
}

/**
 * The Runbooks view's groups: one per service, sorted by name, with "No service"
 * last; a runbook with several services is listed under each. Pure (type-only
 * imports), so it is unit-tested without VS Code.
 */
export function groupByService<T extends Pick<RunbookSummary, 'services' | 'title'>>(runbooks: readonly T[]): ServiceGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const runbook of runbooks) {
    const services = runbook.services.length > 0 ? [...new Set(runbook.services)] : [NO_SERVICE];
    for (const service of services) groups.set(service, [...(groups.get(service) ?? []), runbook]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === NO_SERVICE ? 1 : b === NO_SERVICE ? -1 : a.localeCompare(b)))
    .map(([service, list]) => ({ kind: 'service', service, runbooks: [...list].sort((x, y) => x.title.localeCompare(y.title)) }));
}
