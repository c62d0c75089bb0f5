import { ALERT_SOURCES } from '../../core/incidents/model';

/**
 * The OpenAPI pieces of the alert receivers: the bodies monitors send and what an
 * alert-opened incident carries. Monitors send more than these name (Alertmanager
 * adds fields between releases, Grafana adds its own), so the bodies allow unknown
 * fields, unlike the rest of the API; what is named is checked.
 */

type JsonSchema = { [keyword: string]: unknown };

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const text = (maxLength: number): JsonSchema => ({ type: 'string', maxLength });
/** Label and annotation maps: string values. */
const stringMap = (maxValue: number): JsonSchema => ({
  type: 'object',
  maxProperties: 100,
  additionalProperties: { type: 'string', maxLength: maxValue },
});
const status: JsonSchema = { enum: ['firing', 'resolved'] };
/** A group of more alerts than this is refused; Alertmanager's `max_alerts` keeps bodies under it. */
const MAX_ALERTS_PER_NOTIFICATION = 1000;

const alertmanagerAlert: JsonSchema = {
  type: 'object',
  required: ['status', 'labels'],
  properties: {
    status,
    labels: stringMap(4096),
    annotations: stringMap(20000),
    startsAt: { ...text(64), description: 'RFC 3339.' },
    endsAt: { ...text(64), description: 'RFC 3339; Go\'s zero time (0001-01-01T00:00:00Z) means none.' },
    generatorURL: text(4096),
    fingerprint: { ...text(200), description: 'Derived from the labels when left out.' },
  },
};

const alertmanagerProperties: Record<string, JsonSchema> = {
  version: { type: 'string', description: 'Alertmanager sends "4".' },
  groupKey: { type: 'string', minLength: 1, maxLength: 4096, description: 'One open incident per group key.' },
  receiver: text(500),
  status,
  groupLabels: stringMap(4096),
  commonLabels: stringMap(4096),
  commonAnnotations: stringMap(20000),
  externalURL: text(4096),
  truncatedAlerts: { type: 'integer', minimum: 0 },
  alerts: { type: 'array', minItems: 1, maxItems: MAX_ALERTS_PER_NOTIFICATION, items: alertmanagerAlert },
};

export const alertSchemas: Record<string, JsonSchema> = {
  AlertmanagerWebhook: {
    type: 'object',
    description: "Prometheus Alertmanager's webhook_config body (version 4). Unknown fields are accepted.",
    required: ['groupKey', 'status', 'alerts'],
    properties: alertmanagerProperties,
  },
  GrafanaWebhook: {
    type: 'object',
    description: "Grafana alerting's webhook contact point body (Alertmanager's shape plus orgId, title, state, message, …). Unknown fields are accepted.",
    required: ['status', 'alerts'],
    properties: {
      ...alertmanagerProperties,
      version: { type: 'string', description: 'Grafana sends "1".' },
      groupKey: { ...alertmanagerProperties.groupKey, description: 'When absent, the group labels identify the group.' },
    },
  },
  GenericAlertWebhook: {
    type: 'object',
    description: 'For monitors without a receiver of their own. `group` identifies the alert group (one open incident per group).',
    required: ['group', 'alerts'],
    properties: {
      group: { type: 'string', minLength: 1, maxLength: 4096 },
      summary: { ...text(300), description: 'Title for the incident; otherwise the most severe alert\'s summary annotation or its name.' },
      externalUrl: text(4096),
      alerts: {
        type: 'array',
        minItems: 1,
        maxItems: MAX_ALERTS_PER_NOTIFICATION,
        items: {
          type: 'object',
          required: ['name', 'status'],
          properties: {
            id: { type: 'string', minLength: 1, maxLength: 200, description: 'Identifies the alert within its group; by default its name and labels.' },
            name: { type: 'string', minLength: 1, maxLength: 200, description: 'What runbook front matter names under alerts:.' },
            status,
            labels: { ...stringMap(4096), description: 'severity picks the severity, service/job/namespace the services (server config alerts:).' },
            annotations: { ...stringMap(20000), description: 'summary, description and runbook_url are read.' },
            startsAt: text(64),
            endsAt: text(64),
            url: { ...text(4096), description: 'Where the alert comes from (a graph, a check).' },
          },
        },
      },
    },
  },
  AlertReceipt: {
    type: 'object',
    additionalProperties: false,
    required: ['outcome', 'incidentId', 'events'],
    properties: {
      outcome: {
        enum: ['declared', 'updated', 'unchanged', 'ignored'],
        description: 'unchanged: a repeat, nothing written; ignored: only resolved alerts for a group without an incident.',
      },
      incidentId: { type: ['string', 'null'] },
      firedAgainFrom: { type: 'string', description: 'The resolved incident this group opened before.' },
      events: { type: 'integer', minimum: 0, description: 'Timeline events added.' },
    },
  },
  IncidentAlert: {
    type: 'object',
    additionalProperties: false,
    required: ['fingerprint', 'name', 'status', 'labels', 'annotations', 'startsAt'],
    properties: {
      fingerprint: { type: 'string' },
      name: { type: 'string' },
      status,
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      annotations: { type: 'object', additionalProperties: { type: 'string' } },
      startsAt: { type: 'string', format: 'date-time' },
      endsAt: { type: 'string', format: 'date-time' },
      generatorUrl: { type: 'string' },
      runbookUrl: { type: 'string', description: 'The runbook_url annotation.' },
    },
  },
  AlertGroupLink: {
    type: 'object',
    additionalProperties: false,
    required: ['source', 'groupKey'],
    properties: {
      source: { enum: [...ALERT_SOURCES] },
      groupKey: { type: 'string' },
      externalUrl: { type: 'string' },
      firedAgainFrom: { type: 'string', description: 'The earlier, resolved incident of the same group.' },
    },
  },
};

