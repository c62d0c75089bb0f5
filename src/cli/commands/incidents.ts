import { parseArgs } from 'node:util';
import type { Incident } from '../../core/incidents/model';
import { PagerDutyBackend } from '../../backends/pagerduty/pagerDutyBackend';
import { backendFromCliOptions } from '../backendOptions';
import { UsageError, type CliCommand } from '../command';
import { formatDuration } from '../../core/incidents/duration';
import { terminalSafe } from '../../core/text/terminalSafe';

const usage = `Usage: incident-desk incidents list [--backend desk|pagerduty] [--url URL] [--json]

Prints the active incidents, most severe first.

Options:
  --backend B   desk (default) or pagerduty
  --url URL     the backend's address; desk: or INCIDENT_DESK_URL,
                pagerduty: or PAGERDUTY_URL (default https://api.pagerduty.com)
  --json        print the incidents as JSON

Environment:
  INCIDENT_DESK_TOKEN   token for the desk server (incident-desk token create)
  PAGERDUTY_TOKEN       PagerDuty REST API key
  PAGERDUTY_FROM        PagerDuty user email (needed by commands that write)
`;

export const incidentsCommand: CliCommand = {
  name: 'incidents',
  summary: 'list the active incidents (desk server or PagerDuty)',
  usage,
  run: async (args, io) => {
    const parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { backend: { type: 'string' }, url: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const [sub, ...extra] = parsed.positionals;
    if (sub !== 'list') throw new UsageError(sub === undefined ? 'missing sub-command: list' : `unknown sub-command '${sub}'`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);

    const backend = backendFromCliOptions({ backend: parsed.values.backend, url: parsed.values.url }, io.env);
    const incidents = await backend.listActive();
    if (backend instanceof PagerDutyBackend && backend.lastListTruncated) {
      io.stderr('incident-desk incidents: PagerDuty pages stop at 10,000 incidents; the list is incomplete.\n');
    }
    if (parsed.values.json) io.stdout(`${JSON.stringify(bySeverity(incidents), null, 2)}\n`);
    else io.stdout(renderTable(incidents, new Date()));
    return 0;
  },
};

/** A fixed-width table: SEV, ID, STATUS, AGE, TITLE. */
export function renderTable(incidents: readonly Incident[], now: Date): string {
  if (incidents.length === 0) return 'No active incidents.\n';
  const sorted = bySeverity(incidents);
  // Every cell but the computed ones comes from the backend.
  const rows = sorted.map((i) => [`SEV${i.severity}`, terminalSafe(i.id), terminalSafe(i.status), age(i.declaredAt, now), terminalSafe(i.title)]);
  const header = ['SEV', 'ID', 'STATUS', 'AGE', 'TITLE'];
  const widths = header.map((h, column) => Math.max(h.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** Most severe first, then longest running: the order a responder reads a list in. */
function bySeverity(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort((a, b) => a.severity - b.severity || a.declaredAt.localeCompare(b.declaredAt));
}

/** `45s`, `12m`, `3h 05m`, `2d 4h`; `?` for a timestamp that does not parse. */
export function age(declaredAt: string, now: Date): string {
  const declared = Date.parse(declaredAt);
  return Number.isNaN(declared) ? '?' : formatDuration(now.getTime() - declared);
}
