import { DeskBackend } from '../../backends/desk/deskBackend';
import type { IncidentBackend } from '../../backends/backend';
import { PagerDutyBackend } from '../../backends/pagerduty/pagerDutyBackend';
import { SecretKeys, type Secrets } from '../platform/secrets';
import type { Settings } from '../platform/settings';

export interface ConfiguredBackend {
  backend: IncidentBackend;
  /** Identifies the backend for the offline cache and queue (kind + URL; never the token). */
  identity: string;
}

export type BackendSetup =
  | { state: 'ready'; configured: ConfiguredBackend }
  | { state: 'unconfigured'; reason: string };

/**
 * Builds the backend the settings ask for. The server token comes from SecretStorage;
 * INCIDENT_DESK_TOKEN in the extension host's environment is honoured in memory only
 * (the same variable the command line reads), for launchers such as `npm start`.
 */
export async function createBackend(settings: Settings, secrets: Secrets, env: NodeJS.ProcessEnv = process.env): Promise<BackendSetup> {
  if (settings.backend === 'pagerduty') {
    const pd = settings.pagerDuty;
    const token = (await secrets.get(SecretKeys.pagerDutyToken)) ?? env.PAGERDUTY_TOKEN;
    if (!token) return { state: 'unconfigured', reason: 'No PagerDuty token: run “Incident Desk: Connect to PagerDuty”.' };
    return {
      state: 'ready',
      configured: {
        identity: `pagerduty ${pd.apiUrl}`,
        backend: new PagerDutyBackend({
          baseUrl: pd.apiUrl,
          token,
          from: pd.fromEmail || undefined,
          serviceIds: pd.serviceIds,
          severityMapping: pd.severityMapping,
          pollIntervalMs: settings.pollIntervalMs,
        }),
      },
    };
  }
  const url = settings.serverUrl;
  if (!url) return { state: 'unconfigured', reason: 'No server URL: set incidentDesk.server.url or start a local server.' };
  const token = (await secrets.get(SecretKeys.serverToken)) ?? env.INCIDENT_DESK_TOKEN;
  if (!token) return { state: 'unconfigured', reason: 'No server token: run “Incident Desk: Set Server Token”.' };
  return { state: 'ready', configured: { identity: `desk ${url}`, backend: new DeskBackend({ baseUrl: url, token }) } };
}