export const alertIncidentProperties: Record<string, JsonSchema> = {
  alerts: { type: 'array', items: ref('IncidentAlert'), description: 'Set on incidents a monitor opened.' },
  alertGroup: ref('AlertGroupLink'),
};

export const alertEventFields: Record<string, { properties: Record<string, JsonSchema>; required: string[] }> = {
  alert_firing: { properties: { alertName: { type: 'string' }, fingerprint: { type: 'string' } }, required: ['alertName', 'fingerprint'] },
  alert_resolved: { properties: { alertName: { type: 'string' }, fingerprint: { type: 'string' } }, required: ['alertName', 'fingerprint'] },
  alert_group_resolved: { properties: { alerts: { type: 'integer', minimum: 0 } }, required: ['alerts'] },
};

const receiverErrors = (errorResponse: (description: string) => JsonSchema): Record<string, JsonSchema> => ({
  '400': errorResponse('Not the documented body (a required field missing, a wrong type, a time that does not parse); nothing was stored.'),
  '401': errorResponse('Missing, unknown or revoked bearer token.'),
  '403': errorResponse('The token is not an integration token.'),
  '413': errorResponse('Request body larger than 1 MiB (lower max_alerts).'),
  '415': errorResponse('Request body is not application/json.'),
  '503': errorResponse('The store was busy; nothing was written. Monitors retry on 5xx.'),
});

function receiver(operationId: string, summary: string, body: string, errorResponse: (description: string) => JsonSchema): JsonSchema {
  return {
    post: {
      operationId,
      summary,
      description:
        'Needs an integration token. One alert group ↔ one open incident: the first firing alert declares it, alerts joining ' +
        'or resolving add alert_firing / alert_resolved events, repeats change nothing, and a group that fires again after ' +
        'its incident was resolved opens a new one. Answers after the change is committed.',
      requestBody: { required: true, content: { 'application/json': { schema: ref(body) } } },
      responses: {
        '200': { description: 'What the notification did.', content: { 'application/json': { schema: ref('AlertReceipt') } } },
        ...receiverErrors(errorResponse),
      },
    },
  };
}

export function alertReceiverPaths(errorResponse: (description: string) => JsonSchema): Record<string, JsonSchema> {
  return {
    '/v1/integrations/alertmanager': receiver('receiveAlertmanager', 'Prometheus Alertmanager webhook receiver.', 'AlertmanagerWebhook', errorResponse),
    '/v1/integrations/grafana': receiver('receiveGrafana', 'Grafana alerting webhook contact point.', 'GrafanaWebhook', errorResponse),
    '/v1/integrations/webhook': receiver('receiveGenericAlerts', 'Generic JSON alert webhook for other monitors.', 'GenericAlertWebhook', errorResponse),
  };
}
