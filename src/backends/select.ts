import { UsageError } from '../cli/command';
import type { IncidentBackend } from './backend';
import { DeskBackend } from './desk/deskBackend';
import { PAGERDUTY_API, PagerDutyBackend } from './pagerduty/pagerDutyBackend';

/**
 * The backend contract every command that talks to incidents shares:
 *
 *   --backend desk|pagerduty   default desk
 *   --url URL                  desk: or INCIDENT_DESK_URL (required)
 *                              pagerduty: or PAGERDUTY_URL, default https://api.pagerduty.com
 *   INCIDENT_DESK_TOKEN        the desk server's bearer token
 *   PAGERDUTY_TOKEN            a PagerDuty REST API key
 *   PAGERDUTY_FROM             a PagerDuty user's email, needed for writes
 *   PAGERDUTY_SERVICE_IDS      optional, comma-separated: limits listing, first one is used to declare
 *
 * Tokens come only from the environment, never from arguments (argv is visible to
 * every user on the machine).
 */
export function backendFromCliOptions(options: { backend?: string; url?: string }, env: NodeJS.ProcessEnv): IncidentBackend {
  const backend = options.backend ?? 'desk';
  switch (backend) {
    case 'desk': {
      const url = checkedUrl(options.url ?? env.INCIDENT_DESK_URL, 'INCIDENT_DESK_URL');
      if (url === undefined) {
        throw new UsageError('No Incident Desk server: pass --url URL or set INCIDENT_DESK_URL (e.g. http://127.0.0.1:8787).');
      }
      const token = nonEmpty(env.INCIDENT_DESK_TOKEN);
      if (token === undefined) {
        throw new UsageError('No token for the Incident Desk server: set INCIDENT_DESK_TOKEN (create one with `incident-desk token create --data DIR`).');
      }
      return new DeskBackend({ baseUrl: url, token });
    }
    case 'pagerduty': {
      const url = checkedUrl(options.url ?? env.PAGERDUTY_URL, 'PAGERDUTY_URL') ?? PAGERDUTY_API;
      const token = nonEmpty(env.PAGERDUTY_TOKEN);
      if (token === undefined) throw new UsageError('No PagerDuty API key: set PAGERDUTY_TOKEN.');
      const serviceIds = nonEmpty(env.PAGERDUTY_SERVICE_IDS)
        ?.split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      return new PagerDutyBackend({
        baseUrl: url,
        token,
        from: nonEmpty(env.PAGERDUTY_FROM),
        ...(serviceIds && serviceIds.length > 0 ? { serviceIds } : {}),
      });
    }
    default:
      throw new UsageError(`Unknown backend '${backend}': use --backend desk or --backend pagerduty.`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** An http(s) URL without credentials in it (a token in a URL ends up in logs and shell history). */
function checkedUrl(value: string | undefined, variable: string): string | undefined {
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`The backend URL (--url or ${variable}) is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`The backend URL (--url or ${variable}) must start with http:// or https://.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UsageError(`The backend URL (--url or ${variable}) must not contain credentials; put the token in the environment instead.`);
  }
  return text.replace(/\/+$/, '');
}
