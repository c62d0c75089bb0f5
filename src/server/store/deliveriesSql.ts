import type { DeliveryRecord, DeliveryStatus } from './store';
import type { Database } from './sqlite';

/** The SQLite statements behind the outbox (see migration 4), prepared once per connection. */
export function prepareDeliveryStatements(db: Database) {
  return {
    insert: db.prepare(
      "INSERT OR IGNORE INTO deliveries (id, incident_n, event_seq, channel, status, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
    ),
    due: db.prepare(
      `SELECT d.id, d.incident_n, d.channel, d.attempts, c.seq, c.event, c.incident
         FROM deliveries d JOIN changes c ON c.seq = d.event_seq
        WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.claimed_until IS NULL OR d.claimed_until <= ?)
        ORDER BY d.next_attempt_at, d.event_seq, d.id LIMIT ?`,
    ),
    lease: db.prepare('UPDATE deliveries SET attempts = attempts + 1, claimed_until = ? WHERE id = ?'),
    settle: db.prepare(
      "UPDATE deliveries SET status = ?, next_attempt_at = ?, claimed_until = NULL, last_error = ?, delivered_at = ? WHERE id = ? AND attempts = ? AND status = 'pending'",
    ),
    incidentOf: db.prepare('SELECT incident_n FROM deliveries WHERE id = ?'),
    byIncident: db.prepare(
      'SELECT id, incident_n, event_seq, channel, status, attempts, next_attempt_at, last_error, delivered_at, created_at FROM deliveries WHERE incident_n = ? ORDER BY event_seq, id',
    ),
    statusOf: db.prepare('SELECT status FROM deliveries WHERE id = ? AND incident_n = ?'),
    retry: db.prepare(
      "UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, claimed_until = NULL WHERE id = ? AND incident_n = ? AND status = 'dead'",
    ),
  };
}

export type DeliveryStatements = ReturnType<typeof prepareDeliveryStatements>;

export interface DeliveryRow {
  id: string;
  incident_n: number | string;
  event_seq: number | string;
  channel: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
}

/** A row as the API shows it; both stores read the same columns. */
export function toDeliveryRecord(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    incidentId: `INC-${row.incident_n}`,
    eventId: `EV-${row.event_seq}`,
    channel: row.channel,
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

/** `<event id>.<channel>`: the outbox key, the Standard Webhooks `webhook-id` and the email's Message-ID. */
export function deliveryId(eventId: string, channel: string): string {
  return `${eventId}.${channel}`;
}

/** The timeline event a settled delivery adds (delivered or dead letter). */
export function deliveryEventDraft(settlement: { at: string; outcome: 'delivered' | 'dead'; detail: string; label: string }, channel: string, forEvent: string) {
  return {
    type: 'delivery' as const,
    at: settlement.at,
    author: 'incident-desk',
    channel,
    label: settlement.label,
    outcome: settlement.outcome === 'delivered' ? ('delivered' as const) : ('dead_letter' as const),
    forEvent,
    detail: settlement.detail,
  };
}
