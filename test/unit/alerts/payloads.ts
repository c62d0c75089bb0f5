/** Bodies as the monitors send them (shapes from their documentation), for the receiver tests. */

export function alertmanagerBody(groupKey: string, alerts: Record<string, unknown>[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  const firing = alerts.some((a) => a.status === 'firing');
  return {
    receiver: 'incident-desk',
    status: firing ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: 'DeployErrorRateHigh' },
    commonLabels: { alertname: 'DeployErrorRateHigh' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey,
    truncatedAlerts: 0,
    ...extra,
  };
}

export function alertmanagerAlert(fingerprint: string, labels: Record<string, string>, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'firing',
    labels,
    annotations: { summary: `${labels.alertname ?? 'alert'} on ${labels.service ?? '?'}`, runbook_url: 'https://runbooks.example/deploy-errors' },
    startsAt: '2026-12-01T09:52:26.739266876+02:00',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example:9090/graph?g0.expr=errors',
    fingerprint,
    ...fields,
  };
}

/** Grafana alerting's webhook contact point body (https://grafana.com/docs/grafana/latest/alerting/…/webhook-notifier/). */
export function grafanaBody(): Record<string, unknown> {
  return {
    receiver: 'Incident Desk',
    status: 'firing',
    orgId: 1,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1', severity: 'warning', service: 'cart' },
        annotations: { description: 'The system has high memory usage', runbook_url: 'https://myrunbook.com/runbook/1234', summary: 'High memory usage in us-1' },
        startsAt: '2021-10-12T09:51:03.157076+02:00',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'https://grafana.example/alerting/1afz29v7z/edit',
        fingerprint: 'c6eadffa33fcdf37',
        silenceURL: 'https://grafana.example/alerting/silence/new',
        dashboardURL: '',
        panelURL: '',
        values: { B: 44.23943737541908, C: 1 },
        valueString: "[ var='B' labels={} value=44.2 ]",
      },
    ],
    groupLabels: { alertname: 'High memory usage' },
    commonLabels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
    commonAnnotations: {},
    externalURL: 'https://grafana.example/',
    version: '1',
    groupKey: '{}:{alertname="High memory usage"}',
    truncatedAlerts: 0,
    title: '[FIRING:1] High memory usage (blue us-1)',
    state: 'alerting',
    message: '**Firing**\n\nValue: B=44.2',
  };
}
