import type { DeclareRequest, Incident, IncidentAlert, Severity } from '../../core/incidents/model';
import { planDeclare, planPatch, type Actor, type EventDraft, type PlannedChange } from '../incidentChanges';
import type { AlertNotification, AlertPolicy, NotifiedAlert } from './alertNotification';

/**
 * The rules for how one alert notification changes its group's incident. Pure, so
 * every store (SQLite, PostgreSQL) applies exactly the same rules inside its own
 * transaction, and they are tested without a database.
 *
 * - No incident for the group, or only a resolved one and something fires that was
 *   not firing on it: declare (linking the resolved one: the group fired again).
 * - Otherwise merge: an alert not seen before joins (`alert_firing`), one whose status
 *   changed records `alert_firing` / `alert_resolved`; a repeat changes nothing.
 *   Severity is set at declare and never moved by alerts afterwards.
 */

/** An incident's document carries its alerts; past this, new fingerprints are not added (a noisy group must not grow every snapshot without bound). */
export const MAX_ALERTS_PER_INCIDENT = 200;
const MAX_TITLE = 300;
const MAX_SUMMARY = 20000;
const MAX_SERVICES = 100;
const MAX_SERVICE_NAME = 200;

export type AlertPlan =
  /** Only resolved alerts for a group with no incident: nothing to open. */
  | { kind: 'ignored' }
  /** A repeat: the incident already says all of it. */
  | { kind: 'unchanged'; incidentId: string }
  /** The store gives the new incident its id, then builds it. */
  | { kind: 'declare'; firedAgainFrom?: string; build(id: string): PlannedChange }
  | { kind: 'update'; change: PlannedChange };

export function planAlertNotification(
  notification: AlertNotification,
  current: Incident | undefined,
  policy: AlertPolicy,
  actor: Actor,
  at: string,
): AlertPlan {
  if (!current) {
    return notification.alerts.some(isFiring) ? declarePlan(notification, undefined, policy, actor, at) : { kind: 'ignored' };
  }
  if (current.status === 'resolved' && firesAnew(current, notification)) {
    return declarePlan(notification, current.id, policy, actor, at);
  }
  return mergePlan(current, notification, policy, actor, at);
}

/** The severity an alert asks for through the policy's mapping. */
export function alertSeverity(alert: Pick<NotifiedAlert, 'labels'>, policy: AlertPolicy): Severity {
  const value = alert.labels[policy.severityLabel]?.trim().toLowerCase();
  return (value === undefined ? undefined : policy.severities[value]) ?? policy.defaultSeverity;
}

/** Something fires that was not firing on the (resolved) incident: a new occurrence, not a repeat. */
function firesAnew(incident: Incident, notification: AlertNotification): boolean {
  const firing = new Set((incident.alerts ?? []).filter((a) => a.status === 'firing').map((a) => a.fingerprint));
  return notification.alerts.some((alert) => isFiring(alert) && !firing.has(alert.fingerprint));
}

function declarePlan(notification: AlertNotification, firedAgainFrom: string | undefined, policy: AlertPolicy, actor: Actor, at: string): AlertPlan {
  const firing = notification.alerts.filter(isFiring);
  // The most severe firing alert sets the severity and, unless the group shares a summary, the title.
  let lead = firing[0]!;
  for (const alert of firing) if (alertSeverity(alert, policy) < alertSeverity(lead, policy)) lead = alert;
  const title = oneLine(notification.commonAnnotations.summary ?? lead.annotations.summary ?? lead.annotations.description ?? lead.name, MAX_TITLE);
  const description = notification.commonAnnotations.description ?? lead.annotations.description;
  const request: DeclareRequest = {
    title: title === '' ? lead.name : title,
    severity: alertSeverity(lead, policy),
    services: servicesOf(firing, policy, []),
    tags: alertNameTags(firing, []),
    ...(description !== undefined && oneLine(description, MAX_TITLE) !== title ? { summary: description.slice(0, MAX_SUMMARY) } : {}),
    ...actor,
  };
  const stored = notification.alerts.slice(0, MAX_ALERTS_PER_INCIDENT).map(toIncidentAlert);
  const build = (id: string): PlannedChange => {
    const plan = planDeclare(request, id, at);
    plan.incident.alerts = stored;
    plan.incident.alertGroup = {
      source: notification.source,
      groupKey: notification.groupKey,
      ...(notification.externalUrl === undefined ? {} : { externalUrl: notification.externalUrl }),
      ...(firedAgainFrom === undefined ? {} : { firedAgainFrom }),
    };
    const fired = stored.filter((alert) => alert.status === 'firing').map((alert) => alertEvent('alert_firing', alert, actor, at));
    return { ...plan, events: [...plan.events, ...fired] };
  };
  return firedAgainFrom === undefined ? { kind: 'declare', build } : { kind: 'declare', firedAgainFrom, build };
}

