import type { AlertRow } from '../../core/incidents/alertRows';
import type { Incident, Severity } from '../../core/incidents/model';

/** What the Incidents tree is made of; the provider maps these to TreeItems. */
export type IncidentTreeNode =
  | { kind: 'severity'; severity: Severity; count: number }
  | { kind: 'incident'; incident: Incident }
  /** The collapsed group at the bottom, filled when expanded. */
  | { kind: 'resolvedGroup' }
  /** A recently resolved incident: a row to open it or write its retrospective from, nothing under it. */
  | { kind: 'resolved'; incident: Incident }
  | { kind: 'section'; incidentId: string; section: 'roles' | 'clocks' | 'alerts' | 'runbooks' | 'events' }
  /** One alert of an alert-opened incident; `incidentId` and `fingerprint` are what its commands take. */
  | { kind: 'alert'; incidentId: string; fingerprint: string; row: AlertRow }
  | { kind: 'leaf'; id: string; label: string; description?: string; tooltip?: string; icon?: string; iconColor?: string; open?: { command: string; args: unknown[] } };
