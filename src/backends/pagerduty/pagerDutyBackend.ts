import type {
  DeclareRequest,
  Incident,
  IncidentAlert,
  IncidentPatch,
  IncidentWithTimeline,
  NewEvent,
  TimelineEvent,
} from '../../core/incidents/model';
import {
  BackendError,
  RECENTLY_RESOLVED_LIMIT,
  type ConnectionStatus,
  type IncidentBackend,
  type IncidentChange,
  type Subscription,
  type WriteOptions,
} from '../backend';
import { sleep, type RetryPolicy } from '../http/backoff';
import { HttpClient } from '../http/httpClient';
import {
  DEFAULT_SEVERITY_MAPPING,
  toAlerts,
  toIncident,
  toNoteEvent,
  toTimeline,
  urgencyFor,
  type PdIncident,
  type PdLogEntry,
  type PdNote,
  type SeverityMapping,
} from './pagerDutyMapping';
import { formatStepNote } from './stepNote';

export interface PagerDutyBackendOptions {
  /** Default https://api.pagerduty.com (EU accounts: https://api.eu.pagerduty.com). */
  baseUrl?: string;
  /** A REST API key; sent as `Authorization: Token token=KEY`. */
  token: string;
  /** Email of a PagerDuty user; the `From` header every write needs. */
  from?: string;
  /** Only these services (also the service new incidents are declared on: the first one). */
  serviceIds?: string[];
  severityMapping?: Partial<SeverityMapping>;
  /** How often `subscribe` polls; default 30 s. */
  pollIntervalMs?: number;
  /** For incidents without `html_url`, e.g. https://acme.pagerduty.com. */
  webBaseUrl?: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Page size for listing, 1..100 (PagerDuty's maximum); default 100. */
  pageSize?: number;
  /** Told when a list stops short (PagerDuty's 10,000-record window). */
  onWarning?: (message: string) => void;
}

export const PAGERDUTY_API = 'https://api.pagerduty.com';
/** Window listing for insights fetches this many pages at once. */
const WINDOW_PAGES_AT_ONCE = 4;

/** PagerDuty refuses offset + limit beyond this: classic pagination only reaches the first 10,000 records. */
export const PAGERDUTY_OFFSET_CAP = 10_000;

/** As many alerts as our own server keeps on an incident. */
const MAX_PD_ALERTS = 200;
const PD_ALERT_PAGE = 100;

interface PdListPage {
  incidents: PdIncident[];
  more: boolean;
}

/**
 * IncidentBackend over PagerDuty's REST API v2. Reads are retried; acknowledging
 * and resolving (PUT, idempotent by nature) are retried; creating incidents and
 * notes (POST) never are, since PagerDuty takes no idempotency key for them.
 */
export class PagerDutyBackend implements IncidentBackend {
  readonly kind = 'pagerduty' as const;
  /** True when the last listActive stopped at PagerDuty's 10,000-record cap. */
  lastListTruncated = false;
  private readonly http: HttpClient;
  private readonly mapping: SeverityMapping;
  private readonly pageSize: number;

  constructor(private readonly options: PagerDutyBackendOptions) {
    this.mapping = {
      priorities: options.severityMapping?.priorities ?? DEFAULT_SEVERITY_MAPPING.priorities,
      urgencies: options.severityMapping?.urgencies ?? DEFAULT_SEVERITY_MAPPING.urgencies,
    };
    this.pageSize = Math.min(100, Math.max(1, options.pageSize ?? 100));
    this.http = new HttpClient({
      baseUrl: options.baseUrl ?? PAGERDUTY_API,
      headers: { authorization: `Token token=${options.token}`, accept: 'application/vnd.pagerduty+json;version=2' },
      secrets: [options.token],
      timeoutMs: options.timeoutMs,
      retry: options.retry,
    });
  }

  async listActive(signal?: AbortSignal): Promise<Incident[]> {
    const incidents: Incident[] = [];
    this.lastListTruncated = false;
    for (let offset = 0; ; offset += this.pageSize) {
      if (offset + this.pageSize > PAGERDUTY_OFFSET_CAP) {
        this.lastListTruncated = true;
        this.options.onWarning?.(
          `PagerDuty lists at most ${PAGERDUTY_OFFSET_CAP} incidents through offset paging; showing the first ${incidents.length}. Narrow the list with service ids.`,
        );
        break;
      }
      const page = await this.listPage(offset, { 'statuses[]': ['triggered', 'acknowledged'] }, signal);
      incidents.push(...page.incidents.map((pd) => toIncident(pd, this.mapping, this.options.webBaseUrl)));
      if (!page.more || page.incidents.length === 0) break;
    }
    return incidents;
  }

