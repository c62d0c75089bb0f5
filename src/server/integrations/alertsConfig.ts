import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { SEVERITIES, type Severity } from '../../core/incidents/model';
import type { ReadContext } from '../config/readContext';
import type { ConfigSection } from '../config/schema';
import { DEFAULT_ALERT_POLICY, type AlertPolicy } from './alertNotification';

const KEYS = ['severity_label', 'severities', 'default_severity', 'service_labels', 'resolve_incident_when_all_resolved'] as const;

/**
 * The config file's `alerts:` section: how monitor alerts become incidents.
 *
 *   alerts:
 *     severity_label: severity          # the label whose value picks the severity
 *     severities:                       # replaces the default mapping (label value → Sev)
 *       critical: 1
 *       error: 2
 *       high: 2
 *       warning: 3
 *       info: 4
 *     default_severity: 3               # no label, or a value not in the mapping
 *     service_labels: [service, job, namespace]   # the first one an alert has names its service
 *     resolve_incident_when_all_resolved: false    # true: the incident resolves with its last alert
 */
export const alertsSection: ConfigSection<AlertPolicy> = {
  description: 'how monitor alerts (Alertmanager, Grafana, the generic webhook) become incidents: severity mapping, service labels, resolving',
  absent: () => structuredClone(DEFAULT_ALERT_POLICY),
  read(node, ctx) {
    const entries = ctx.mapping(node, 'alerts', KEYS);
    if (!entries) return undefined;
    const before = ctx.problems.length;
    const policy = structuredClone(DEFAULT_ALERT_POLICY);
    if (entries.has('severity_label')) policy.severityLabel = ctx.string(entries.get('severity_label'), 'alerts.severity_label') ?? '';
    if (entries.has('severities')) policy.severities = readSeverities(entries.get('severities') ?? null, ctx) ?? {};
    if (entries.has('default_severity')) policy.defaultSeverity = severity(entries.get('default_severity'), 'alerts.default_severity', ctx) ?? 3;
    if (entries.has('service_labels')) policy.serviceLabels = readLabels(entries.get('service_labels') ?? null, ctx);
    if (entries.has('resolve_incident_when_all_resolved')) {
      policy.resolveIncidentWhenAllResolved = ctx.boolean(entries.get('resolve_incident_when_all_resolved'), 'alerts.resolve_incident_when_all_resolved') ?? false;
    }
    return ctx.problems.length === before ? policy : undefined;
  },
};

function readSeverities(node: Node | null, ctx: ReadContext): Record<string, Severity> | undefined {
  if (!isMap(node)) {
    ctx.report(node, 'alerts.severities must be a mapping of label values to severities (critical: 1).');
    return undefined;
  }
  const mapping: Record<string, Severity> = {};
  for (const pair of (node as YAMLMap<Node, Node | null>).items as Pair<Node, Node | null>[]) {
    const value = isScalar(pair.key) ? String(pair.key.value).trim().toLowerCase() : '';
    if (value === '') {
      ctx.report(pair.key, 'alerts.severities has a key that is not a label value.');
      continue;
    }
    if (value in mapping) ctx.report(pair.key, `alerts.severities lists '${value}' twice (values are compared in lower case).`);
    const level = severity(pair.value, `alerts.severities.${value}`, ctx);
    if (level !== undefined) mapping[value] = level;
  }
  return mapping;
}

function readLabels(node: Node | null, ctx: ReadContext): string[] {
  const items = ctx.sequence(node, 'alerts.service_labels');
  if (!items) return [];
  const labels: string[] = [];
  items.forEach((item, i) => {
    const label = ctx.string(item, `alerts.service_labels[${i}]`);
    if (label !== undefined && !/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label)) ctx.report(item, `alerts.service_labels[${i}] '${label}' is not a label name.`);
    else if (label !== undefined) labels.push(label);
  });
  return labels;
}

function severity(node: Node | null | undefined, where: string, ctx: ReadContext): Severity | undefined {
  const value = ctx.integer(node, where, SEVERITIES[0], SEVERITIES[SEVERITIES.length - 1]!);
  return value as Severity | undefined;
}
