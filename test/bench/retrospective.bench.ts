// How long tooling takes to write a retrospective that a person would otherwise build by
// hand (the field's figure: 2–3 hours per incident, mostly the timeline). The incident has
// 10,000 timeline events, 2,000 runbook execution records (half of them also reported as
// runbook_step events, so de-duplication works for its living) and 1,000 commits in a real
// git repository (made with `git fast-import`). Figures only: nothing passes or fails here.
//   node out/test/bench/retrospective.bench.js
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { IncidentWithTimeline, TimelineEvent } from '../../src/core/incidents/model';
import { buildTimeline, parseRetrospective, refreshTimeline, renderRetrospective } from '../../src/core/retrospectives';
import type { ExecutionRecord } from '../../src/core/runbooks/executionRecord';
import { RetroGit } from '../../src/github/git';
import { writeRetrospectiveFile } from '../../src/app/node/retrospectiveFile';

const EVENTS = 10_000;
const RECORDS = 2_000;
const COMMITS = 1_000;
const RUNS = 5;
const DECLARED = Date.parse('2026-11-01T10:00:00Z');
const RESOLVED = DECLARED + 6 * 60 * 60 * 1000;
const ROOT = path.resolve(__dirname, '..', '..', '..');

interface Figure {
  name: string;
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  note: string;
}

const figures: Figure[] = [];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function makeIncident(): { incident: IncidentWithTimeline; records: ExecutionRecord[] } {
  const id = 'INC-9001';
  const span = RESOLVED - DECLARED;
  const records: ExecutionRecord[] = [];
  for (let i = 0; i < RECORDS; i++) {
    records.push({
      runbook: `runbooks/db-${i % 7}.md`, step: `Step ${i % 12}`, stepIndex: i % 12, command: `./fix.sh --attempt ${i}`,
      startedAt: iso(DECLARED + Math.floor(((i + 0.5) / RECORDS) * span)), durationMs: 1000 + (i % 50) * 37, exitCode: i % 9 === 0 ? 1 : 0,
      user: `user${i % 5}`, incidentId: id,
    });
  }
  const timeline: TimelineEvent[] = [{ id: 'e0', incidentId: id, at: iso(DECLARED), author: 'alice', type: 'declared', severity: 1, title: 'Checkout down' }];
  // Half the runs were also reported to the server as runbook_step events (the same run, seen twice).
  for (let i = 0; i < RECORDS; i += 2) {
    const r = records[i];
    if (!r) continue;
    timeline.push({
      id: `s${i}`, incidentId: id, at: iso(Date.parse(r.startedAt) + r.durationMs), author: r.user, type: 'runbook_step',
      runbook: r.runbook, step: r.step, exitCode: r.exitCode, durationMs: r.durationMs, command: r.command,
    });
  }
  for (let i = timeline.length; i < EVENTS - 1; i++) {
    const at = iso(DECLARED + Math.floor((i / EVENTS) * span));
    const kind = i % 4;
    if (kind === 0) timeline.push({ id: `n${i}`, incidentId: id, at, author: 'bob', type: 'note', text: `Observation ${i}: p99 is ${200 + (i % 300)} ms <still> high | see *graph*` });
    else if (kind === 1) timeline.push({ id: `c${i}`, incidentId: id, at, author: `user${i % 9}`, type: 'check_in' });
    else if (kind === 2) timeline.push({ id: `u${i}`, incidentId: id, at, author: 'carol', type: 'status_update', audience: 'executive', conditions: 'Checkout degraded', actions: 'Failing over', needs: 'None' });
    else timeline.push({ id: `r${i}`, incidentId: id, at, author: 'alice', type: 'role_assigned', role: 'sme', assignee: `sme${i % 13}` });
  }
  timeline.push({ id: 'end', incidentId: id, at: iso(RESOLVED), author: 'alice', type: 'resolved' });
  const incident: IncidentWithTimeline = {
    id, title: 'Checkout down in every region', severity: 1, status: 'resolved', services: ['checkout'], customers: ['acme'], tags: [],
    roles: { commander: 'alice', smes: [] }, declaredAt: iso(DECLARED), acknowledgedAt: iso(DECLARED + 120_000), resolvedAt: iso(RESOLVED),
    summary: 'Checkout was down.', version: 1, timeline,
  };
  return { incident, records };
}

