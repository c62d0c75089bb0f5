import { createHash } from 'node:crypto';
import type { AlertSource, AlertStatus } from '../../core/incidents/model';
import { canonicalJson } from '../canonicalJson';
import type { AlertNotification, NotifiedAlert } from './alertNotification';
import { monitorTime } from './alertTimes';

/**
 * Prometheus Alertmanager's webhook body (version 4), as far as the receiver reads it;
 * Grafana alerting sends the same shape with a few fields more. Everything else it
 * sends is accepted and ignored: the OpenAPI schema allows unknown fields here.
 */
export interface AlertmanagerPayload {
  version?: string;
  groupKey?: string;
  receiver?: string;
  status: AlertStatus;
  groupLabels?: Record<string, string>;
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
  externalURL?: string;
  truncatedAlerts?: number;
  alerts: AlertmanagerAlert[];
}

export interface AlertmanagerAlert {
  status: AlertStatus;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint?: string;
}

/**
 * The notification an Alertmanager-shaped body describes. The body is already
 * checked against the schema; what the schema cannot say (times that parse) is
 * checked here, with the field named.
 */
export function decodeAlertmanagerPayload(body: AlertmanagerPayload, source: AlertSource, receivedAt: string): AlertNotification {
  const notification: AlertNotification = {
    source,
    // Grafana before 9 and hand-made bodies may lack groupKey: the group labels identify the group then.
    groupKey: body.groupKey ?? `labels:${canonicalJson(body.groupLabels ?? body.commonLabels ?? {})}`,
    commonAnnotations: { ...body.commonAnnotations },
    alerts: body.alerts.map((alert, i) => decodeAlert(alert, `body.alerts[${i}]`, receivedAt)),
  };
  if (body.externalURL) notification.externalUrl = body.externalURL;
  return notification;
}

function decodeAlert(alert: AlertmanagerAlert, where: string, receivedAt: string): NotifiedAlert {
  const decoded: NotifiedAlert = {
    fingerprint: alert.fingerprint || labelFingerprint(alert.labels),
    name: alert.labels.alertname ?? 'alert',
    status: alert.status,
    labels: { ...alert.labels },
    annotations: { ...alert.annotations },
    startsAt: monitorTime(alert.startsAt, `${where}.startsAt`) ?? receivedAt,
  };
  const endsAt = alert.status === 'resolved' ? monitorTime(alert.endsAt, `${where}.endsAt`) : undefined;
  if (endsAt !== undefined) decoded.endsAt = endsAt;
  if (alert.generatorURL) decoded.generatorUrl = alert.generatorURL;
  return decoded;
}

/** What Alertmanager's own fingerprint identifies (the label set), for senders that leave it out. */
export function labelFingerprint(labels: Record<string, string>): string {
  return createHash('sha256').update(canonicalJson(labels)).digest('hex').slice(0, 16);
}
