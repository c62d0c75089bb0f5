import type { AlertRow } from '../../core/incidents/alertRows';
import type { Incident, Severity } from '../../core/incidents/model';
import type { DeadLetterRow } from './deadLetterRow';

/** What the Incidents tree is made of; the provider maps these to TreeItems. */
export type IncidentTreeNode =
  | { kind: 'severity'; severity: Severity; count: number }
  | { kind: 'incident'; incident: Incident }
  /** The collapsed group at the bottom, filled when expanded. */
  | { kind: 'resolvedGroup' }
  /** A recently resolved incident: a row to open it or write its retrospective from, nothing under it. */
  | { kind: 'resolved'; incident: Incident }
  | { kind: 'section'; incidentId: string; section: 'roles' | 'clocks' | 'alerts' | 'deliveries' | 'slos' | 'runbooks' | 'events' }
  /** One alert of an alert-opened incident; `incidentId` and `fingerprint` are what its commands take. */
  | { kind: 'alert'; incidentId: string; fingerprint: string; row: AlertRow }
  /** A dead letter (our server gave up delivering an event to a channel); `incidentId` and `deliveryId` are what Retry Delivery takes. */
  | { kind: 'deadLetter'; incidentId: string; deliveryId: string; row: DeadLetterRow }
  | { kind: 'leaf'; id: string; label: string; description?: string; tooltip?: string; icon?: string; iconColor?: string; open?: { command: string; args: unknown[] } };
