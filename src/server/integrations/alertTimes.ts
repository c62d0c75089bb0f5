import { ApiError } from '../httpErrors';

/**
 * Go's zero time: Alertmanager and Grafana send it as `endsAt` for an alert that has
 * not ended. Any time before year 1000 means "none" here.
 */
const NO_TIME_BEFORE = Date.UTC(1000, 0, 1);

/** A monitor's RFC 3339 time (nanoseconds and offsets included) as ISO 8601 UTC; undefined for none. */
export function monitorTime(value: string | undefined, where: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ApiError(400, 'invalid_request', `${where} must be an RFC 3339 time such as 2026-12-01T12:00:00Z, not '${value.slice(0, 60)}'.`);
  return ms < NO_TIME_BEFORE ? undefined : new Date(ms).toISOString();
}
