import { AUDIENCES, EVENT_TYPES, INCIDENT_STATUSES } from '../core/incidents/model';
import { alertEventFields, alertIncidentProperties, alertReceiverPaths, alertSchemas } from './integrations/webhookSchemas';
import { TOKEN_SCOPES } from './store/store';

/**
 * The Incident Desk API contract (OpenAPI 3.1). The server takes its request
 * validation from this object (see routeSchemas.ts), so the document and the
 * behaviour cannot drift; a unit test checks that every route is documented and
 * every documented operation is served.
 *
 * Schemas stay within what both JSON Schema 2020-12 (OpenAPI 3.1) and the
 * validator understand: no `example`, no `nullable`; `discriminator` only with
 * `propertyName`, each branch pinning `type` with `const`.
 */

export type JsonSchema = { [keyword: string]: unknown };

/**
 * The contract's version, reported by /v1/health as `apiVersion`. Minor versions
 * add (1.1: health reports versions, /v1/ready, /metrics, 503 store_busy, the stream's
 * reset event; 1.2: alert receivers, incidents' alerts and alert events; 1.3: publicTitle, delivery events, deliveries, route preview, the status page); clients compare it with the version they need.
 */
export const API_VERSION = '1.3.0';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

const person: JsonSchema = { type: 'string', minLength: 1, maxLength: 200, description: 'A person or bot, e.g. a handle or an email address.' };
const shortText = (maxLength: number): JsonSchema => ({ type: 'string', maxLength });
const stringList: JsonSchema = { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 200 } };
const isoTime: JsonSchema = { type: 'string', format: 'date-time' };

const rolesProperties: Record<string, JsonSchema> = {
  commander: person,
  communications: person,
  technical: person,
  scribe: person,
  smes: { type: 'array', maxItems: 50, items: person },
};

const incidentProperties: Record<string, JsonSchema> = {
  id: { type: 'string', pattern: '^INC-[1-9][0-9]*$' },
  title: { type: 'string', minLength: 1, maxLength: 300 },
  severity: ref('Severity'),
  status: ref('IncidentStatus'),
  services: stringList,
  customers: stringList,
  tags: stringList,
  roles: ref('Roles'),
  declaredAt: isoTime,
  acknowledgedAt: { ...isoTime, description: 'Time of the first check-in (time to action is measured to it).' },
  resolvedAt: isoTime,
  summary: shortText(20000),
  version: { type: 'integer', minimum: 1, description: 'Incremented whenever an incident field changes; send it back in If-Match.' },
  htmlUrl: { type: 'string' },
  publicTitle: { type: 'string', minLength: 1, maxLength: 300, description: 'The title on the public status page (without one: "Service disruption" and the severity).' },
  ...alertIncidentProperties,
};
const incidentRequired = ['id', 'title', 'severity', 'status', 'services', 'customers', 'tags', 'roles', 'declaredAt', 'summary', 'version'];

const onBehalfOf: JsonSchema = {
  ...person,
  description: 'Only for integration tokens (alert receivers, bots): the person they act for; recorded on the events the write causes.',
};
const requestAuthor: JsonSchema = {
  ...person,
  description: "Optional. The server records the token's name as the author; a different name here is refused with 400 author_mismatch.",
};

const eventBase: Record<string, JsonSchema> = {
  id: { type: 'string' },
  incidentId: { type: 'string' },
  at: isoTime,
  author: { ...person, description: 'The name of the token that made the change.' },
  onBehalfOf: { ...person, description: 'Whom an integration token acted for.' },
};

