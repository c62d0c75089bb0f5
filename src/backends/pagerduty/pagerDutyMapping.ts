import type { Incident, IncidentAlert, IncidentStatus, Severity, TimelineEvent } from '../../core/incidents/model';
import { BackendError } from '../backend';
import { MAX_ID_LENGTH } from '../decode';
import { parseStepNote } from './stepNote';

/**
 * PagerDuty REST v2 shapes (the parts we read) and how they map onto our model.
 * PagerDuty has no severities, roles or CAN updates; what it has is mapped, what
 * it lacks is left empty rather than invented.
 */

export interface PdReference {
  id: string;
  type?: string;
  summary?: string;
  name?: string;
  html_url?: string;
  email?: string;
}

export interface PdIncident {
  id: string;
  incident_number?: number;
  title?: string;
  summary?: string;
  description?: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency?: 'high' | 'low';
  priority?: PdReference | null;
  service?: PdReference;
  assignments?: { at?: string; assignee?: PdReference }[];
  acknowledgements?: { at?: string; acknowledger?: PdReference }[];
  created_at: string;
  updated_at?: string;
  last_status_change_at?: string;
  resolved_at?: string | null;
  html_url?: string;
}

export interface PdNote {
  id: string;
  content: string;
  created_at: string;
  user?: PdReference | null;
}

/** One entry of an incident's log: who (`agent`: a user, or the service or integration that triggered it) did what, when. */
export interface PdLogEntry {
  id?: string;
  type?: string;
  created_at?: string;
  agent?: PdReference | null;
}

/** Who a timeline entry names when PagerDuty says nobody: PagerDuty itself, never "unknown". */
export const PAGERDUTY_AGENT = 'PagerDuty';

/**
 * Which of our severities a PagerDuty incident gets. The default: priority
 * names P1..P5 become Sev 0..4 when a priority is set; otherwise urgency high is
 * Sev 1 and low is Sev 3. Teams with other priority names pass their own table.
 */
export interface SeverityMapping {
  priorities: Record<string, Severity>;
  urgencies: { high: Severity; low: Severity };
}

export const DEFAULT_SEVERITY_MAPPING: SeverityMapping = {
  priorities: { P1: 0, P2: 1, P3: 2, P4: 3, P5: 4 },
  urgencies: { high: 1, low: 3 },
};

export function severityOf(incident: PdIncident, mapping: SeverityMapping): Severity {
  const priority = incident.priority?.summary ?? incident.priority?.name;
  if (priority !== undefined && mapping.priorities[priority] !== undefined) return mapping.priorities[priority];
  return incident.urgency === 'low' ? mapping.urgencies.low : mapping.urgencies.high;
}

/** The urgency whose mapped severity is nearest; ties go to high, the safer side. */
export function urgencyFor(severity: Severity, mapping: SeverityMapping): 'high' | 'low' {
  return Math.abs(severity - mapping.urgencies.high) <= Math.abs(severity - mapping.urgencies.low) ? 'high' : 'low';
}

/** triggered and acknowledged are both "investigating" for us; acknowledgement shows as acknowledgedAt. */
export function statusOf(incident: PdIncident): IncidentStatus {
  return incident.status === 'resolved' ? 'resolved' : 'investigating';
}

export function toIncident(pd: PdIncident, mapping: SeverityMapping, webBaseUrl: string | undefined): Incident {
  checkIncident(pd);
  const assignee = pd.assignments?.find((a) => a.assignee)?.assignee;
  const acknowledgedAt = pd.acknowledgements
    ?.map((a) => a.at)
    .filter((at): at is string => typeof at === 'string')
    .sort()[0];
  const title = pd.title ?? pd.summary ?? pd.id;
  const incident: Incident = {
    id: pd.id,
    title,
    severity: severityOf(pd, mapping),
    status: statusOf(pd),
    services: pd.service ? [pd.service.name ?? pd.service.summary ?? pd.service.id] : [],
    customers: [],
    tags: [],
    roles: { smes: [], ...(assignee ? { commander: personName(assignee) } : {}) },
    declaredAt: iso(pd.created_at),
    summary: pd.description && pd.description !== title ? pd.description : '',
    // PagerDuty has no version; the last change time orders states the same way.
    version: Date.parse(pd.updated_at ?? pd.last_status_change_at ?? pd.created_at) || 1,
  };
  if (acknowledgedAt) incident.acknowledgedAt = iso(acknowledgedAt);
  if (pd.status === 'resolved') incident.resolvedAt = iso(pd.resolved_at ?? pd.last_status_change_at ?? pd.created_at);
  const htmlUrl = pd.html_url ?? (webBaseUrl ? `${webBaseUrl.replace(/\/+$/, '')}/incidents/${pd.id}` : undefined);
  if (htmlUrl) incident.htmlUrl = htmlUrl;
  return incident;
}

