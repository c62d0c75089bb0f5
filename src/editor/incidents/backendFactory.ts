import { backendFromConfiguration, type BackendConfiguration, type ConfiguredBackend } from '../../app/backends/backendFromConfiguration';
import { ConfigurationError } from '../../app/backends/configurationError';
import { SecretKeys, type Secrets } from '../platform/secrets';
import type { Settings } from '../platform/settings';

export type BackendSetup =
  | { state: 'ready'; configured: ConfiguredBackend }
  | { state: 'unconfigured'; reason: string };

/**
 * The backend the settings ask for, built by the shared factory (src/app/backends),
 * so the editor refuses what the command line refuses (e.g. credentials in a URL).
 * The server token comes from SecretStorage; INCIDENT_DESK_TOKEN in the extension
 * host's environment is honoured in memory only (the same variable the command line
 * reads), for launchers such as `npm start`.
 */
export async function createBackend(settings: Settings, secrets: Secrets, env: NodeJS.ProcessEnv = process.env): Promise<BackendSetup> {
  try {
    return { state: 'ready', configured: backendFromConfiguration(await configurationOf(settings, secrets, env)) };
  } catch (error) {
    if (error instanceof ConfigurationError) return { state: 'unconfigured', reason: error.message };
    throw error;
  }
}

async function configurationOf(settings: Settings, secrets: Secrets, env: NodeJS.ProcessEnv): Promise<BackendConfiguration> {
  if (settings.backend === 'pagerduty') {
    const pd = settings.pagerDuty;
    return {
      kind: 'pagerduty',
      url: pd.apiUrl,
      token: (await secrets.get(SecretKeys.pagerDutyToken)) ?? env.PAGERDUTY_TOKEN,
      pagerDuty: { from: pd.fromEmail, serviceIds: pd.serviceIds, severityMapping: pd.severityMapping, pollIntervalMs: settings.pollIntervalMs },
      hints: { ...HINTS, urlSource: 'incidentDesk.pagerduty.apiUrl', missingToken: 'No PagerDuty token: run “Incident Desk: Connect to PagerDuty”.' },
    };
  }
  return {
    kind: 'desk',
    url: settings.serverUrl,
    token: (await secrets.get(SecretKeys.serverToken)) ?? env.INCIDENT_DESK_TOKEN,
    hints: HINTS,
  };
}

const HINTS: BackendConfiguration['hints'] = {
  urlSource: 'incidentDesk.server.url',
  missingUrl: 'No server URL: set incidentDesk.server.url or start a local server.',
  missingToken: 'No server token: run “Incident Desk: Set Server Token”.',
  unknownKind: 'set incidentDesk.backend to desk or pagerduty.',
  tokenHome: 'SecretStorage (“Incident Desk: Set Server Token”)',
};