  /** Resolved incidents created since `since` (PagerDuty's date range is by creation), newest first. */
  async listRecentlyResolved(since: Date, signal?: AbortSignal): Promise<Incident[]> {
    const incidents: Incident[] = [];
    const filter = { 'statuses[]': ['resolved'], since: since.toISOString(), 'sort_by[]': ['created_at:desc'] };
    for (let offset = 0; incidents.length < RECENTLY_RESOLVED_LIMIT && offset + this.pageSize <= PAGERDUTY_OFFSET_CAP; offset += this.pageSize) {
      const page = await this.listPage(offset, filter, signal);
      incidents.push(...page.incidents.map((pd) => toIncident(pd, this.mapping, this.options.webBaseUrl)));
      if (!page.more || page.incidents.length === 0) break;
    }
    return incidents.slice(0, RECENTLY_RESOLVED_LIMIT);
  }

  /**
   * Incidents created in [since, until) in every status, with the timeline their list
   * entry carries (declared, acknowledgements as check-ins, resolved): enough for
   * insights without one request per incident. Stops at PagerDuty's 10,000-record window.
   */
  async listInWindow(window: { since: Date; until: Date }, signal?: AbortSignal): Promise<IncidentWithTimeline[]> {
    const out: IncidentWithTimeline[] = [];
    const until = window.until.getTime();
    const filter = { 'statuses[]': ['triggered', 'acknowledged', 'resolved'], since: window.since.toISOString(), until: window.until.toISOString(), 'sort_by[]': ['created_at:asc'] };
    this.lastListTruncated = false;
    // Pages a few at a time: a year of incidents is a hundred pages, and one after another
    // they cost seconds. Past the last page PagerDuty answers an empty page with more: false.
    const last = PAGERDUTY_OFFSET_CAP - this.pageSize;
    for (let offset = 0, more = true; more; offset += WINDOW_PAGES_AT_ONCE * this.pageSize) {
      const offsets = Array.from({ length: WINDOW_PAGES_AT_ONCE }, (_, i) => offset + i * this.pageSize).filter((o) => o <= last);
      const pages = await Promise.all(offsets.map((o) => this.listPage(o, filter, signal)));
      for (const page of pages) {
        for (const pd of page.incidents) {
          const incident = toIncident(pd, this.mapping, this.options.webBaseUrl);
          if (Date.parse(incident.declaredAt) < until) out.push({ ...incident, timeline: toTimeline(pd, [], this.mapping) });
        }
      }
      more = pages.length > 0 && pages.every((p) => p.more && p.incidents.length > 0);
      if (more && (offsets[offsets.length - 1] ?? last) >= last) {
        this.lastListTruncated = true;
        this.options.onWarning?.(`PagerDuty lists at most ${PAGERDUTY_OFFSET_CAP} incidents through offset paging; insights count the first ${out.length}. Use a shorter window.`);
        more = false;
      }
    }
    return out;
  }

  async get(id: string, signal?: AbortSignal): Promise<IncidentWithTimeline> {
    const path = `/incidents/${encodeURIComponent(id)}`;
    const [incidentResponse, notesResponse, log, alerts] = await Promise.all([
      this.http.request({ method: 'GET', path, query: { 'include[]': ['assignees', 'services'] }, signal }),
      this.http.request({ method: 'GET', path: `${path}/notes`, signal }),
      this.logEntries(path, signal),
      this.alerts(path, signal),
    ]);
    const pd = field<PdIncident>(incidentResponse.body, 'incident');
    const notes = field<PdNote[]>(notesResponse.body, 'notes');
    if (!Array.isArray(notes)) throw new BackendError('bad_response', `GET ${path}/notes did not return a note list.`);
    const incident = toIncident(pd, this.mapping, this.options.webBaseUrl);
    if (alerts.length > 0) {
      incident.alerts = alerts;
      // As on our server: alert names are tags, so a runbook naming the alert fits the incident.
      incident.tags = [...new Set([...incident.tags, ...alerts.map((alert) => alert.name)])];
    }
    return { ...incident, timeline: toTimeline(pd, notes, this.mapping, log) };
  }

