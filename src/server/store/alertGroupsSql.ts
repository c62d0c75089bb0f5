import type { Database } from './sqlite';

/** The SQLite statements behind alert groups (see migration 3), prepared once per connection. */
export function prepareAlertGroupStatements(db: Database) {
  return {
    groupIncident: db.prepare('SELECT incident_n FROM alert_groups WHERE group_key = ?'),
    upsertGroup: db.prepare(
      'INSERT INTO alert_groups (group_key, incident_n, updated_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (group_key) DO UPDATE SET incident_n = excluded.incident_n, updated_at = excluded.updated_at',
    ),
  };
}

export type AlertGroupStatements = ReturnType<typeof prepareAlertGroupStatements>;
