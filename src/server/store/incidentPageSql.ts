import type { SqlValue } from './sqlite';
import type { IncidentPageQuery } from './store';

/**
 * The SQL for one keyset page of incidents. Rows come newest declared first, ties
 * broken by the row number, and the page after a key is "strictly below it" in that
 * order: concurrent inserts (declared now, with a higher number) land above every
 * key already handed out, so they never push a row onto a second page.
 *
 * One extra row is asked for; its presence is how the caller knows more follow.
 */
export function incidentPageSql(query: IncidentPageQuery): { sql: string; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.filter === 'active') where.push("status <> 'resolved'");
  if (query.filter === 'resolved') where.push("status = 'resolved'");
  if (query.since !== undefined) {
    where.push(query.filter === 'resolved' ? 'resolved_at >= ?' : 'declared_at >= ?');
    params.push(query.since);
  }
  if (query.after !== undefined) {
    where.push('(declared_at < ? OR (declared_at = ? AND n < ?))');
    params.push(query.after.declaredAt, query.after.declaredAt, query.after.n);
  }
  params.push(query.limit + 1);
  const sql =
    `SELECT n, declared_at, doc FROM incidents${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ` +
    'ORDER BY declared_at DESC, n DESC LIMIT ?';
  // The text depends only on which filters are present, so a few prepared statements serve every page.
  return { sql, params };
}
