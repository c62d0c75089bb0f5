import type { IncidentBackend } from '../../backends/backend';
import type { DeclareRequest, Incident } from '../../core/incidents/model';

/**
 * The backend as the offline queue sends through it, remembering which incident each
 * declare request became. The queue hands the backend the request object a command
 * gave it, so the command can then name and reveal the incident it declared (a
 * replayed one from disk is another object, and no command waits for it).
 */
export function recordingDeclarations(backend: IncidentBackend, declared: WeakMap<DeclareRequest, Incident>): IncidentBackend {
  return {
    kind: backend.kind,
    listActive: (signal) => backend.listActive(signal),
    listRecentlyResolved: (query, signal) => backend.listRecentlyResolved(query, signal),
    get: (id, signal) => backend.get(id, signal),
    declare: async (request, options) => {
      const incident = await backend.declare(request, options);
      declared.set(request, incident);
      return incident;
    },
    update: (id, patch, options) => backend.update(id, patch, options),
    addEvent: (id, event, options) => backend.addEvent(id, event, options),
    subscribe: (listener, onStatus) => backend.subscribe(listener, onStatus),
  };
}
