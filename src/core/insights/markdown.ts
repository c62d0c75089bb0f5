import { SEVERITIES } from '../incidents/model';
import { escapeInline } from '../retrospectives/escape';
import type { InsightsReport } from './types';

/**
 * The report a team commits or pastes into its weekly review. Every name in it comes
 * from incidents and retrospectives, so each is escaped to read as plain text.
 */
export function renderInsightsMarkdown(report: InsightsReport): string {
  const out: string[] = [];
  const since = report.window.since.slice(0, 10);
  const until = report.window.until.slice(0, 10);
  out.push(`# Reliability insights ${since} – ${until}`, '');
  out.push(`Window: declared at or after ${report.window.since} and before ${report.window.until}.`, '');

  out.push('## Incidents', '', `${report.incidents.total} incidents.`, '');
  out.push(table(['Severity', 'Incidents'], SEVERITIES.map((s) => [`Sev ${s}`, String(report.incidents.bySeverity[String(s)] ?? 0)])));
  for (const [title, counts] of [
    ['By service', report.incidents.byService],
    ['By customer', report.incidents.byCustomer],
    ['By tag', report.incidents.byTag],
  ] as const) {
    const rows = Object.entries(counts);
    if (rows.length === 0) continue;
    out.push(`### ${title}`, '', table(['Name', 'Incidents'], rows.map(([name, n]) => [escapeInline(name), String(n)])));
  }
  if (report.incidents.byWeek.length > 0) {
    out.push('### By ISO week', '', table(['Week', ...SEVERITIES.map((s) => `Sev ${s}`)], report.incidents.byWeek.map((w) => [w.week, ...SEVERITIES.map((s) => String(w.bySeverity[String(s)] ?? 0))])));
  }

  out.push('## Time to action and to resolve', '');
  out.push(
    table(
      ['Severity', 'Acted on', 'Median to action', 'p90 to action', 'KPI', 'Within KPI', 'Resolved', 'Median to resolve', 'p90 to resolve'],
      SEVERITIES.map((s) => {
        const action = report.timeToAction[String(s)];
        const resolve = report.timeToResolve[String(s)];
        return [
          `Sev ${s}`,
          String(action?.count ?? 0),
          duration(action?.medianS),
          duration(action?.p90S),
          duration(action?.kpiS),
          action?.withinKpi === null || action?.withinKpi === undefined ? '—' : `${Math.round(action.withinKpi * 1000) / 10}%`,
          String(resolve?.count ?? 0),
          duration(resolve?.medianS),
          duration(resolve?.p90S),
        ];
      }),
    ),
  );

  out.push('## Repeat contributing factors', '');
  if (report.contributingFactors.length === 0) out.push('No contributing factor appears in two or more retrospectives.', '');
  else out.push(table(['Factor', 'Incidents'], report.contributingFactors.map((f) => [escapeInline(f.factor), f.incidents.map(escapeInline).join(', ')])));

  const f = report.followUps;
  out.push('## Follow-ups', '', `${f.total} follow-ups: ${f.done} done, ${f.open} open, ${f.overdue} overdue.`, '');
  const owners = Object.entries(f.byOwner);
  if (owners.length > 0) out.push(table(['Owner', 'Open', 'Overdue'], owners.map(([owner, row]) => [escapeInline(owner), String(row.open), String(row.overdue)])));

  out.push('## On-call load', '');
  if (report.onCallLoad.length === 0) out.push('Nobody held a role on these incidents.', '');
  else out.push(table(['Person', 'Incidents', 'Role hours', 'Nights', 'Weekends'], report.onCallLoad.map((p) => [escapeInline(p.person), String(p.incidents), p.roleHours.toFixed(1), String(p.nightIncidents), String(p.weekendIncidents)])));

  out.push('## DORA', '');
  out.push(`- Time to restore (median): ${duration(report.dora.timeToRestoreMedianS)}`);
  out.push(`- Change failure rate: ${report.dora.changeFailureRate === null ? '— (no deploys in the window)' : `${Math.round(report.dora.changeFailureRate * 1000) / 10}%`}`, '');
  return out.join('\n');
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`), ''].join('\n');
}

/** `45s`, `12m 30s`, `3h 05m`, `2d 4h`; `—` when there is no value. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60 === 0 ? '' : ` ${String(s % 60).padStart(2, '0')}s`}`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86_400)}d ${Math.floor((s % 86_400) / 3600)}h`;
}
