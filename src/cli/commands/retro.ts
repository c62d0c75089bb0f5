import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backendFromCliOptions } from '../backendOptions';
import { SubmitError } from '../../github/errors';
import type { Logger } from '../../github/logger';
import { submitRetrospective } from '../../github/submit';
import { syncFollowUpStatus } from '../../github/syncFollowUps';
import { writeRetrospectiveFile } from '../../app/node/retrospectiveFile';
import { sloImpactSourceFor } from '../../app/slo/node/sloImpactSource';
import { PrometheusSource } from '../../backends/prometheus/prometheusSource';
import { DEFAULT_SLO_GLOBS } from '../../core/slo/glob';
import { terminalSafe } from '../../core/text/terminalSafe';
import { UsageError, type CliCommand, type CliIo } from '../command';

const USAGE = `Usage:
  incident-desk retro write INC-ID [--repo DIR] [--backend desk|pagerduty] [--url URL]
                                   [--executions FILE] [--folder DIR] [--prometheus-url URL]
  incident-desk retro submit FILE [--repo DIR] [--github-api-url URL] [--verbose]
  incident-desk retro sync FILE [--repo DIR] [--github-api-url URL]

write   Writes retrospectives/<date>-<id>-<slug>.md in the repository (default: the
        current folder) from the incident, its runbook runs (--executions, default
        .incident-desk/executions.jsonl) and the repository's commits, and prints its
        path. If the incident already has a retrospective, only its timeline is rebuilt;
        everything else in it is kept.
        Backend: --backend/--url or INCIDENT_DESK_URL + INCIDENT_DESK_TOKEN
        (PAGERDUTY_TOKEN ... for PagerDuty), as for \`incident-desk incidents\`.
        Customer impact: for each SLO of the incident's services (the files matching
        ${DEFAULT_SLO_GLOBS.join(' and ')}), the error budget the incident consumed, from
        Prometheus: --prometheus-url or INCIDENT_DESK_PROMETHEUS_URL (bearer token:
        INCIDENT_DESK_PROMETHEUS_TOKEN). Without one the section says where it would come from.

submit  Commits only FILE on branch retro/<id>, pushes it, opens (or reuses) the pull
        request, files an issue for each open follow-up and writes the numbers back;
        prints the pull request URL. Submitting again creates nothing twice.
        Token: GITHUB_TOKEN (needs the repo scope). GitHub Enterprise:
        --github-api-url https://HOST/api/v3 (or GITHUB_API_URL).

sync    Ticks the follow-ups whose GitHub issue is closed ("tracked to done") and
        lists boxes ticked while their issue is still open. Changes only the file;
        commit it (or submit again) when you are ready. Same token and options.
`;

export const retroCommand: CliCommand = {
  name: 'retro',
  summary: 'write a retrospective from an incident, or submit one as a pull request',
  usage: USAGE,
  run: async (args, io) => {
    const [sub, ...rest] = args;
    if (sub === 'write') return write(rest, io);
    if (sub === 'submit') return submit(rest, io);
    if (sub === 'sync') return sync(rest, io);
    throw new UsageError(sub === undefined ? 'say what to do: write, submit or sync' : `unknown sub-command '${sub}'`);
  },
};

async function write(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    repo: { type: 'string' },
    backend: { type: 'string' },
    url: { type: 'string' },
    executions: { type: 'string' },
    folder: { type: 'string' },
    'prometheus-url': { type: 'string' },
  });
  const id = single(positionals, 'INC-ID');
  const repoDir = resolve(io.cwd, values.repo ?? '.');
  // A bad Prometheus URL is a usage error before anything is fetched.
  const prometheus = prometheusFor(values['prometheus-url'], io);
  const backend = backendFromCliOptions({ backend: values.backend, url: values.url }, io.env);
  const incident = await backend.get(id);
  const result = await writeRetrospectiveFile({
    repoDir,
    incident,
    slos: sloImpactSourceFor(repoDir, DEFAULT_SLO_GLOBS, prometheus, 'pass --prometheus-url or set INCIDENT_DESK_PROMETHEUS_URL'),
    ...(values.executions !== undefined ? { executionsFile: resolve(io.cwd, values.executions) } : {}),
    ...(values.folder !== undefined ? { folder: values.folder } : {}),
    log: stderrLogger(io, false),
  });
  const shownId = terminalSafe(incident.id);
  for (const skipped of incident.skippedEvents ?? []) {
    io.stderr(`warning: left out timeline event ${skipped.index + 1} of ${shownId}, which could not be read: ${terminalSafe(skipped.problem)}\n`);
  }
  io.stderr(
    result.action === 'created'
      ? `Wrote the retrospective of ${shownId} with ${result.timelineEntries} timeline entries.\n`
      : `${shownId} already has a retrospective: rebuilt its timeline (${result.timelineEntries} entries) and kept everything else.\n`,
  );
  io.stdout(`${terminalSafe(result.path)}\n`);
  return 0;
}

