import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { IncidentBackend } from '../../backends/backend';
import { PagerDutyBackend } from '../../backends/pagerduty/pagerDutyBackend';
import { readTeamPolicy } from '../../app/insights/node/repositorySources';
import { repositoryRoot } from '../../app/insights/node/repositoryRoot';
import { repositoryInsightsSources } from '../../app/insights/node/sources';
import { runInsights } from '../../app/insights/runInsights';
import { zonedMidnight } from '../../core/insights/localTime';
import { renderInsightsMarkdown } from '../../core/insights/markdown';
import { terminalSafe } from '../../core/text/terminalSafe';
import { backendFromCliOptions } from '../backendOptions';
import { UsageError, type CliCommand } from '../command';

const DEFAULT_DAYS = 90;

const usage = `Usage: incident-desk insights [--since DATE] [--until DATE] [--repo DIR]
                              [--backend desk|pagerduty|none] [--url URL] [--json | --markdown]

Reliability insights over the incidents declared in [--since, --until): incidents by
severity, service, customer, tag and ISO week; time to action and to resolve per
severity against the policy's KPIs; contributing factors that repeat; follow-ups;
on-call load; DORA time to restore and change failure rate. README "Insights"
defines every measure.

Sources: the backend's incidents with their timelines, the repository's
retrospectives (retrospectives/**/*.md), its policy (.incident-desk/policy.yaml:
insights.timezone, working_hours, deploy_tags) and its git history (deploy tags,
or merges to the default branch).

Options:
  --since DATE   start of the window (inclusive): YYYY-MM-DD (midnight in the policy's
                 time zone) or an ISO timestamp; default ${DEFAULT_DAYS} days before --until
  --until DATE   end of the window (exclusive); default now
  --repo DIR     the repository (default: the current folder)
  --backend B    desk (default when INCIDENT_DESK_URL or --url is set), pagerduty, or
                 none (retrospectives only, offline; the default when no server is set)
  --url URL      the backend's address, as for \`incident-desk incidents\`
  --json         the report as JSON (the documented contract)
  --markdown     the report as markdown to commit or paste into a weekly review (default)

Environment: INCIDENT_DESK_URL, INCIDENT_DESK_TOKEN; PAGERDUTY_TOKEN, PAGERDUTY_URL;
  GITHUB_TOKEN (optional: follow-ups whose linked issue is closed count as done;
  without it the checkboxes decide), GITHUB_API_URL for GitHub Enterprise.
`;

export const insightsCommand: CliCommand = {
  name: 'insights',
  summary: 'reliability insights across incidents, retrospectives and git history',
  usage,
  run: async (args, io) => {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        since: { type: 'string' },
        until: { type: 'string' },
        repo: { type: 'string' },
        backend: { type: 'string' },
        url: { type: 'string' },
        json: { type: 'boolean', default: false },
        markdown: { type: 'boolean', default: false },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    if (values.json && values.markdown) throw new UsageError('choose one of --json and --markdown');
    const repoDir = resolve(io.cwd, values.repo ?? '.');
    if (!existsSync(repoDir) || !statSync(repoDir).isDirectory()) throw new UsageError(`--repo ${values.repo ?? '.'} is not a folder`);

    const root = await repositoryRoot(repoDir);
    const policy = await readTeamPolicy(root);
    const now = new Date();
    const until = values.until === undefined ? now : parseDate(values.until, '--until', policy.insights.timezone);
    const since = values.since === undefined ? new Date(until.getTime() - DEFAULT_DAYS * 86_400_000) : parseDate(values.since, '--since', policy.insights.timezone);
    if (since.getTime() >= until.getTime()) throw new UsageError('--since must be before --until');

    const backend = chooseBackend(values.backend, values.url, io.env);
    if (!backend && values.backend === undefined) io.stderr('incident-desk insights: no server set (INCIDENT_DESK_URL or --url): counting retrospectives only.\n');
    const token = io.env.GITHUB_TOKEN?.trim();
    const apiBaseUrl = io.env.GITHUB_API_URL?.trim();
    const github = token ? { token, ...(apiBaseUrl ? { apiBaseUrl } : {}) } : undefined;
    const sources = repositoryInsightsSources({ root, policy, ...(backend ? { backend } : {}), ...(github ? { github } : {}) });
    const run = await runInsights(sources, { since, until, now });
    if (backend instanceof PagerDutyBackend && backend.lastListTruncated) {
      io.stderr('incident-desk insights: PagerDuty pages stop at 10,000 incidents; use a shorter window for complete figures.\n');
    }
    for (const warning of run.warnings) io.stderr(`incident-desk insights: ${terminalSafe(warning)}\n`);
    if (values.json) io.stdout(`${JSON.stringify(run.report, null, 2)}\n`);
    else io.stdout(terminalSafe(renderInsightsMarkdown(run.report), { multiline: true }));
    return 0;
  },
};

function chooseBackend(kind: string | undefined, url: string | undefined, env: NodeJS.ProcessEnv): IncidentBackend | undefined {
  if (kind === 'none') return undefined;
  if (kind === undefined && url === undefined && !env.INCIDENT_DESK_URL) return undefined;
  return backendFromCliOptions({ backend: kind, url }, env);
}

/** A date is midnight where the team works (the policy's time zone); a timestamp is taken as written. */
export function parseDate(text: string, option: string, timeZone: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const ms = zonedMidnight(text, timeZone);
    if (ms === undefined) throw new UsageError(`${option} ${text} is not a real date`);
    return new Date(ms);
  }
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw new UsageError(`${option} expects YYYY-MM-DD or an ISO timestamp such as 2026-11-01T09:00:00Z, not '${text}'`);
  return new Date(ms);
}
