import type { AlertNotification, NotifiedAlert } from '../../../src/server/integrations/alertNotification';

/** Test notifications in the receiver's own shape, built up from one alert. */
export function alert(name: string, fields: Partial<NotifiedAlert> & { severity?: string; service?: string; runbook?: string } = {}): NotifiedAlert {
  const { severity, service, runbook, ...rest } = fields;
  return {
    fingerprint: `fp-${name}`,
    name,
    status: 'firing',
    labels: { alertname: name, ...(severity ? { severity } : {}), ...(service ? { service } : {}) },
    annotations: { summary: `${name} is firing`, ...(runbook ? { runbook_url: runbook } : {}) },
    startsAt: '2026-12-01T10:00:00.000Z',
    ...rest,
  };
}

export function resolved(base: NotifiedAlert): NotifiedAlert {
  return { ...base, status: 'resolved', endsAt: '2026-12-01T10:30:00.000Z' };
}

export function notification(groupKey: string, alerts: NotifiedAlert[], fields: Partial<AlertNotification> = {}): AlertNotification {
  return { source: 'alertmanager', groupKey, commonAnnotations: {}, alerts, ...fields };
}
