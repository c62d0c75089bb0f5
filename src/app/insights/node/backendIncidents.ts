import type { IncidentBackend } from '../../../backends/backend';
import type { IncidentWithTimeline } from '../../../core/incidents/model';

/**
 * The window's incidents from a backend: its paged window listing when it has one;
 * otherwise the active and recently resolved lists, each incident read with its timeline.
 */
export async function backendIncidents(backend: IncidentBackend, window: { since: Date; until: Date }, signal?: AbortSignal): Promise<IncidentWithTimeline[]> {
  if (backend.listInWindow) return backend.listInWindow(window, signal);
  const [active, resolved] = await Promise.all([backend.listActive(signal), backend.listRecentlyResolved(window.since, signal)]);
  const inWindow = [...active, ...resolved].filter((i) => {
    const at = Date.parse(i.declaredAt);
    return at >= window.since.getTime() && at < window.until.getTime();
  });
  const out: IncidentWithTimeline[] = [];
  for (const incident of inWindow) out.push(await backend.get(incident.id, signal));
  return out;
}
