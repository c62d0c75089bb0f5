import { ApiError } from '../httpErrors';
import type { IncidentSortKey } from '../store/store';

/**
 * The `cursor` of an incident page: base64url of the last row's sort key. Opaque to
 * clients, so the key can change shape without a contract change; a cursor that
 * does not decode is a client error, never a crash.
 */
export function encodeCursor(key: IncidentSortKey): string {
  return Buffer.from(JSON.stringify([key.declaredAt, key.n]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): IncidentSortKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    typeof parsed[0] === 'string' &&
    !Number.isNaN(Date.parse(parsed[0])) &&
    Number.isSafeInteger(parsed[1]) &&
    (parsed[1] as number) > 0
  ) {
    return { declaredAt: parsed[0], n: parsed[1] as number };
  }
  throw new ApiError(400, 'invalid_request', 'query.cursor is not a cursor this server handed out; pass nextCursor from the previous page unchanged.');
}
