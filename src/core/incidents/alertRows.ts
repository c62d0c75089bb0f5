import { formatDuration } from './duration';
import type { AlertSource, Incident, IncidentAlert } from './model';

/**
 * What the incident tree shows for an incident a monitor opened: one row per alert
 * (name, firing/resolved, since when, the labels that tell instances apart, links to
 * the generator and the alert's runbook), a line saying where the incident came from,
 * and why a runbook fits (`alert DeployErrorRateHigh`). Plain text only: every string
 * here is remote content, for tree labels and plain tooltips, never markdown.
 */

export interface AlertRow {
  /** Stable within the incident (tree item ids). */
  id: string;
  /** The alert name. */
  label: string;
  /** `firing · 12m` or `resolved · lasted 30m`. */
  description: string;
  /** Summary, then every label as `name=value`, one per line. */
  tooltip: string;
  firing: boolean;
  /** The rule or graph that produced it (http/https only). */
  generatorUrl?: string;
  /** The alert's `runbook_url` (http/https only). */
  runbookUrl?: string;
}

const SOURCE_NAMES: Record<AlertSource, string> = { alertmanager: 'Alertmanager', grafana: 'Grafana', webhook: 'a monitor webhook' };
/** Labels every alert of a group shares add nothing to a row. */
const QUIET_LABELS = new Set(['alertname', 'severity']);
const MAX_TEXT = 300;

/** Firing alerts first, then oldest first. */
export function alertRows(incident: Pick<Incident, 'id' | 'alerts'>, now: Date): AlertRow[] {
  const alerts = [...(incident.alerts ?? [])].sort(
    (a, b) => Number(b.status === 'firing') - Number(a.status === 'firing') || Date.parse(a.startsAt) - Date.parse(b.startsAt),
  );
  return alerts.map((alert) => row(incident.id, alert, now));
}

/** "Opened by an Alertmanager alert group", plus "fired again after INC-3"; undefined for an incident a person declared. */
export function alertOrigin(incident: Pick<Incident, 'alertGroup'>): string | undefined {
  const group = incident.alertGroup;
  if (!group) return undefined;
  const opened = `Opened by ${SOURCE_NAMES[group.source]} alert group`;
  return group.firedAgainFrom === undefined ? opened : `${opened}; fired again after ${plain(group.firedAgainFrom)}`;
}

/**
 * Why a runbook fits an alert-opened incident: `alert X` for each alert the runbook's
 * front matter names (`alerts: [X]`) that is on the incident. Names compare ignoring
 * case, as the runbook match does; firing alerts are listed first.
 */
export function alertRunbookReasons(runbookAlerts: readonly string[], incident: Pick<Incident, 'alerts'>): string[] {
  const named = new Map(runbookAlerts.map((name) => [name.trim().toLowerCase(), name]));
  const reasons: string[] = [];
  const ordered = [...(incident.alerts ?? [])].sort((a, b) => Number(b.status === 'firing') - Number(a.status === 'firing'));
  for (const alert of ordered) {
    const name = named.get(alert.name.trim().toLowerCase());
    const reason = name === undefined ? undefined : `alert ${name}`;
    if (reason !== undefined && !reasons.includes(reason)) reasons.push(reason);
  }
  return reasons;
}

function row(incidentId: string, alert: IncidentAlert, now: Date): AlertRow {
  const firing = alert.status === 'firing';
  const started = Date.parse(alert.startsAt);
  const ended = alert.endsAt === undefined ? NaN : Date.parse(alert.endsAt);
  const when = firing
    ? `firing · ${formatDuration(now.getTime() - started)}`
    : Number.isNaN(ended)
      ? 'resolved'
      : `resolved · lasted ${formatDuration(ended - started)}`;
  const distinguishing = Object.entries(alert.labels)
    .filter(([name]) => !QUIET_LABELS.has(name))
    .map(([name, value]) => `${plain(name)}=${plain(value)}`);
  const summary = alert.annotations.summary ?? alert.annotations.description;
  const result: AlertRow = {
    id: `incident:${incidentId}/alert:${alert.fingerprint}`,
    label: plain(alert.name),
    description: distinguishing.length > 0 ? `${when} · ${distinguishing[0]}` : when,
    tooltip: [...(summary === undefined ? [] : [plain(summary)]), ...distinguishing].join('\n'),
    firing,
  };
  const generator = webLink(alert.generatorUrl);
  if (generator) result.generatorUrl = generator;
  const runbook = webLink(alert.runbookUrl);
  if (runbook) result.runbookUrl = runbook;
  return result;
}

/** One line, no control characters, bounded: alert text comes from whoever can reach the monitor. */
function plain(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim().slice(0, MAX_TEXT);
}

/** Only web links open from the tree; `command:`, `file:` and the like from a monitor are dropped. */
function webLink(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}