/** Fields a client sends for each event type it may append. */
const newEventFields: Record<string, { properties: Record<string, JsonSchema>; required: string[] }> = {
  check_in: { properties: {}, required: [] },
  note: { properties: { text: { type: 'string', minLength: 1, maxLength: 20000 } }, required: ['text'] },
  status_update: {
    properties: {
      audience: { enum: [...AUDIENCES] },
      conditions: { ...shortText(10000), description: 'CAN: what is happening now.' },
      actions: { ...shortText(10000), description: 'CAN: what responders are doing.' },
      needs: { ...shortText(10000), description: 'CAN: what the responders need.' },
    },
    required: ['audience', 'conditions', 'actions', 'needs'],
  },
  runbook_step: {
    properties: {
      runId: { type: 'string', minLength: 1, maxLength: 100, description: 'Shared with the local execution record of the same run.' },
      runbook: { type: 'string', minLength: 1, maxLength: 500 },
      step: { type: 'string', minLength: 1, maxLength: 300 },
      exitCode: { type: ['integer', 'null'], description: 'null when the exit code could not be observed.' },
      durationMs: { type: 'integer', minimum: 0 },
      command: shortText(20000),
    },
    required: ['runbook', 'step', 'exitCode', 'durationMs', 'command'],
  },
};

/** Fields only the server produces. */
const serverEventFields: Record<string, { properties: Record<string, JsonSchema>; required: string[] }> = {
  declared: { properties: { severity: ref('Severity'), title: { type: 'string' } }, required: ['severity', 'title'] },
  severity_changed: { properties: { from: ref('Severity'), to: ref('Severity') }, required: ['from', 'to'] },
  status_changed: { properties: { from: ref('IncidentStatus'), to: ref('IncidentStatus') }, required: ['from', 'to'] },
  role_assigned: {
    properties: { role: { enum: ['commander', 'communications', 'technical', 'scribe', 'sme'] }, assignee: person },
    required: ['role', 'assignee'],
  },
  resolved: { properties: {}, required: [] },
  delivery: {
    properties: {
      channel: { type: 'string' },
      label: { type: 'string' },
      outcome: { enum: ['delivered', 'dead_letter'] },
      forEvent: { type: 'string' },
      detail: { type: 'string' },
    },
    required: ['channel', 'label', 'outcome', 'forEvent', 'detail'],
  },
  ...alertEventFields,
};

function newEventSchema(type: string): JsonSchema {
  const fields = newEventFields[type]!;
  return {
    type: 'object',
    additionalProperties: false,
    required: ['type', ...fields.required],
    properties: { type: { const: type }, author: requestAuthor, onBehalfOf, ...fields.properties },
  };
}

function timelineEventSchema(type: string): JsonSchema {
  const fields = newEventFields[type] ?? serverEventFields[type]!;
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'incidentId', 'type', 'at', 'author', ...fields.required],
    properties: { ...eventBase, type: { const: type }, ...fields.properties },
  };
}

const errorResponse = (description: string): JsonSchema => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

