import { backendFromConfiguration } from '../app/backends/backendFromConfiguration';
import { ConfigurationError } from '../app/backends/configurationError';
import type { IncidentBackend } from '../backends/backend';
import { UsageError } from './command';

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
 * every user on the machine). A configuration the shared factory refuses is a usage error.
 */
export function backendFromCliOptions(options: { backend?: string; url?: string }, env: NodeJS.ProcessEnv): IncidentBackend {
  const kind = options.backend ?? 'desk';
  const pagerDuty = kind === 'pagerduty';
  try {
    return backendFromConfiguration({
      kind,
      url: options.url ?? (pagerDuty ? env.PAGERDUTY_URL : env.INCIDENT_DESK_URL),
      token: pagerDuty ? env.PAGERDUTY_TOKEN : env.INCIDENT_DESK_TOKEN,
      pagerDuty: { from: env.PAGERDUTY_FROM, serviceIds: env.PAGERDUTY_SERVICE_IDS?.split(',') ?? [] },
      hints: {
        urlSource: `--url or ${pagerDuty ? 'PAGERDUTY_URL' : 'INCIDENT_DESK_URL'}`,
        missingUrl: 'No Incident Desk server: pass --url URL or set INCIDENT_DESK_URL (e.g. http://127.0.0.1:8787).',
        missingToken: pagerDuty
          ? 'No PagerDuty API key: set PAGERDUTY_TOKEN.'
          : 'No token for the Incident Desk server: set INCIDENT_DESK_TOKEN (create one with `incident-desk token create --data DIR`).',
        unknownKind: 'use --backend desk or --backend pagerduty.',
        tokenHome: 'the environment',
      },
    }).backend;
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(error.message);
    throw error;
  }
}
