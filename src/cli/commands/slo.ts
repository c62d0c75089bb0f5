import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSloFiles, type SloFile } from '../../app/slo/node/sloFiles';
import { sloStatuses, statusJson } from '../../app/slo/sloStatus';
import { PrometheusSource } from '../../backends/prometheus/prometheusSource';
import { formatDuration } from '../../core/incidents/duration';
import { parsePolicyFile, POLICY_FILE } from '../../core/policy/policyFile';
import { DEFAULT_SLO_BURN_POLICY, type SloBurnPolicy } from '../../core/policy/sections/sloBurn';
import { runbooksForIncident } from '../../core/runbooks/match';
import { parseRunbook } from '../../core/runbooks/parse';
import { burnState } from '../../core/slo/budget';
import { DEFAULT_SLO_GLOBS } from '../../core/slo/glob';
import { sloRules } from '../../core/slo/rules';
import type { SloDefinition } from '../../core/slo/types';
import { terminalSafe } from '../../core/text/terminalSafe';
import { writeFileAtomic } from '../../shared/atomicFile';
import { displayPath, findRunbookFiles } from '../../runbooks/workspace';
import { UsageError, type CliCommand, type CliIo } from '../command';

const usage = `Usage: incident-desk slo status [FILE ...] [--prometheus-url URL] [--json]
       incident-desk slo lint [FILE ...] [--json]
       incident-desk slo rules [FILE ...] [--out FILE] [--runbook-url-base URL]

SLOs are OpenSLO v1 documents (kind: SLO, a ratioMetric of Prometheus queries,
a rolling timeWindow, budgetingMethod: Occurrences, objectives[0].target), by
default the files matching ${DEFAULT_SLO_GLOBS.join(' and ')} (--glob to change).

  status   SLI, error budget remaining, burn rates (5m 30m 1h 6h 3d), firing
           multiwindow pairs, time to exhaustion and the severity the policy
           (slo_burn in .incident-desk/policy.yaml) assigns, from Prometheus
  lint     checks the SLO files; for CI: exits 1 on any error (FILE:LINE:COL)
  rules    Prometheus recording rules and the ErrorBudgetBurnFast (1h/5m, 6h/30m)
           and ErrorBudgetBurnSlow (3d/6h) alert rules, with severity, service,
           slo labels and runbook_url when a runbook under runbooks/ fits

Options:
  --prometheus-url URL     the Prometheus HTTP API; or INCIDENT_DESK_PROMETHEUS_URL
  --glob GLOB              where SLO files are (repeatable; relative to the current folder)
  --json                   machine-readable output
  --out FILE               write the rules there (atomically) instead of to stdout
  --runbook-url-base URL   runbook_url is this + the runbook's path (default: the path)

Environment:
  INCIDENT_DESK_PROMETHEUS_TOKEN   a bearer token for Prometheus (a proxy in front of it)
`;


export const sloCommand: CliCommand = {
  name: 'slo',
  summary: 'SLOs and error budgets from Prometheus: status, lint (for CI), alert rules',
  usage,
  run: async (args, io) => {
    const parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        'prometheus-url': { type: 'string' },
        glob: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        'runbook-url-base': { type: 'string' },
      },
    });
    const [sub, ...files] = parsed.positionals;
    if (sub !== 'status' && sub !== 'lint' && sub !== 'rules') throw new UsageError(sub === undefined ? 'missing sub-command: status, lint or rules' : `unknown sub-command '${sub}'`);
    const loaded = await loadSloFiles(io.cwd, parsed.values.glob ?? DEFAULT_SLO_GLOBS, files);
    if (sub === 'lint') return lint(loaded, parsed.values.json, io);
    const errors = loaded.flatMap((f) => f.problems.filter((p) => p.severity === 'error').map((p) => problemLine(f.path, p)));
    if (errors.length > 0) {
      io.stderr(`incident-desk slo: the SLO files have errors (incident-desk slo lint):\n${errors.join('\n')}\n`);
      return 1;
    }
    const slos = loaded.flatMap((f) => f.slos);
    const policy = await burnPolicy(io);
    if (sub === 'rules') return rules(slos, policy, parsed.values.out, parsed.values['runbook-url-base'], io);

    const url = parsed.values['prometheus-url'] ?? io.env.INCIDENT_DESK_PROMETHEUS_URL;
    if (!url) throw new UsageError('No Prometheus: pass --prometheus-url URL or set INCIDENT_DESK_PROMETHEUS_URL (e.g. http://127.0.0.1:9090).');
    const source = new PrometheusSource({ url, ...(io.env.INCIDENT_DESK_PROMETHEUS_TOKEN ? { token: io.env.INCIDENT_DESK_PROMETHEUS_TOKEN } : {}) });
    const statuses = await sloStatuses(slos, source, policy, Date.now());
    if (parsed.values.json) {
      io.stdout(`${JSON.stringify(statusJson(statuses), null, 2)}\n`);
      return 0;
    }
    if (statuses.length === 0) io.stdout(`No SLOs found (${(parsed.values.glob ?? DEFAULT_SLO_GLOBS).join(', ')}).\n`);
    for (const s of statuses) {
      const sli = s.sli === null ? 'no traffic' : `SLI ${percent(s.sli)}`;
      const burns = Object.entries(s.burnRates).map(([w, r]) => `${w} ${r.toFixed(2)}×`).join(' ');
      const exhaustion = s.exhaustionS === null ? 'not burning' : `budget gone in ${formatDuration(s.exhaustionS * 1000)}`;
      const firing = s.firing.length > 0 ? ` · firing ${s.firing.join(', ')}` : '';
      io.stdout(
        terminalSafe(
          `${s.name} (${s.service}) · ${percent(s.target)} over ${s.window} · ${sli} · budget ${percent(s.budgetRemaining)} left · ${burnState(s)} · Sev ${s.severity} (${exhaustion})${firing}\n    burn ${burns}\n`,
        ),
      );
    }
    return 0;
  },
};

