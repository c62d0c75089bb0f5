import { parseArgs } from 'node:util';
import type { Incident } from '../../core/incidents/model';
import { PagerDutyBackend } from '../../backends/pagerduty/pagerDutyBackend';
import { backendFromCliOptions } from '../backendOptions';
import { UsageError, type CliCommand } from '../command';
import { formatDuration, parseDuration } from '../../core/incidents/duration';
import { terminalSafe } from '../../core/text/terminalSafe';

const usage = `Usage: incident-desk incidents list [--status active|resolved] [--since WHEN]
                                   [--backend desk|pagerduty] [--url URL] [--json]

Prints the active incidents, most severe first; with --status resolved, the incidents
resolved since WHEN (PagerDuty: created since WHEN), newest first.

Options:
  --status S    active (default) or resolved
  --since WHEN  with --status resolved: a date/time (2026-11-24, 2026-11-24T09:00Z)
                or a duration back from now (36h, 7d); default 7d
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
  summary: 'list the active or recently resolved incidents (desk server or PagerDuty)',
  usage,
  run: async (args, io) => {
    const parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        backend: { type: 'string' },
        url: { type: 'string' },
        status: { type: 'string', default: 'active' },
        since: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    const [sub, ...extra] = parsed.positionals;
    if (sub !== 'list') throw new UsageError(sub === undefined ? 'missing sub-command: list' : `unknown sub-command '${sub}'`);
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);

    const status = parsed.values.status;
    if (status !== 'active' && status !== 'resolved') throw new UsageError(`--status must be active or resolved, not '${status}'`);
    if (parsed.values.since !== undefined && status !== 'resolved') throw new UsageError('--since goes with --status resolved');
    const now = new Date();
    const since = status === 'resolved' ? sinceDate(parsed.values.since ?? '7d', now) : undefined;

    const backend = backendFromCliOptions({ backend: parsed.values.backend, url: parsed.values.url }, io.env);
    if (since) {
      const resolved = newestResolvedFirst(await backend.listRecentlyResolved(since));
      if (parsed.values.json) io.stdout(`${JSON.stringify(resolved, null, 2)}\n`);
      else io.stdout(renderTable(resolved, now, { empty: `No incidents resolved since ${since.toISOString()}.`, sort: false }));
      return 0;
    }
    const incidents = await backend.listActive();
    if (backend instanceof PagerDutyBackend && backend.lastListTruncated) {
      io.stderr('incident-desk incidents: PagerDuty pages stop at 10,000 incidents; the list is incomplete.\n');
    }
    if (parsed.values.json) io.stdout(`${JSON.stringify(bySeverity(incidents), null, 2)}\n`);
    else io.stdout(renderTable(incidents, now));
    return 0;
  },
};

/** `--since`: an ISO date or date-time, or a duration back from `now`. */
export function sinceDate(value: string, now: Date): Date {
  const back = parseDuration(value);
  if (back !== undefined && /[smhd]$/i.test(value.trim())) return new Date(now.getTime() - back);
  const at = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim()) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`--since '${value}' is neither a date (2026-11-24) nor a duration (7d, 36h)`);
  if (at > now.getTime()) throw new UsageError(`--since '${value}' is in the future`);
  return new Date(at);
}

interface TableOptions {
  /** The line printed instead of an empty table. */
  empty?: string;
  /** False keeps the given order (resolved lists are newest first). */
  sort?: boolean;
}

/** A fixed-width table: SEV, ID, STATUS, AGE, TITLE. */
export function renderTable(incidents: readonly Incident[], now: Date, options: TableOptions = {}): string {
  if (incidents.length === 0) return `${options.empty ?? 'No active incidents.'}\n`;
  const sorted = options.sort === false ? incidents : bySeverity(incidents);
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

function newestResolvedFirst(incidents: readonly Incident[]): Incident[] {
  return [...incidents].sort((a, b) => (b.resolvedAt ?? b.declaredAt).localeCompare(a.resolvedAt ?? a.declaredAt));
}

/** `45s`, `12m`, `3h 05m`, `2d 4h`; `?` for a timestamp that does not parse. */
export function age(declaredAt: string, now: Date): string {
  const declared = Date.parse(declaredAt);
  return Number.isNaN(declared) ? '?' : formatDuration(now.getTime() - declared);
}