/** 1,000 commits spread over the incident window, written in one `git fast-import` stream. */
function makeRepo(dir: string): void {
  execFileSync('git', ['init', '--quiet', '--initial-branch=main', dir]);
  const parts: string[] = [];
  const span = RESOLVED - DECLARED;
  for (let i = 1; i <= COMMITS; i++) {
    const when = Math.floor((DECLARED + (i / COMMITS) * span) / 1000);
    const message = `Change ${i}: tune pool\n`;
    const content = `pool=${i}\n`;
    parts.push(
      'commit refs/heads/main', `mark :${i}`, `author Dev ${i % 10} <dev${i % 10}@example.com> ${when} +0000`,
      `committer Dev ${i % 10} <dev${i % 10}@example.com> ${when} +0000`, `data ${Buffer.byteLength(message)}`, message.trimEnd(),
      ...(i > 1 ? [`from :${i - 1}`] : []), 'M 100644 inline pool.conf', `data ${Buffer.byteLength(content)}`, content.trimEnd(), '',
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: `${parts.join('\n')}\n` });
  execFileSync('git', ['reset', '--quiet', '--hard', 'main'], { cwd: dir });
}

async function measure(name: string, note: string, fn: () => Promise<void> | void): Promise<void> {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  figures.push({ name, runs: RUNS, medianMs: round(sorted[Math.floor(RUNS / 2)] ?? 0), minMs: round(sorted[0] ?? 0), maxMs: round(sorted[RUNS - 1] ?? 0), note });
}

function table(rows: Figure[]): string {
  const header = ['what', 'runs', 'median ms', 'min ms', 'max ms', 'note'];
  const cells = rows.map((r) => [r.name, String(r.runs), r.medianMs.toFixed(1), r.minMs.toFixed(1), r.maxMs.toFixed(1), r.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const started = Date.now();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-retro-bench-'));
  try {
    const repo = path.join(work, 'repo');
    const fastImportStart = performance.now();
    makeRepo(repo);
    const fastImportMs = performance.now() - fastImportStart;
    const { incident, records } = makeIncident();
    fs.mkdirSync(path.join(repo, '.incident-desk'));
    fs.writeFileSync(path.join(repo, '.incident-desk', 'executions.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const now = new Date(RESOLVED + 86_400_000);

    let written = '';
    let entries = 0;
    await measure('write retrospective (end to end)', 'read 2,000 records + git log 1,000 commits + merge + render + atomic write', async () => {
      fs.rmSync(path.join(repo, 'retrospectives'), { recursive: true, force: true });
      const result = await writeRetrospectiveFile({ repoDir: repo, incident, now });
      written = result.path;
      entries = result.timelineEntries;
    });
    const markdown = fs.readFileSync(written, 'utf8');
    const git = await RetroGit.open(repo, { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} });
    const commitList = await git.commitsBetween(new Date(DECLARED - 7_200_000), new Date(RESOLVED + 1_800_000));
    await measure('  of which: git log of the window', `${commitList.length} commits`, async () => {
      await git.commitsBetween(new Date(DECLARED - 7_200_000), new Date(RESOLVED + 1_800_000));
    });
    const input = { incident, executions: records, commits: commitList };
    await measure('  of which: merge + de-duplicate timeline', `${entries} lines from ${EVENTS + RECORDS + COMMITS} facts`, () => {
      buildTimeline(input, now);
    });
    await measure('  of which: merge + render markdown', `${(Buffer.byteLength(markdown) / 1024).toFixed(0)} KiB file`, () => {
      renderRetrospective(input, now);
    });
    await measure('refresh timeline (file already written)', 'rebuild only between the markers', () => {
      refreshTimeline(markdown, buildTimeline(input, now));
    });
    await measure('parse the written file', 'front matter + sections + follow-ups', () => {
      parseRetrospective(markdown);
    });

    console.log(table(figures));
    const endToEnd = figures[0]?.medianMs ?? 0;
    console.log(`\nBy hand (field figure): 2–3 hours to build a postmortem timeline.`);
    console.log(`Here: ${(endToEnd / 1000).toFixed(2)} s for ${EVENTS.toLocaleString('en')} events, ${RECORDS.toLocaleString('en')} runbook records, ${COMMITS.toLocaleString('en')} commits` +
      ` (about ${Math.round((2.5 * 3600 * 1000) / Math.max(endToEnd, 1)).toLocaleString('en')}× faster than 2.5 h). Repository set up with git fast-import in ${(fastImportMs / 1000).toFixed(2)} s.`);
    const out = process.env.INCIDENT_DESK_BENCH_DIR ?? path.join(ROOT, 'bench-results');
    fs.mkdirSync(out, { recursive: true });
    const report = {
      benchmark: 'retrospective', date: new Date().toISOString(), node: process.version, cpus: os.cpus().length,
      input: { events: EVENTS, runbookRecords: RECORDS, commits: COMMITS, timelineLines: entries, fileBytes: Buffer.byteLength(markdown) },
      anchor: { byHandHours: [2, 3] }, seconds: (Date.now() - started) / 1000, figures,
    };
    fs.writeFileSync(path.join(out, 'retrospective.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwritten to ${path.relative(ROOT, path.join(out, 'retrospective.json'))} (${report.seconds.toFixed(1)} s)`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