function lint(files: SloFile[], json: boolean, io: CliIo): number {
  const errors = files.reduce((n, f) => n + f.problems.filter((p) => p.severity === 'error').length, 0);
  const warnings = files.reduce((n, f) => n + f.problems.filter((p) => p.severity === 'warning').length, 0);
  const slos = files.reduce((n, f) => n + f.slos.length, 0);
  if (json) io.stdout(`${JSON.stringify({ files, summary: { files: files.length, slos, errors, warnings } }, null, 2)}\n`);
  else {
    for (const file of files) for (const problem of file.problems) io.stdout(`${problemLine(file.path, problem)}\n`);
    io.stdout(`${files.length} file(s), ${slos} SLO(s): ${errors} error(s), ${warnings} warning(s).\n`);
  }
  return errors > 0 ? 1 : 0;
}

function problemLine(file: string, problem: SloFile['problems'][number]): string {
  return terminalSafe(`${file}:${problem.line}:${problem.col}: ${problem.severity}: ${problem.message}`);
}

async function rules(slos: SloDefinition[], policy: SloBurnPolicy, out: string | undefined, urlBase: string | undefined, io: CliIo): Promise<number> {
  const runbooks = await shippedRunbooks(io.cwd);
  const text = sloRules({
    slos,
    policy,
    runbookFor: (slo, alert) => {
      const fit = runbooksForIncident(runbooks, { services: [slo.service], tags: [alert], title: alert })[0];
      return fit === undefined ? undefined : { url: urlBase === undefined ? fit.path : new URL(fit.path, urlBase.endsWith('/') ? urlBase : `${urlBase}/`).toString() };
    },
  });
  if (out === undefined) io.stdout(text);
  else {
    await writeFileAtomic(path.resolve(io.cwd, out), text);
    io.stderr(`Wrote ${slos.length} SLO(s) as rules to ${out}.\n`);
  }
  return 0;
}

async function shippedRunbooks(cwd: string): Promise<{ path: string; frontMatter: ReturnType<typeof parseRunbook>['frontMatter'] }[]> {
  const dir = path.join(cwd, 'runbooks');
  let files: string[];
  try {
    files = await findRunbookFiles(dir);
  } catch {
    return [];
  }
  return Promise.all(files.map(async (file) => ({ path: displayPath(cwd, file), frontMatter: parseRunbook(await fs.readFile(file, 'utf8')).frontMatter })));
}

async function burnPolicy(io: CliIo): Promise<SloBurnPolicy> {
  let text: string;
  try {
    text = await fs.readFile(path.join(io.cwd, POLICY_FILE), 'utf8');
  } catch {
    return DEFAULT_SLO_BURN_POLICY;
  }
  const result = parsePolicyFile(text);
  if (!result.fromFile) io.stderr(`incident-desk slo: ${POLICY_FILE} has errors; the default policy applies (incident-desk runbooks lint shows them).\n`);
  return result.policy.sloBurn;
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction > 0.99 && fraction < 1 ? 3 : 2)}%`;
}