const commonErrors = {
  '400': errorResponse('Malformed JSON, unknown fields, wrong types or values out of range.'),
  '401': errorResponse('Missing, unknown or revoked bearer token.'),
};
const writeErrors = {
  ...commonErrors,
  '400': errorResponse(
    "Malformed JSON, unknown fields, wrong types or values out of range; author_mismatch when a body author is not the token's name.",
  ),
  '403': errorResponse('A viewer token (reads only), or onBehalfOf from a token that is not an integration token.'),
  '413': errorResponse('Request body larger than 64 KiB.'),
  '415': errorResponse('Request body is not application/json.'),
  '422': errorResponse('The Idempotency-Key was already used for a different request.'),
  '503': {
    ...errorResponse(
      'The store was busy (another writer held the database lock) and nothing was written; code store_busy. ' +
        'Send the same request again (with the same Idempotency-Key) after Retry-After seconds.',
    ),
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } },
  },
};

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', maxLength: 40 }, description: 'INC-<n>' };
const idempotencyKeyParameter = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 200 },
  description: 'Repeating a write with the same key returns the first response and writes nothing new.',
};
const pageLimitParameter = {
  name: 'limit',
  in: 'query',
  required: false,
  schema: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
  description: 'Items per page, 1–1000.',
};
const etagHeader = { ETag: { description: 'The incident version, quoted.', schema: { type: 'string' } } };

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Incident Desk API',
    version: API_VERSION,
    description:
      'Incidents, their append-only timelines and a live change stream. All times are ISO 8601 UTC. ' +
      'Every 4xx/5xx response has the body {"error":{"code":"...","message":"..."}}, including those the server gives ' +
      'before routing: 431 headers_too_large (request headers over 16 KiB), 400 invalid_request (a path whose ' +
      'percent-encoding does not decode), 400 bad_request (unreadable HTTP).',
  },
  servers: [{ url: 'http://127.0.0.1:8787' }],
  security: [{ bearer: [] }],
  paths: {
    '/v1/health': {
      get: {
        operationId: 'health',
        summary: 'Liveness, the server release and the API version; needs no token. Answers even while the store is busy.',
        security: [],
        responses: { '200': { description: 'The server is up.', content: { 'application/json': { schema: ref('Health') } } } },
      },
    },
    '/v1/ready': {
      get: {
        operationId: 'ready',
        summary: 'Readiness: the store answers a read within a second; needs no token. For load balancers.',
        security: [],
        responses: {
          '200': { description: 'Ready to serve.', content: { 'application/json': { schema: ref('Ready') } } },
          '503': errorResponse('The store does not answer (code not_ready); take this instance out of rotation.'),
        },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        summary:
          'Prometheus metrics in the text exposition format; needs no token. Request latency by route, store call latency ' +
          'by operation, store calls pending per connection, open stream subscribers.',
        security: [],
        responses: {
          '200': { description: 'The exposition text.', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
    '/v1/openapi.json': {
      get: {
        operationId: 'openapi',
        summary: 'This document; needs no token.',
        security: [],
        responses: { '200': { description: 'The OpenAPI document.', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    '/v1/incidents': {
      get: {
        operationId: 'listIncidents',
        summary: 'One page of incidents (active ones by default), newest declared first, then highest number first.',
        description:
          'Follow nextCursor until it is null to read them all. Paging is by key, not offset: incidents declared while a ' +
          'client pages never shift a page, and no incident appears on two pages.',
        parameters: [
          { name: 'status', in: 'query', required: false, schema: { enum: ['active', 'resolved', 'all'], default: 'active' } },
          {
            name: 'since',
            in: 'query',
            required: false,
            schema: isoTime,
            description: 'Only incidents declared at or after this time; with status=resolved, resolved at or after it.',
          },
          pageLimitParameter,
          {
            name: 'cursor',
            in: 'query',
            required: false,
            schema: { type: 'string', minLength: 1, maxLength: 200 },
            description: 'nextCursor from the previous page, unchanged; the other parameters must stay the same.',
          },
        ],
        responses: {
          '200': { description: 'The incidents.', content: { 'application/json': { schema: ref('IncidentList') } } },
          ...commonErrors,
        },
      },
      post: {
        operationId: 'declareIncident',
        summary: 'Declare an incident.',
        parameters: [idempotencyKeyParameter],
        requestBody: { required: true, content: { 'application/json': { schema: ref('DeclareRequest') } } },
        responses: {
          '201': {
            description: 'Declared.',
            headers: { ...etagHeader, Location: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: ref('Incident') } },
          },
          ...writeErrors,
        },
      },
    },
    '/v1/incidents/{id}': {
      get: {
        operationId: 'getIncident',
        summary: 'One incident with its timeline, oldest event first.',
        parameters: [idParameter],
        responses: {
          '200': {
            description: 'The incident.',
            headers: etagHeader,
            content: { 'application/json': { schema: ref('IncidentWithTimeline') } },
          },
          ...commonErrors,
          '404': errorResponse('No such incident.'),
        },
      },
      patch: {
        operationId: 'updateIncident',
        summary: 'Change severity, status, roles, title or summary; each severity, status and role change is added to the timeline.',
        parameters: [
          idParameter,
          {
            name: 'If-Match',
            in: 'header',
            required: false,
            schema: { type: 'string', maxLength: 100 },
            description: 'The version the change is based on ("3", 3 or *). Without it the last write wins.',
          },
          idempotencyKeyParameter,
        ],
        requestBody: { required: true, content: { 'application/json': { schema: ref('IncidentPatch') } } },
        responses: {
          '200': { description: 'The incident after the change.', headers: etagHeader, content: { 'application/json': { schema: ref('Incident') } } },
          ...writeErrors,
          '404': errorResponse('No such incident.'),
          '412': errorResponse('If-Match names a version that is no longer current.'),
        },
      },
    },
    '/v1/incidents/{id}/events': {
      post: {
        operationId: 'addEvent',
        summary: 'Append a check-in, note, status update or runbook step to the timeline. The first check-in sets acknowledgedAt.',
        parameters: [idParameter, idempotencyKeyParameter],
        requestBody: { required: true, content: { 'application/json': { schema: ref('NewEvent') } } },
        responses: {
          '201': { description: 'The appended event.', content: { 'application/json': { schema: ref('TimelineEvent') } } },
          ...writeErrors,
          '404': errorResponse('No such incident.'),
        },
      },
    },
    ...alertReceiverPaths(errorResponse),
    '/v1/incidents/{id}/deliveries': {
      get: {
        operationId: 'listDeliveries',
        summary: 'The incident\'s stakeholder deliveries: one per (event, channel), pending, delivered or dead (a dead letter).',
        parameters: [idParameter],
        responses: {
          '200': { description: 'The deliveries, oldest event first.', content: { 'application/json': { schema: ref('DeliveryList') } } },
          ...commonErrors,
          '404': errorResponse('No such incident.'),
        },
      },
    },
    '/v1/incidents/{id}/deliveries/{deliveryId}/retry': {
      post: {
        operationId: 'retryDelivery',
        summary: 'Sends a dead letter again, with a fresh count of attempts.',
        parameters: [idParameter, { name: 'deliveryId', in: 'path', required: true, schema: { type: 'string', maxLength: 200 }, description: '<event id>.<channel>' }],
        responses: {
          '202': { description: 'Pending again; the incident\'s deliveries.', content: { 'application/json': { schema: ref('DeliveryList') } } },
          ...writeErrors,
          '404': errorResponse('No such incident or delivery.'),
          '409': errorResponse('The delivery is not a dead letter (code not_dead_letter).'),
        },
      },
    },
    '/v1/incidents/{id}/routes': {
      get: {
        operationId: 'previewRoutes',
        summary: 'The channels a status update for this audience would reach now (the server\'s notify: routes at the incident\'s severity).',
        parameters: [idParameter, { name: 'audience', in: 'query', required: true, schema: { enum: [...AUDIENCES] } }],
        responses: {
          '200': { description: 'The channels, in the config file\'s order.', content: { 'application/json': { schema: ref('RoutePreview') } } },
          ...commonErrors,
          '404': errorResponse('No such incident.'),
        },
      },
    },
    '/status': {
      get: {
        operationId: 'statusPage',
        summary:
          'The public status page (HTML, no script): current incidents, then 90 days of history; only public titles and external updates. ' +
          'Needs no bearer token; when the server\'s status_page.access is viewer, HTTP Basic with a token as the password.',
        security: [],
        responses: {
          '200': { description: 'The page.', content: { 'text/html': { schema: { type: 'string' } } } },
          '401': { description: 'Sign in (HTTP Basic, a token as the password).', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
    '/status/feed.atom': {
      get: {
        operationId: 'statusFeed',
        summary: 'The status page as an Atom feed: one entry per external update. Access as for /status.',
        security: [],
        responses: {
          '200': { description: 'The feed.', content: { 'application/atom+xml': { schema: { type: 'string' } } } },
          '401': { description: 'Sign in (HTTP Basic, a token as the password).', content: { 'text/plain': { schema: { type: 'string' } } } },
        },
      },
    },
    '/v1/events': {
      get: {
        operationId: 'listEvents',
        summary: 'Timeline events of every incident in commit order, a page at a time (for exports and insights).',
        description: 'Start with after=0 (or leave it out) and pass nextAfter back until it is null.',
        parameters: [
          {
            name: 'after',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 0, default: 0 },
            description: 'Events with a sequence number greater than this (the number in EV-<n>).',
          },
          pageLimitParameter,
        ],
        responses: {
          '200': { description: 'The events, oldest first.', content: { 'application/json': { schema: ref('EventPage') } } },
          ...commonErrors,
        },
      },
    },
    '/v1/me': {
      get: {
        operationId: 'me',
        summary: "Who this token is: the name the server records on everything it writes, and the token's scope.",
        responses: {
          '200': { description: 'The identity.', content: { 'application/json': { schema: ref('Me') } } },
          ...commonErrors,
        },
      },
    },
    '/v1/stream': {
      get: {
        operationId: 'stream',
        summary: 'Server-sent events: one message per change, in commit order.',
        description:
          'Each message has `id:` = the global change sequence number and `data:` = a StreamChange as JSON (default event type). ' +
          'Right after connecting the server sends an id-only block (`id: n`) with the current position, so a client that drops ' +
          'before the first change still resumes correctly. Reconnect with Last-Event-ID to receive exactly the changes after it, ' +
          'none twice. Comment lines (": heartbeat") arrive every ~15 s; a client that hears nothing for much longer should reconnect. ' +
          'A client that reads too slowly is disconnected and resumes the same way. A Last-Event-ID beyond the newest change ' +
          '(the store was replaced or restored from a backup) is answered with `event: reset`, `id:` = the newest sequence ' +
          'number and `data:` = a StreamReset; the client must reload everything it holds, then follow the stream from there.',
        parameters: [
          {
            name: 'Last-Event-ID',
            in: 'header',
            required: false,
            schema: { type: 'string', pattern: '^[0-9]{1,15}$' },
            description: 'Resume after this sequence number. Without it the stream starts with changes made from now on.',
          },
        ],
        responses: {
          '200': {
            description: 'An endless event stream.',
            content: {
              'text/event-stream': { schema: { type: 'string' }, 'x-event-data': ref('StreamChange'), 'x-reset-event-data': ref('StreamReset') },
            },
          },
          ...commonErrors,
        },
      },
    },
  },
  components: {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description:
          'Create one with `incident-desk token create --name NAME [--scope responder|viewer|integration] --data DIR`. ' +
          'The name is the author of everything written with the token.',
      },
    },
    schemas: {
      ...alertSchemas,
      Severity: { type: 'integer', minimum: 0, maximum: 4, description: '0 is the most severe.' },
      IncidentStatus: { enum: [...INCIDENT_STATUSES] },
      EventType: { enum: [...EVENT_TYPES] },
      Roles: {
        type: 'object',
        additionalProperties: false,
        required: ['smes'],
        properties: rolesProperties,
      },
      RolesPatch: {
        type: 'object',
        additionalProperties: false,
        description: 'Roles to assign; `smes` replaces the whole list.',
        properties: rolesProperties,
      },
      Incident: { type: 'object', additionalProperties: false, required: incidentRequired, properties: incidentProperties },
      IncidentWithTimeline: {
        type: 'object',
        additionalProperties: false,
        required: [...incidentRequired, 'timeline'],
        properties: { ...incidentProperties, timeline: { type: 'array', items: ref('TimelineEvent') } },
      },
      IncidentList: {
        type: 'object',
        additionalProperties: false,
        required: ['incidents', 'nextCursor'],
        properties: {
          incidents: { type: 'array', items: ref('Incident') },
          nextCursor: { type: ['string', 'null'], description: 'Pass as cursor for the next page; null on the last page.' },
        },
      },
      EventPage: {
        type: 'object',
        additionalProperties: false,
        required: ['events', 'nextAfter'],
        properties: {
          events: { type: 'array', items: ref('TimelineEvent') },
          nextAfter: { type: ['integer', 'null'], description: 'Pass as after for the next page; null on the last page.' },
        },
      },
      Me: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'scope'],
        properties: { name: person, scope: { enum: [...TOKEN_SCOPES] } },
      },
      DeclareRequest: {
        type: 'object',
        additionalProperties: false,
        required: ['title', 'severity'],
        properties: {
          title: { type: 'string', minLength: 1, maxLength: 300 },
          severity: ref('Severity'),
          services: stringList,
          customers: stringList,
          tags: stringList,
          summary: shortText(20000),
          roles: ref('RolesPatch'),
          publicTitle: { type: 'string', minLength: 1, maxLength: 300 },
          author: requestAuthor,
          onBehalfOf,
        },
      },
      IncidentPatch: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          title: { type: 'string', minLength: 1, maxLength: 300 },
          severity: ref('Severity'),
          status: ref('IncidentStatus'),
          roles: ref('RolesPatch'),
          summary: shortText(20000),
          publicTitle: { type: 'string', minLength: 1, maxLength: 300 },
          author: requestAuthor,
          onBehalfOf,
        },
      },
      NewEvent: {
        type: 'object',
        required: ['type'],
        discriminator: { propertyName: 'type' },
        oneOf: Object.keys(newEventFields).map((type) => newEventSchema(type)),
      },
      TimelineEvent: {
        type: 'object',
        required: ['type'],
        discriminator: { propertyName: 'type' },
        oneOf: EVENT_TYPES.map((type) => timelineEventSchema(type)),
      },
      StreamChange: {
        type: 'object',
        additionalProperties: false,
        required: ['incidentId', 'incident'],
        properties: { incidentId: { type: 'string' }, incident: ref('Incident'), event: ref('TimelineEvent') },
      },
      StreamReset: {
        type: 'object',
        additionalProperties: false,
        required: ['latestSeq', 'message'],
        properties: { latestSeq: { type: 'integer', minimum: 0 }, message: { type: 'string' } },
      },
      Delivery: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'incidentId', 'eventId', 'channel', 'status', 'attempts', 'nextAttemptAt', 'lastError', 'deliveredAt', 'createdAt'],
        properties: {
          id: { type: 'string', description: '<event id>.<channel>; also the webhook-id (with msg_ in front) and the email Message-ID.' },
          incidentId: { type: 'string' },
          eventId: { type: 'string' },
          channel: { type: 'string', description: 'The channel\'s name in the notify: config.' },
          status: { enum: ['pending', 'delivered', 'dead'] },
          attempts: { type: 'integer', minimum: 0 },
          nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
          lastError: { type: ['string', 'null'], description: 'e.g. "429 from Slack"; never a URL.' },
          deliveredAt: { type: ['string', 'null'], format: 'date-time' },
          createdAt: isoTime,
        },
      },
      DeliveryList: {
        type: 'object',
        additionalProperties: false,
        required: ['deliveries'],
        properties: { deliveries: { type: 'array', items: ref('Delivery') } },
      },
      RoutePreview: {
        type: 'object',
        additionalProperties: false,
        required: ['channels'],
        properties: {
          channels: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['name', 'type', 'label', 'audience'],
              properties: { name: { type: 'string' }, type: { enum: ['slack', 'teams', 'webhook', 'email'] }, label: { type: 'string' }, audience: { enum: [...AUDIENCES] } },
            },
          },
        },
      },
      Health: {
        type: 'object',
        additionalProperties: false,
        required: ['status', 'version', 'apiVersion', 'time'],
        properties: {
          status: { const: 'ok' },
          version: { type: 'string', description: 'The server release.' },
          apiVersion: { type: 'string', description: 'The version of this contract the server implements (major.minor.patch).' },
          time: isoTime,
        },
      },
      Ready: {
        type: 'object',
        additionalProperties: false,
        required: ['status'],
        properties: { status: { const: 'ready' } },
      },
      Error: {
        type: 'object',
        additionalProperties: false,
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            additionalProperties: false,
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

export type OpenApiDocument = typeof openApiDocument;
