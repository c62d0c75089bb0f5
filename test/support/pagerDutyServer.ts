import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A local HTTP server that answers like PagerDuty's REST API v2 for the endpoints
 * Incident Desk uses: incidents (list with classic offset paging, get, create,
 * update), incident notes, log entries and alerts. Response shapes follow PagerDuty's documentation:
 * `{ incidents, limit, offset, more, total }`, `{ incident }`, `{ notes }`, `{ log_entries }`,
 * `{ note }`, and errors as `{ error: { message, code, errors } }`.
 *
 * Faults are scripted with `failNext`, and every request is recorded, so tests
 * can assert what was (not) retried.
 */

export interface PdIncidentRecord {
  id: string;
  type: 'incident';
  incident_number: number;
  title: string;
  summary: string;
  description: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
  priority: { id: string; type: 'priority'; summary: string; name: string } | null;
  service: { id: string; type: string; summary: string; name?: string; html_url: string };
  assignments: { at: string; assignee: { id: string; type: string; summary: string; name?: string; email?: string } }[];
  acknowledgements: { at: string; acknowledger: { id: string; type: string; summary: string } }[];
  created_at: string;
  updated_at: string;
  last_status_change_at: string;
  resolved_at: string | null;
  html_url: string;
  incident_key: string | null;
}

export interface PdNoteRecord {
  id: string;
  content: string;
  created_at: string;
  user: { id: string; type: 'user_reference'; summary: string };
  channel: { summary: string };
}

/** Who did what, as PagerDuty's log entries say: a user (by the From email here) or the service that triggered. */
export interface PdLogEntryRecord {
  id: string;
  type: 'trigger_log_entry' | 'acknowledge_log_entry' | 'resolve_log_entry' | 'annotate_log_entry';
  created_at: string;
  agent: { id: string; type: 'user_reference' | 'service_reference'; summary: string };
}

/** An alert of an incident, as `GET /incidents/{id}/alerts` lists it (PagerDuty's alert object, the usual fields). */
export interface PdAlertRecord {
  id: string;
  type: 'alert';
  summary: string;
  self: string;
  html_url: string;
  created_at: string;
  status: 'triggered' | 'resolved';
  alert_key: string;
  suppressed: boolean;
  severity: 'critical' | 'error' | 'warning' | 'info';
  service: { id: string; type: 'service_reference'; summary: string };
  incident: { id: string; type: 'incident_reference' };
  body: { type: 'alert_body'; contexts: { type: string; href?: string; text?: string }[]; details: Record<string, unknown> };
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  /** A raw body; sent as is. */
  body?: string;
  /** Hold the response this long before answering (for timeouts); the socket is dropped on close. */
  delayMs?: number;
  /** Which requests the fault applies to; all when omitted. */
  match?: (request: RecordedRequest) => boolean;
}

export const PD_TOKEN = 'pd-test-token-7d1f0c';
export const PD_MAX_LIMIT = 100;
export const PD_OFFSET_CAP = 10_000;

const SUBDOMAIN = 'https://acme.pagerduty.com';