/**
 * Declared, acknowledgements, notes and resolution, oldest first. Each names who did
 * it as PagerDuty says: the log entry's `agent` (the user who triggered, acknowledged or
 * resolved it, or the service whose integration triggered it), the acknowledger, the
 * note's `user`; when PagerDuty names nobody, "PagerDuty".
 */
export function toTimeline(pd: PdIncident, notes: PdNote[], mapping: SeverityMapping, log: readonly PdLogEntry[] = []): TimelineEvent[] {
  const incidentId = pd.id;
  const agents = (type: string) => log.filter((entry) => entry.type === type && entry.agent).map((entry) => ({ at: entry.created_at ?? '', name: personName(entry.agent as PdReference) }));
  const trigger = agents('trigger_log_entry')[0]?.name;
  const resolver = agents('resolve_log_entry').at(-1)?.name;
  const acknowledgers = agents('acknowledge_log_entry');
  const annotators = agents('annotate_log_entry');
  const events: TimelineEvent[] = [
    {
      id: `${incidentId}-declared`,
      incidentId,
      type: 'declared',
      at: iso(pd.created_at),
      author: trigger ?? (pd.service ? personName(pd.service) : PAGERDUTY_AGENT),
      severity: severityOf(pd, mapping),
      title: pd.title ?? pd.summary ?? pd.id,
    },
  ];
  (pd.acknowledgements ?? []).forEach((ack, i) => {
    if (!ack.at) return;
    const author = ack.acknowledger ? personName(ack.acknowledger) : (sameMoment(acknowledgers, ack.at) ?? PAGERDUTY_AGENT);
    events.push({ id: `${incidentId}-ack-${i}`, incidentId, type: 'check_in', at: iso(ack.at), author });
  });
  for (const note of notes) events.push(toNoteEvent(incidentId, note, note?.user ? undefined : sameMoment(annotators, note?.created_at)));
  if (pd.status === 'resolved') {
    events.push({ id: `${incidentId}-resolved`, incidentId, type: 'resolved', at: iso(pd.resolved_at ?? pd.last_status_change_at ?? pd.created_at), author: resolver ?? PAGERDUTY_AGENT });
  }
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

/** The agent of the log entry made at the same moment as an event that names nobody itself. */
function sameMoment(entries: readonly { at: string; name: string }[], at: string | undefined): string | undefined {
  if (at === undefined) return undefined;
  const when = Date.parse(at);
  return entries.find((entry) => Date.parse(entry.at) === when)?.name;
}

export function toNoteEvent(incidentId: string, note: PdNote, logAgent?: string): TimelineEvent {
  if (typeof note?.id !== 'string' || typeof note.content !== 'string' || typeof note.created_at !== 'string') {
    throw new BackendError('bad_response', 'PagerDuty sent a note without id, content or created_at.');
  }
  checkId(note.id, 'a note');
  const base = { id: note.id, incidentId, at: iso(note.created_at), author: note.user ? personName(note.user) : (logAgent ?? PAGERDUTY_AGENT) };
  // Runbook steps travel as notes (PagerDuty has no other event to post); read them back as steps.
  const step = parseStepNote(note.content);
  return step ? { ...base, type: 'runbook_step', ...step } : { ...base, type: 'note', text: note.content };
}

/** A reference's summary is the user's (or service's) name; full objects also carry `name`. */
function personName(person: PdReference): string {
  return nonEmpty(person.summary) ?? nonEmpty(person.name) ?? nonEmpty(person.email) ?? nonEmpty(person.id) ?? PAGERDUTY_AGENT;
}

function nonEmpty(text: string | undefined): string | undefined {
  return typeof text === 'string' && text.trim() !== '' ? text : undefined;
}

function iso(time: string): string {
  const parsed = Date.parse(time);
  return Number.isNaN(parsed) ? time : new Date(parsed).toISOString();
}

function checkIncident(pd: PdIncident): void {
  if (typeof pd !== 'object' || pd === null || typeof pd.id !== 'string' || typeof pd.created_at !== 'string') {
    throw new BackendError('bad_response', 'PagerDuty sent an incident without id or created_at.');
  }
  checkId(pd.id, 'an incident');
  if (!['triggered', 'acknowledged', 'resolved'].includes(pd.status)) {
    throw new BackendError('bad_response', `PagerDuty sent an incident with an unknown status.`);
  }
}

/** The same bound on ids as for our own server's answers: ids become file names and terminal text. */
function checkId(id: string, what: string): void {
  if (id === '' || id.length > MAX_ID_LENGTH) {
    throw new BackendError('bad_response', `PagerDuty sent ${what} whose id is empty or longer than ${MAX_ID_LENGTH} characters (${id.length}).`);
  }
}

/** One alert of an incident, as `GET /incidents/{id}/alerts` lists it (the parts we read). */
export interface PdAlert {
  id?: string;
  alert_key?: string | null;
  status?: string;
  summary?: string;
  created_at?: string;
  html_url?: string;
  body?: { details?: unknown } | null;
}

/** PagerDuty may carry any number of details; a row shows the short ones. */
const MAX_ALERT_DETAILS = 20;
const MAX_DETAIL_TEXT = 200;

/**
 * A PagerDuty incident's alerts in the model every backend shares. PagerDuty's alert
 * is the monitor's event: `alert_key` (its dedup key) identifies it, `triggered` is
 * firing, the short scalar `body.details` are its labels (Alertmanager's PagerDuty
 * integration puts `alertname` there, which becomes the name), `summary` its summary,
 * its PagerDuty page the link to where it came from. An alert missing what a row needs
 * is left out rather than failing the incident: alerts are extra detail.
 */
export function toAlerts(alerts: readonly unknown[]): IncidentAlert[] {
  const mapped: IncidentAlert[] = [];
  for (const value of alerts) {
    if (typeof value !== 'object' || value === null) continue;
    const pd = value as PdAlert;
    const fingerprint = nonEmpty(typeof pd.alert_key === 'string' ? pd.alert_key : undefined) ?? nonEmpty(pd.id);
    if (fingerprint === undefined || fingerprint.length > MAX_ID_LENGTH || typeof pd.created_at !== 'string' || Number.isNaN(Date.parse(pd.created_at))) continue;
    if (pd.status !== 'triggered' && pd.status !== 'resolved') continue;
    const labels = scalarDetails(pd.body?.details);
    const summary = nonEmpty(pd.summary);
    const alert: IncidentAlert = {
      fingerprint,
      name: nonEmpty(labels.alertname) ?? summary ?? fingerprint,
      status: pd.status === 'triggered' ? 'firing' : 'resolved',
      labels,
      annotations: summary === undefined ? {} : { summary },
      startsAt: iso(pd.created_at),
    };
    if (typeof pd.html_url === 'string' && pd.html_url !== '') alert.generatorUrl = pd.html_url;
    const runbook = labels.runbook_url;
    if (runbook !== undefined) {
      alert.runbookUrl = runbook;
      delete labels.runbook_url;
    }
    mapped.push(alert);
  }
  return mapped;
}

/** The details that read as `name=value`: strings, numbers and booleans, short; nested objects stay in PagerDuty. */
function scalarDetails(details: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return labels;
  for (const [name, value] of Object.entries(details as Record<string, unknown>)) {
    if (Object.keys(labels).length >= MAX_ALERT_DETAILS) break;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const text = String(value);
    if (text.length > MAX_DETAIL_TEXT || name.length > MAX_DETAIL_TEXT) continue;
    // defineProperty: a detail named __proto__ stays a plain key.
    Object.defineProperty(labels, name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return labels;
}