/** Prometheus from --prometheus-url or the environment (as for \`incident-desk slo status\`); undefined when neither is set. */
function prometheusFor(given: string | undefined, io: CliIo): PrometheusSource | undefined {
  const url = (given ?? io.env.INCIDENT_DESK_PROMETHEUS_URL ?? '').trim();
  if (url === '') return undefined;
  const token = io.env.INCIDENT_DESK_PROMETHEUS_TOKEN?.trim();
  try {
    // A retrospective is not held up by a slow Prometheus: the figure is then left out with a warning.
    return new PrometheusSource({ url, timeoutMs: 10_000, ...(token ? { token } : {}) });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** GITHUB_TOKEN and the API URL, the same for every command that talks to GitHub. */
function gitHubAccess(values: { 'github-api-url'?: string | boolean }, io: CliIo): { token: string; apiBaseUrl: string | undefined } {
  const token = io.env.GITHUB_TOKEN?.trim();
  if (!token) throw new UsageError('set GITHUB_TOKEN to a GitHub token with the repo scope (it is read only from the environment)');
  const given = values['github-api-url'];
  const apiBaseUrl = (typeof given === 'string' ? given : undefined) ?? (io.env.GITHUB_API_URL?.trim() || undefined);
  if (apiBaseUrl !== undefined && !/^https?:\/\/[^\s@/]+(\/[^\s@]*)?$/.test(apiBaseUrl)) {
    throw new UsageError(`--github-api-url must be an http(s) URL without credentials, e.g. https://ghe.example.com/api/v3`);
  }
  return { token, apiBaseUrl };
}

async function sync(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { repo: { type: 'string' }, 'github-api-url': { type: 'string' } });
  const file = single(positionals, 'FILE');
  const { token, apiBaseUrl } = gitHubAccess(values, io);
  try {
    const result = await syncFollowUpStatus({
      repoDir: resolve(io.cwd, values.repo ?? '.'),
      file: resolve(io.cwd, file),
      tokenProvider: async () => token,
      ...(apiBaseUrl !== undefined ? { apiBaseUrl } : {}),
      write: true,
    });
    // Follow-up titles came from an incident and may have been edited on GitHub: remote text.
    for (const f of result.ticked) io.stdout(`done   ${terminalSafe(f.title)} (#${terminalSafe(String(f.issue).replace(/^.*\//, ''))})\n`);
    for (const f of result.doneButOpen) io.stdout(`open   ${terminalSafe(f.title)}: ticked in the file, but its issue is still open\n`);
    for (const f of result.unknown) io.stdout(`?      ${terminalSafe(f.title)}: its issue was not found\n`);
    io.stderr(result.changed ? `Updated ${terminalSafe(result.path)}.\n` : 'Nothing to update.\n');
    return 0;
  } catch (error) {
    if (!(error instanceof SubmitError)) throw error;
    io.stderr(`incident-desk retro sync: ${terminalSafe(error.message, { multiline: true })}\n`);
    return 1;
  }
}

async function submit(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    repo: { type: 'string' },
    'github-api-url': { type: 'string' },
    verbose: { type: 'boolean' },
  });
  const file = single(positionals, 'FILE');
  const { token, apiBaseUrl } = gitHubAccess(values, io);
  const repoDir = resolve(io.cwd, values.repo ?? '.');
  try {
    const result = await submitRetrospective({
      repoDir,
      file: resolve(io.cwd, file),
      tokenProvider: async () => token,
      ...(apiBaseUrl !== undefined ? { apiBaseUrl } : {}),
      onProgress: (progress) => io.stderr(`${terminalSafe(progress.message, { multiline: true })}\n`),
      log: stderrLogger(io, values.verbose === true),
    });
    const issues = result.createdIssues.map((i) => `#${i.number}`).join(', ');
    io.stderr(
      `${result.reusedPr ? 'Reused the open' : 'Opened'} pull request #${result.prNumber} on ${result.branch}` +
        `${issues ? `; created issues ${issues}` : ''}${result.commits.length === 0 ? '; nothing new to commit' : ''}.\n`,
    );
    io.stdout(`${terminalSafe(result.prUrl)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof SubmitError)) throw error;
    io.stderr(`incident-desk retro submit: ${terminalSafe(error.message, { multiline: true })}\n`);
    if (error.kind === 'unauthorized') io.stderr('Check GITHUB_TOKEN: it must be a valid token with the repo scope.\n');
    if (error.partial?.prUrl) io.stdout(`${terminalSafe(error.partial.prUrl)}\n`);
    return 1;
  }
}

type Options = Parameters<typeof parseArgs>[0] extends infer T ? (T extends { options?: infer O } ? O : never) : never;

function parse<O extends NonNullable<Options>>(args: string[], options: O) {
  return parseArgs({ args, options, allowPositionals: true, strict: true });
}

function single(positionals: string[], name: string): string {
  if (positionals.length !== 1 || positionals[0] === undefined || positionals[0] === '') {
    throw new UsageError(positionals.length === 0 ? `${name} is required` : `expected one ${name}, got ${positionals.length}`);
  }
  return positionals[0];
}

/** Warnings and errors on stderr; the step-by-step detail only with --verbose. */
function stderrLogger(io: CliIo, verbose: boolean): Logger {
  // Log lines quote incident titles, GitHub answers and git output: remote text.
  const say = (prefix: string, m: string) => io.stderr(`${prefix}${terminalSafe(m, { multiline: true })}\n`);
  return {
    debug: (m) => verbose && say('debug: ', m),
    info: (m) => verbose && say('', m),
    warn: (m) => say('warning: ', m),
    error: (m) => verbose && say('error: ', m),
  };
}
