import type { AlertSource, AlertStatus, Severity } from '../../core/incidents/model';

/**
 * One notification from a monitor, whatever its wire format: Alertmanager's webhook,
 * Grafana's, or the generic JSON webhook all decode to this, and the group ↔ incident
 * rules (alertGroupPlan.ts) only ever see this shape.
 */
export interface AlertNotification {
  source: AlertSource;
  /** The monitor's key for the group; one open incident per (source, groupKey). */
  groupKey: string;
  externalUrl?: string;
  /** Annotations every alert of the group shares (a title candidate). */
  commonAnnotations: Record<string, string>;
  alerts: NotifiedAlert[];
}

export interface NotifiedAlert {
  fingerprint: string;
  name: string;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO 8601 UTC. */
  startsAt: string;
  /** ISO 8601 UTC; only for a resolved alert. */
  endsAt?: string;
  generatorUrl?: string;
}

/** How alerts become incidents: the server config's `alerts:` section. */
export interface AlertPolicy {
  /** The label whose value picks the severity. */
  severityLabel: string;
  /** Label value (lower case) → severity. */
  severities: Record<string, Severity>;
  /** For an alert without the label, or with a value the mapping lacks. */
  defaultSeverity: Severity;
  /** Labels naming the affected service, in order of preference: the first one an alert has counts. */
  serviceLabels: string[];
  /** Resolve the incident when every alert of its group has resolved (otherwise a person does). */
  resolveIncidentWhenAllResolved: boolean;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  severityLabel: 'severity',
  severities: { critical: 1, error: 2, high: 2, warning: 3, info: 4 },
  defaultSeverity: 3,
  serviceLabels: ['service', 'job', 'namespace'],
  resolveIncidentWhenAllResolved: false,
};

/** What the receiver answers: what the notification did. */
export interface AlertReceipt {
  /**
   * declared: a new incident (firedAgainFrom says when the group had one before);
   * updated: alerts joined or resolved; unchanged: a repeat, nothing written;
   * ignored: only resolved alerts for a group with no incident.
   */
  outcome: 'declared' | 'updated' | 'unchanged' | 'ignored';
  incidentId: string | null;
  firedAgainFrom?: string;
  /** Timeline events the notification added. */
  events: number;
}

/** What the store needs to apply a notification. */
export interface AlertWriteContext {
  /** The integration token's name: the author of every event. */
  author: string;
  policy: AlertPolicy;
  /** Overrides the clock (seeding only). */
  at?: string;
}

/** The key an alert group is stored under: per source, so two monitors' keys never collide. */
export function storedGroupKey(notification: Pick<AlertNotification, 'source' | 'groupKey'>): string {
  return `${notification.source}:${notification.groupKey}`;
}