  /**
   * The incident's alerts (`GET /incidents/{id}/alerts`, classic offset paging), at most
   * MAX_PD_ALERTS. Best effort like the log: a key that may not read alerts (403), an
   * account without them or a malformed page leaves the incident whole, without alerts.
   */
  private async alerts(path: string, signal?: AbortSignal): Promise<IncidentAlert[]> {
    const alerts: unknown[] = [];
    try {
      for (let offset = 0; offset < MAX_PD_ALERTS; offset += PD_ALERT_PAGE) {
        const { body } = await this.http.request({ method: 'GET', path: `${path}/alerts`, query: { limit: PD_ALERT_PAGE, offset }, signal });
        const page = body as { alerts?: unknown; more?: unknown } | undefined;
        if (!page || !Array.isArray(page.alerts)) return [];
        alerts.push(...page.alerts);
        if (page.more !== true || page.alerts.length === 0) break;
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      return [];
    }
    return toAlerts(alerts.slice(0, MAX_PD_ALERTS));
  }

  /**
   * Who triggered, acknowledged and resolved it (the entries' `agent`), for the timeline's
   * authors. Only the authors depend on it, so a log PagerDuty will not give (a key without
   * that permission, an old proxy) leaves the timeline whole, naming PagerDuty instead.
   * The first 100 entries: the trigger is first, and an incident rarely has more.
   */
  private async logEntries(path: string, signal?: AbortSignal): Promise<PdLogEntry[]> {
    try {
      const response = await this.http.request({ method: 'GET', path: `${path}/log_entries`, query: { limit: '100' }, signal });
      const entries = field<PdLogEntry[]>(response.body, 'log_entries');
      return Array.isArray(entries) ? entries.filter((entry) => typeof entry === 'object' && entry !== null) : [];
    } catch (error) {
      if (signal?.aborted) throw error;
      return [];
    }
  }

  async declare(request: DeclareRequest, options: WriteOptions = {}): Promise<Incident> {
    const serviceId = this.options.serviceIds?.[0];
    if (!serviceId) {
      throw new BackendError('invalid_request', 'Declaring on PagerDuty needs a service id (set the PagerDuty service ids option).');
    }
    const incident: Record<string, unknown> = {
      type: 'incident',
      title: request.title,
      service: { id: serviceId, type: 'service_reference' },
      urgency: urgencyFor(request.severity, this.mapping),
    };
    if (request.summary) incident.body = { type: 'incident_body', details: request.summary };
    // PagerDuty refuses a second open incident with the same key on a service: a duplicate guard, not a replay.
    if (options.idempotencyKey) incident.incident_key = options.idempotencyKey;
    const { body } = await this.http.request({
      method: 'POST',
      path: '/incidents',
      body: { incident },
      headers: { from: this.from(options) },
      retryable: false,
      signal: options.signal,
    });
    return toIncident(field<PdIncident>(body, 'incident'), this.mapping, this.options.webBaseUrl);
  }

  async update(id: string, patch: IncidentPatch, options: WriteOptions & { expectedVersion?: number } = {}): Promise<Incident> {
    if (patch.roles !== undefined || patch.summary !== undefined) {
      throw new BackendError('invalid_request', 'PagerDuty incidents have no Incident Desk roles or summary; change them in PagerDuty.');
    }
    const from = this.from(options);
    if (options.expectedVersion !== undefined) {
      // PagerDuty has no conditional update; compare first. Best effort: a change in between still wins.
      const current = await this.get(id, options.signal);
      if (current.version !== options.expectedVersion) {
        throw new BackendError('conflict', `${id} changed in PagerDuty since it was loaded; reload it and try again.`, 412);
      }
    }
    const incident: Record<string, unknown> = { type: 'incident_reference' };
    if (patch.status === 'resolved') incident.status = 'resolved';
    else if (patch.status === 'identified' || patch.status === 'monitoring') incident.status = 'acknowledged';
    if (patch.title !== undefined) incident.title = patch.title;
    if (patch.severity !== undefined) incident.urgency = urgencyFor(patch.severity, this.mapping);
    const { body } = await this.http.request({
      method: 'PUT',
      path: `/incidents/${encodeURIComponent(id)}`,
      body: { incident },
      headers: { from },
      // Setting a status or title twice leaves the same incident, so a retry is harmless.
      retryable: true,
      signal: options.signal,
    });
    return toIncident(field<PdIncident>(body, 'incident'), this.mapping, this.options.webBaseUrl);
  }

  async addEvent(id: string, event: NewEvent, options: WriteOptions = {}): Promise<TimelineEvent> {
    const from = this.from(options);
    if (event.type === 'check_in') {
      const updated = await this.update(id, { status: 'identified' }, { ...options, author: from });
      return { id: `${id}-ack-${Date.now()}`, incidentId: id, type: 'check_in', at: updated.acknowledgedAt ?? new Date().toISOString(), author: event.author };
    }
    const { body } = await this.http.request({
      method: 'POST',
      path: `/incidents/${encodeURIComponent(id)}/notes`,
      body: { note: { content: noteText(event) } },
      headers: { from },
      retryable: false,
      signal: options.signal,
    });
    const note = toNoteEvent(id, field<PdNote>(body, 'note'));
    // Give back the event that was asked for, located where PagerDuty stored it.
    return { ...event, id: note.id, incidentId: id, at: note.at } as TimelineEvent;
  }

  subscribe(listener: (change: IncidentChange) => void, onStatus?: (status: ConnectionStatus) => void): Subscription {
    const stop = new AbortController();
    const interval = this.options.pollIntervalMs ?? 30_000;
    void (async () => {
      let known: Map<string, string> | undefined;
      let failures = 0;
      while (!stop.signal.aborted) {
        try {
          const incidents = await this.listActive(stop.signal);
          const seen = new Map(incidents.map((incident) => [incident.id, JSON.stringify(incident)]));
          if (known) {
            for (const incident of incidents) {
              if (known.get(incident.id) !== seen.get(incident.id)) listener({ incidentId: incident.id, incident });
            }
            for (const id of known.keys()) {
              if (!seen.has(id)) listener(await this.vanished(id, stop.signal));
            }
          }
          if (failures > 0 || !known) onStatus?.({ state: 'connected' });
          known = seen;
          failures = 0;
        } catch (error) {
          if (stop.signal.aborted) break;
          failures++;
          onStatus?.({ state: 'reconnecting', attempt: failures, error: error instanceof Error ? error.message : String(error) });
        }
        try {
          await sleep(interval, stop.signal);
        } catch {
          break;
        }
      }
    })();
    return { dispose: () => stop.abort() };
  }

  /** An incident that left the active list was (almost always) resolved; report how it is now. */
  private async vanished(id: string, signal: AbortSignal): Promise<IncidentChange> {
    try {
      const { timeline: _timeline, ...incident } = await this.get(id, signal);
      return { incidentId: id, incident };
    } catch {
      return { incidentId: id };
    }
  }

  private async listPage(offset: number, filter: PdListFilter, signal: AbortSignal | undefined): Promise<PdListPage> {
    const { body } = await this.http.request({
      method: 'GET',
      path: '/incidents',
      query: {
        ...filter,
        'include[]': ['assignees', 'services'],
        'service_ids[]': this.options.serviceIds,
        limit: this.pageSize,
        offset,
      },
      signal,
    });
    const page = body as Partial<PdListPage> | undefined;
    if (!page || !Array.isArray(page.incidents) || typeof page.more !== 'boolean') {
      throw new BackendError('bad_response', 'PagerDuty GET /incidents did not return { incidents, more }.');
    }
    return { incidents: page.incidents, more: page.more };
  }

  /** PagerDuty wants a user's email in `From`; the author counts when it is one. */
  private from(options: WriteOptions): string {
    const from = options.author?.includes('@') ? options.author : this.options.from;
    if (!from) throw new BackendError('invalid_request', 'PagerDuty writes need the email of a PagerDuty user: set PAGERDUTY_FROM.');
    return from;
  }
}

/** The parts of a PagerDuty incident list query that differ between the active and the resolved list. */
type PdListFilter = { 'statuses[]': string[]; since?: string; until?: string; 'sort_by[]'?: string[] };

function field<T>(body: unknown, name: string): T {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (value === undefined || value === null) throw new BackendError('bad_response', `PagerDuty's answer has no '${name}'.`);
  return value as T;
}

/** PagerDuty notes are plain text, so structured events are written out readably. */
export function noteText(event: Exclude<NewEvent, { type: 'check_in' }>): string {
  switch (event.type) {
    case 'note':
      return event.text;
    case 'status_update':
      return `[Status update · ${event.audience}]\nConditions: ${event.conditions}\nActions: ${event.actions}\nNeeds: ${event.needs}`;
    case 'runbook_step':
      return formatStepNote(event);
  }
}
