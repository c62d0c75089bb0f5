// Insights at scale: `incident-desk insights --json` as a cold process over 10,000
// incidents (a PagerDuty-compatible local server), 1,000 retrospectives and 10,000
// commits with 100 deploy tags; and git blame + lookup of a 5,000-line file in a child
// process. Figures only (the budget is 2 s for the CLI; it is reported, not asserted).
//   node out/test/bench/insights.bench.js
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { blameLines } from '../../src/app/insights/node/gitBlame';
import { readRetrospectives } from '../../src/app/insights/node/repositorySources';
import { CommitMemoryIndex, rememberedRuns } from '../../src/core/insights/codeMemory';
import { PD_TOKEN, PagerDutyTestServer } from '../support/pagerDutyServer';
import { summarize } from './figures';

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.mjs');
const INCIDENTS = 10_000;
const RETROSPECTIVES = 1_000;
const COMMITS = 10_000;
const FILE_LINES = 5_000;
const RUNS = Number(process.env.INSIGHTS_BENCH_RUNS ?? 5);
const START = Date.parse('2026-01-05T00:00:00Z');

const gitEnv = { PATH: process.env.PATH, HOME: process.env.HOME, GIT_AUTHOR_NAME: 'B', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'B', GIT_COMMITTER_EMAIL: 'b@example.com' };

/** 10,000 commits through git fast-import (seconds, not minutes); every 100th is tagged v1.N.0; the last touches a 5,000-line file. */
function buildRepository(dir: string): string[] {
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env: gitEnv });
  const chunks: string[] = [];
  for (let i = 1; i <= COMMITS; i++) {
    const at = Math.floor((START + i * 30 * 60_000) / 1000);
    const content = i === COMMITS ? Array.from({ length: FILE_LINES }, (_, n) => `line ${n}`).join('\n') + '\n' : `change ${i}\n`;
    const file = i === COMMITS ? 'big.txt' : `src/file${i % 200}.txt`;
    chunks.push(`commit refs/heads/main\nmark :${i}\ncommitter B <b@example.com> ${at} +0000\ndata ${`c${i}`.length}\nc${i}\n${i > 1 ? `from :${i - 1}\n` : ''}M 644 inline ${file}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    if (i % 100 === 0) chunks.push(`tag v1.${i / 100}.0\nfrom :${i}\ntagger B <b@example.com> ${at} +0000\ndata 0\n\n`);
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, env: gitEnv, input: chunks.join('') });
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: dir, env: gitEnv });
  return execFileSync('git', ['rev-list', 'main'], { cwd: dir, env: gitEnv, encoding: 'utf8' }).trim().split('\n');
}

function writeRetrospectives(dir: string, shas: string[]): void {
  mkdirSync(path.join(dir, 'retrospectives'));
  for (let i = 0; i < RETROSPECTIVES; i++) {
    const id = `P${String(i * 10 + 1).padStart(6, '0')}`;
    const declared = new Date(START + i * 10 * 3_600_000).toISOString();
    writeFileSync(
      path.join(dir, 'retrospectives', `${declared.slice(0, 10)}-${id}.md`),
      ['---', `id: ${id}`, `title: Incident ${i}`, 'severity: 1', `declared_at: ${declared}`, `services: [svc-${i % 20}]`, `contributing_factors: [factor ${i % 50}]`, `trigger_commits: [${(shas[(i * 7) % shas.length] ?? '').slice(0, 12)}]`, '---', '', '## Contributing factors', '', `- factor ${i % 50}`, '', '## Follow-up actions', '', `- [ ] Fix ${i} — @owner${i % 30}, due 2026-06-01`, ''].join('\n'),
    );
  }
  mkdirSync(path.join(dir, '.incident-desk'));
  writeFileSync(path.join(dir, '.incident-desk', 'policy.yaml'), 'insights:\n  timezone: Europe/Berlin\n');
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const profile = process.env.INSIGHTS_BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.INSIGHTS_BENCH_PROFILE] : [];
    const child = spawn(process.execPath, [...profile, cli, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`insights exited ${code}: ${stderr}`))));
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'insights-bench-'));
  const pd = await PagerDutyTestServer.start();
  try {
    const built = performance.now();
    const shas = buildRepository(dir);
    writeRetrospectives(dir, shas);
    for (let i = 0; i < INCIDENTS; i++) {
      const created = new Date(START + i * 3_600_000).toISOString();
      pd.addIncident({
        created_at: created,
        status: 'resolved',
        acknowledgements: [{ at: new Date(START + i * 3_600_000 + 300_000).toISOString(), acknowledger: { id: 'PU', type: 'user_reference', summary: `person ${i % 25}` } }],
        resolved_at: new Date(START + i * 3_600_000 + 1_800_000).toISOString(),
      });
    }
    process.stdout.write(`Insights (fixtures built in ${((performance.now() - built) / 1000).toFixed(1)} s: ${INCIDENTS} incidents, ${RETROSPECTIVES} retrospectives, ${shas.length} commits)\n`);
    const args = ['insights', '--json', '--backend', 'pagerduty', '--url', pd.url, '--repo', dir, '--since', '2026-01-01', '--until', '2027-12-31'];
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) times.push(await runCli(args, { PAGERDUTY_TOKEN: PD_TOKEN }));
    const figure = summarize('incident-desk insights --json (cold process)', `${INCIDENTS} incidents`, times);
    process.stdout.write(`  ${figure.name}  median ${figure.medianMs.toFixed(0)} ms  p95 ${figure.p95Ms.toFixed(0)} ms  (budget 2000 ms)\n`);

    const offline = ['insights', '--json', '--backend', 'none', '--repo', dir, '--since', '2026-01-01', '--until', '2027-12-31'];
    const offlineTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) offlineTimes.push(await runCli(offline, {}));
    const offlineFigure = summarize('incident-desk insights --json --backend none (repository only)', `${RETROSPECTIVES} retrospectives`, offlineTimes);
    process.stdout.write(`  ${offlineFigure.name}  median ${offlineFigure.medianMs.toFixed(0)} ms  p95 ${offlineFigure.p95Ms.toFixed(0)} ms\n`);

    const index = new CommitMemoryIndex(await readRetrospectives(dir));
    const text = Array.from({ length: FILE_LINES }, (_, n) => `line ${n}`).join('\n') + '\n';
    const blameTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const blame = await blameLines(dir, 'big.txt', text);
      rememberedRuns(blame ?? [], index);
      blameTimes.push(performance.now() - start);
    }
    const blameFigure = summarize(`blame + lookup, ${FILE_LINES}-line file (child process)`, 'big.txt', blameTimes);
    process.stdout.write(`  ${blameFigure.name}  median ${blameFigure.medianMs.toFixed(0)} ms  p95 ${blameFigure.p95Ms.toFixed(0)} ms\n`);
  } finally {
    await pd.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