function mergePlan(current: Incident, notification: AlertNotification, policy: AlertPolicy, actor: Actor, at: string): AlertPlan {
  const next = structuredClone(current);
  const alerts = (next.alerts ??= []);
  const byFingerprint = new Map(alerts.map((alert, index) => [alert.fingerprint, index]));
  const events: EventDraft[] = [];
  const joined: NotifiedAlert[] = [];
  for (const alert of notification.alerts) {
    const index = byFingerprint.get(alert.fingerprint);
    if (index === undefined) {
      if (alerts.length >= MAX_ALERTS_PER_INCIDENT) continue;
      byFingerprint.set(alert.fingerprint, alerts.length);
      alerts.push(toIncidentAlert(alert));
      if (isFiring(alert)) joined.push(alert);
    } else if (alerts[index]!.status !== alert.status) {
      // Labels, annotations and times as the monitor now has them.
      alerts[index] = toIncidentAlert(alert);
    } else {
      continue;
    }
    events.push(alertEvent(isFiring(alert) ? 'alert_firing' : 'alert_resolved', alert, actor, at));
  }
  if (events.length === 0) return { kind: 'unchanged', incidentId: current.id };

  next.services = servicesOf(joined, policy, next.services);
  next.tags = alertNameTags(joined, next.tags);
  const wasAllResolved = (current.alerts ?? []).every((alert) => alert.status === 'resolved');
  const allResolved = alerts.every((alert) => alert.status === 'resolved');
  if (allResolved && !wasAllResolved) {
    events.push({ type: 'alert_group_resolved', at, ...actor, alerts: alerts.length });
    if (policy.resolveIncidentWhenAllResolved && next.status !== 'resolved') {
      const resolved = planPatch(next, { status: 'resolved' }, actor, at);
      return { kind: 'update', change: { incident: resolved.incident, events: [...events, ...resolved.events], changed: true } };
    }
  }
  next.version = current.version + 1;
  return { kind: 'update', change: { incident: next, events, changed: true } };
}

/** Services named by the alerts' labels (the first of the policy's labels each alert has), added to `existing`. */
function servicesOf(alerts: readonly NotifiedAlert[], policy: AlertPolicy, existing: readonly string[]): string[] {
  const services = [...existing];
  for (const alert of alerts) {
    const label = policy.serviceLabels.find((name) => (alert.labels[name] ?? '').trim() !== '');
    const service = label === undefined ? undefined : alert.labels[label]!.trim().slice(0, MAX_SERVICE_NAME);
    if (service !== undefined && !services.includes(service) && services.length < MAX_SERVICES) services.push(service);
  }
  return services;
}

/**
 * The alert names, as tags: runbooks name the alerts they are for in their front
 * matter (`alerts: [DeployErrorRateHigh]`), and the fitting-runbook match compares
 * those with an incident's services and tags.
 */
function alertNameTags(alerts: readonly NotifiedAlert[], existing: readonly string[]): string[] {
  const tags = [...existing];
  for (const { name } of alerts) {
    const tag = name.trim().slice(0, MAX_SERVICE_NAME);
    if (tag !== '' && !tags.includes(tag) && tags.length < MAX_SERVICES) tags.push(tag);
  }
  return tags;
}

function toIncidentAlert(alert: NotifiedAlert): IncidentAlert {
  const stored: IncidentAlert = {
    fingerprint: alert.fingerprint,
    name: alert.name,
    status: alert.status,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    startsAt: alert.startsAt,
  };
  if (alert.endsAt !== undefined) stored.endsAt = alert.endsAt;
  if (alert.generatorUrl !== undefined) stored.generatorUrl = alert.generatorUrl;
  const runbook = alert.annotations.runbook_url?.trim();
  if (runbook) stored.runbookUrl = runbook;
  return stored;
}

function alertEvent(type: 'alert_firing' | 'alert_resolved', alert: Pick<NotifiedAlert, 'name' | 'fingerprint'>, actor: Actor, at: string): EventDraft {
  return { type, at, ...actor, alertName: alert.name, fingerprint: alert.fingerprint };
}

function isFiring(alert: Pick<NotifiedAlert, 'status'>): boolean {
  return alert.status === 'firing';
}

function oneLine(text: string, max: number): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, max);
}
