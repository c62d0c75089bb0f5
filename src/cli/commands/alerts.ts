import { parseArgs } from 'node:util';
import { terminalSafe } from '../../core/text/terminalSafe';
import { UsageError, type CliCommand } from '../command';

const usage = `Usage: incident-desk alerts test [--url URL] [--resolve] [--group KEY]

Sends a sample Prometheus Alertmanager notification (webhook version 4) to the
server's receiver, POST /v1/integrations/alertmanager, the way Alertmanager would:
for checking a setup before real alerts depend on it. The sample alert opens (or
updates) an incident; --resolve sends the same alert resolved.

Options:
  --url URL     the server; or INCIDENT_DESK_URL
  --resolve     send the sample alert as resolved
  --group KEY   the alert group key (default incident-desk-test); one open incident per group

Environment:
  INCIDENT_DESK_TOKEN   an integration token, as Alertmanager's http_config uses
                        (incident-desk token create --name alertmanager --scope integration --data DIR)
`;

const DEFAULT_GROUP = 'incident-desk-test';
const TIMEOUT_MS = 15_000;

export const alertsCommand: CliCommand = {
  name: 'alerts',
  summary: 'send a sample Alertmanager notification to check an alert setup',
  usage,
  run: async (args, io) => {
    const parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { url: { type: 'string' }, resolve: { type: 'boolean', default: false }, group: { type: 'string' } },
    });
    const [sub, ...extra] = parsed.positionals;
    if (sub !== 'test') throw new UsageError(sub === undefined ? 'missing sub-command: test' : `unknown sub-command '${sub}'`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    const base = parsed.values.url ?? io.env.INCIDENT_DESK_URL;
    if (!base) throw new UsageError('No Incident Desk server: pass --url URL or set INCIDENT_DESK_URL (e.g. http://127.0.0.1:8787).');
    const token = io.env.INCIDENT_DESK_TOKEN;
    if (!token) throw new UsageError('No token: set INCIDENT_DESK_TOKEN to an integration token (incident-desk token create --name alertmanager --scope integration --data DIR).');
    let endpoint: URL;
    try {
      endpoint = new URL('/v1/integrations/alertmanager', base);
    } catch {
      throw new UsageError(`--url '${base}' is not a URL`);
    }

    const body = sampleNotification(parsed.values.group ?? DEFAULT_GROUP, parsed.values.resolve, new Date());
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      // fetch says only "fetch failed"; the cause (ECONNREFUSED, a timeout) is what helps.
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : error instanceof Error ? error.message : String(error);
      io.stderr(`incident-desk alerts: could not reach ${endpoint.origin}: ${terminalSafe(cause)}\n`);
      return 1;
    }
    const text = await response.text();
    if (!response.ok) {
      io.stderr(`incident-desk alerts: the receiver answered ${response.status}: ${terminalSafe(errorMessage(text)).slice(0, 1000)}\n`);
      return 1;
    }
    const receipt = JSON.parse(text) as { outcome: string; incidentId: string | null; events: number; firedAgainFrom?: string };
    const incident = receipt.incidentId === null ? 'no incident' : terminalSafe(receipt.incidentId);
    const again = receipt.firedAgainFrom === undefined ? '' : ` (fired again after ${terminalSafe(receipt.firedAgainFrom)})`;
    io.stdout(`Sample alert ${parsed.values.resolve ? 'resolved' : 'firing'}: ${terminalSafe(receipt.outcome)} ${incident}${again}, ${receipt.events} event(s) added.\n`);
    return 0;
  },
};

/** What Alertmanager 0.25 sends for one alert of a group, with the fields it documents. */
export function sampleNotification(groupKey: string, resolved: boolean, now: Date): Record<string, unknown> {
  const status = resolved ? 'resolved' : 'firing';
  const labels = { alertname: 'IncidentDeskTestAlert', severity: 'info', service: 'incident-desk', instance: 'alerts-test' };
  const annotations = {
    summary: 'Test alert from `incident-desk alerts test`',
    description: 'A sample notification sent to check that Alertmanager can reach Incident Desk. Resolve it with --resolve.',
    runbook_url: 'https://runbooks.example/incident-desk-test',
  };
  return {
    receiver: 'incident-desk',
    status,
    alerts: [
      {
        status,
        labels,
        annotations,
        startsAt: new Date(now.getTime() - 60_000).toISOString(),
        endsAt: resolved ? now.toISOString() : '0001-01-01T00:00:00Z',
        generatorURL: 'http://127.0.0.1:9090/graph?g0.expr=vector(1)',
        fingerprint: 'incidentdesktest',
      },
    ],
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: 'http://127.0.0.1:9093',
    version: '4',
    groupKey,
    truncatedAlerts: 0,
  };
}

function errorMessage(text: string): string {
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text;
  } catch {
    return text;
  }
}
