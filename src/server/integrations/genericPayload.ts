import type { AlertStatus } from '../../core/incidents/model';
import type { AlertNotification, NotifiedAlert } from './alertNotification';
import { labelFingerprint } from './alertmanagerPayload';
import { monitorTime } from './alertTimes';

/**
 * The generic JSON webhook for monitors that are neither Alertmanager nor Grafana
 * (README "Alerts from other monitors"):
 *
 *   { "group": "checkout-errors",
 *     "alerts": [ { "name": "CheckoutErrors", "status": "firing",
 *                   "labels": { "severity": "critical", "service": "checkout" },
 *                   "annotations": { "summary": "…", "runbook_url": "…" } } ] }
 *
 * `group` plays groupKey's part; an alert's `id` its fingerprint (by default, its
 * name and labels).
 */
export interface GenericAlertPayload {
  group: string;
  externalUrl?: string;
  summary?: string;
  alerts: GenericAlert[];
}

export interface GenericAlert {
  id?: string;
  name: string;
  status: AlertStatus;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  url?: string;
}

export function decodeGenericPayload(body: GenericAlertPayload, receivedAt: string): AlertNotification {
  const notification: AlertNotification = {
    source: 'webhook',
    groupKey: body.group,
    commonAnnotations: body.summary === undefined ? {} : { summary: body.summary },
    alerts: body.alerts.map((alert, i) => decodeAlert(alert, `body.alerts[${i}]`, receivedAt)),
  };
  if (body.externalUrl) notification.externalUrl = body.externalUrl;
  return notification;
}

function decodeAlert(alert: GenericAlert, where: string, receivedAt: string): NotifiedAlert {
  const labels = { alertname: alert.name, ...alert.labels };
  const decoded: NotifiedAlert = {
    fingerprint: alert.id ?? labelFingerprint(labels),
    name: alert.name,
    status: alert.status,
    labels,
    annotations: { ...alert.annotations },
    startsAt: monitorTime(alert.startsAt, `${where}.startsAt`) ?? receivedAt,
  };
  const endsAt = alert.status === 'resolved' ? (monitorTime(alert.endsAt, `${where}.endsAt`) ?? receivedAt) : undefined;
  if (endsAt !== undefined) decoded.endsAt = endsAt;
  if (alert.url) decoded.generatorUrl = alert.url;
  return decoded;
}