export class PagerDutyTestServer {
  readonly requests: RecordedRequest[] = [];
  readonly incidents: PdIncidentRecord[] = [];
  readonly notes = new Map<string, PdNoteRecord[]>();
  readonly logEntries = new Map<string, PdLogEntryRecord[]>();
  readonly alerts = new Map<string, PdAlertRecord[]>();
  private readonly faults: ScriptedResponse[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private nextNumber = 1;
  url = '';

  private constructor() {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => this.handle(request, Buffer.concat(chunks).toString('utf8'), response));
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(): Promise<PagerDutyTestServer> {
    const server = new PagerDutyTestServer();
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    server.url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    return server;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next `count` matching requests get this response instead of a real one. */
  failNext(count: number, response: ScriptedResponse): void {
    for (let i = 0; i < count; i++) this.faults.push(response);
  }

  requestsTo(method: string, path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  addIncident(fields: Partial<PdIncidentRecord> = {}): PdIncidentRecord {
    const number = this.nextNumber++;
    const id = fields.id ?? `P${String(number).padStart(6, '0')}`;
    const created = fields.created_at ?? new Date(Date.UTC(2026, 10, 1, 9, 0, 0) + number * 1000).toISOString().replace('.000Z', 'Z');
    const title = fields.title ?? `Incident ${number}`;
    const incident: PdIncidentRecord = {
      id,
      type: 'incident',
      incident_number: number,
      title,
      summary: `[#${number}] ${title}`,
      description: title,
      status: 'triggered',
      urgency: 'high',
      priority: null,
      service: { id: 'PSVC001', type: 'service', summary: 'checkout-api', name: 'checkout-api', html_url: `${SUBDOMAIN}/services/PSVC001` },
      assignments: [{ at: created, assignee: { id: 'PUSER01', type: 'user', summary: 'Maya Chen', name: 'Maya Chen', email: 'maya@example.com' } }],
      acknowledgements: [],
      created_at: created,
      updated_at: created,
      last_status_change_at: created,
      resolved_at: null,
      html_url: `${SUBDOMAIN}/incidents/${id}`,
      incident_key: null,
      ...fields,
    };
    this.incidents.push(incident);
    // Triggered by its service's integration unless a user created it (see create).
    this.log(incident.id, 'trigger_log_entry', created, { id: incident.service.id, type: 'service_reference', summary: incident.service.summary });
    return incident;
  }

  private log(incidentId: string, type: PdLogEntryRecord['type'], at: string, agent: PdLogEntryRecord['agent']): void {
    const entries = this.logEntries.get(incidentId) ?? [];
    entries.push({ id: `PLOG${String(entries.length + 1).padStart(3, '0')}${incidentId}`, type, created_at: at, agent });
    this.logEntries.set(incidentId, entries);
  }

  private static user(from: unknown): PdLogEntryRecord['agent'] {
    return { id: 'PUSER02', type: 'user_reference', summary: String(from) };
  }

  /** An alert on an incident (as the Events API would have grouped it there). */
  addAlert(incidentId: string, fields: Partial<PdAlertRecord> = {}): PdAlertRecord {
    const alerts = this.alerts.get(incidentId) ?? [];
    const id = fields.id ?? `PALRT${String(alerts.length + 1).padStart(3, '0')}${incidentId}`;
    const alert: PdAlertRecord = {
      id,
      type: 'alert',
      summary: `Alert ${alerts.length + 1}`,
      self: `https://api.pagerduty.com/alerts/${id}`,
      html_url: `${SUBDOMAIN}/alerts/${id}`,
      created_at: new Date(Date.UTC(2026, 10, 1, 9, 0, 0) + alerts.length * 1000).toISOString().replace('.000Z', 'Z'),
      status: 'triggered',
      alert_key: `key-${alerts.length + 1}`,
      suppressed: false,
      severity: 'error',
      service: { id: 'PSVC001', type: 'service_reference', summary: 'checkout-api' },
      incident: { id: incidentId, type: 'incident_reference' },
      body: { type: 'alert_body', contexts: [], details: {} },
      ...fields,
    };
    alerts.push(alert);
    this.alerts.set(incidentId, alerts);
    return alert;
  }

  /** Many incidents at once (for paging and the 10,000 cap). */
  addIncidents(count: number): void {
    for (let i = 0; i < count; i++) this.addIncident();
  }

  private handle(request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const recorded: RecordedRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: request.headers, body };
    this.requests.push(recorded);

    const faultIndex = this.faults.findIndex((f) => !f.match || f.match(recorded));
    if (faultIndex !== -1) {
      const [fault] = this.faults.splice(faultIndex, 1);
      if (fault) {
        const send = (): void => {
          response.writeHead(fault.status, fault.headers ?? {});
          response.end(fault.body ?? '');
        };
        if (fault.delayMs) setTimeout(send, fault.delayMs).unref();
        else send();
        return;
      }
    }

    if (request.headers.authorization !== `Token token=${PD_TOKEN}`) {
      return json(response, 401, { error: { message: 'Unauthorized', code: 2006 } });
    }
    if (request.headers.accept !== 'application/vnd.pagerduty+json;version=2') {
      return json(response, 400, { error: { message: 'Invalid Accept header', code: 2001 } });
    }

    // Path segments arrive percent-encoded; PagerDuty matches the decoded id.
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'incidents') return json(response, 404, { error: { message: 'Not Found', code: 2100 } });
    const id = parts[1];
    if (id === undefined && request.method === 'GET') return this.list(url.searchParams, response);
    if (id === undefined && request.method === 'POST') return this.create(request, body, response);
    const incident = this.incidents.find((i) => i.id === id);
    if (!incident) return json(response, 404, { error: { message: 'Incident Not Found', code: 5001 } });
    if (parts[2] === 'log_entries' && request.method === 'GET') {
      return json(response, 200, { log_entries: this.logEntries.get(incident.id) ?? [], limit: 100, offset: 0, more: false, total: null });
    }
    if (parts[2] === 'alerts' && parts.length === 3 && request.method === 'GET') {
      const all = this.alerts.get(incident.id) ?? [];
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), PD_MAX_LIMIT);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return json(response, 200, { alerts: all.slice(offset, offset + limit), limit, offset, more: offset + limit < all.length, total: null });
    }
    if (parts[2] === 'notes') {
      if (request.method === 'GET') return json(response, 200, { notes: this.notes.get(incident.id) ?? [] });
      if (request.method === 'POST') return this.addNote(incident, request, body, response);
    }
    if (parts.length === 2 && request.method === 'GET') return json(response, 200, { incident });
    if (parts.length === 2 && request.method === 'PUT') return this.update(incident, request, body, response);
    return json(response, 404, { error: { message: 'Not Found', code: 2100 } });
  }

  private list(query: URLSearchParams, response: http.ServerResponse): void {
    const limit = Math.min(Number(query.get('limit') ?? 25), PD_MAX_LIMIT);
    const offset = Number(query.get('offset') ?? 0);
    if (offset + limit > PD_OFFSET_CAP) {
      return json(response, 400, {
        error: { message: 'Invalid Input Provided', code: 2001, errors: [`Offset must be less than ${PD_OFFSET_CAP - limit + 1}.`] },
      });
    }
    const statuses = query.getAll('statuses[]');
    const services = query.getAll('service_ids[]');
    // PagerDuty's date range is over creation time.
    const since = query.get('since');
    const matching = this.incidents.filter(
      (i) =>
        (statuses.length === 0 || statuses.includes(i.status)) &&
        (services.length === 0 || services.includes(i.service.id)) &&
        (since === null || Date.parse(i.created_at) >= Date.parse(since)),
    );
    const page = matching.slice(offset, offset + limit);
    json(response, 200, { incidents: page, limit, offset, more: offset + limit < matching.length, total: null });
  }

  private create(request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    if (!request.headers.from) return json(response, 400, { error: { message: 'Invalid Input Provided', code: 2001, errors: ['From header is required'] } });
    const input = parse(body)?.incident as { title?: string; urgency?: 'high' | 'low'; incident_key?: string; service?: { id: string } } | undefined;
    if (!input?.title || !input.service?.id) return json(response, 400, { error: { message: 'Invalid Input Provided', code: 2001, errors: ['title and service are required'] } });
    if (input.incident_key && this.incidents.some((i) => i.incident_key === input.incident_key && i.status !== 'resolved')) {
      return json(response, 400, { error: { message: 'Open incident with matching dedup key already exists on this service', code: 2001 } });
    }
    const incident = this.addIncident({ title: input.title, urgency: input.urgency ?? 'high', incident_key: input.incident_key ?? null });
    // Created through the API: the user in From triggered it, not the service.
    const entries = this.logEntries.get(incident.id) ?? [];
    const trigger = entries.find((entry) => entry.type === 'trigger_log_entry');
    if (trigger) trigger.agent = PagerDutyTestServer.user(request.headers.from);
    json(response, 201, { incident });
  }

  private update(incident: PdIncidentRecord, request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    if (!request.headers.from) return json(response, 400, { error: { message: 'Invalid Input Provided', code: 2001, errors: ['From header is required'] } });
    const input = parse(body)?.incident as { status?: PdIncidentRecord['status']; title?: string; urgency?: 'high' | 'low' } | undefined;
    if (!input) return json(response, 400, { error: { message: 'Invalid Input Provided', code: 2001 } });
    const now = new Date().toISOString();
    if (input.status && input.status !== incident.status) {
      incident.status = input.status;
      incident.last_status_change_at = now;
      if (input.status === 'acknowledged') {
        incident.acknowledgements.push({ at: now, acknowledger: { id: 'PUSER02', type: 'user_reference', summary: String(request.headers.from) } });
        this.log(incident.id, 'acknowledge_log_entry', now, PagerDutyTestServer.user(request.headers.from));
      }
      if (input.status === 'resolved') {
        incident.resolved_at = now;
        this.log(incident.id, 'resolve_log_entry', now, PagerDutyTestServer.user(request.headers.from));
      }
    }
    if (input.title) incident.title = input.title;
    if (input.urgency) incident.urgency = input.urgency;
    incident.updated_at = now;
    json(response, 200, { incident });
  }

  private addNote(incident: PdIncidentRecord, request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    if (!request.headers.from) return json(response, 400, { error: { message: 'Invalid Input Provided', code: 2001, errors: ['From header is required'] } });
    const content = (parse(body)?.note as { content?: string } | undefined)?.content;
    if (!content) return json(response, 400, { error: { message: 'Invalid Input Provided', code: 2001 } });
    const notes = this.notes.get(incident.id) ?? [];
    const note: PdNoteRecord = {
      id: `PNOTE${String(notes.length + 1).padStart(3, '0')}${incident.id}`,
      content,
      created_at: new Date().toISOString(),
      user: { id: 'PUSER02', type: 'user_reference', summary: String(request.headers.from) },
      channel: { summary: 'The PagerDuty REST API' },
    };
    notes.push(note);
    this.notes.set(incident.id, notes);
    this.log(incident.id, 'annotate_log_entry', note.created_at, PagerDutyTestServer.user(request.headers.from));
    json(response, 201, { note });
  }
}

function json(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
