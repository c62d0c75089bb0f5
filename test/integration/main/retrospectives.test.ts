import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { Incident, IncidentWithTimeline } from '../../../src/core/incidents/model';
import { TIMELINE_END, TIMELINE_START, formatUtc } from '../../../src/core/retrospectives';
import type { ExecutionRecord } from '../../../src/core/runbooks/executionRecord';
import type { SubmitResult } from '../../../src/github/submit';
import { FakeGitHub } from '../../support/githubServer';
import { extensionApi } from '../support/extension';
import { api, eventually, serverToken, serverUrl } from '../support/server';

const WRITE = 'incidentDesk.retro.write';
const REFRESH = 'incidentDesk.retro.refreshTimeline';
const SUBMIT = 'incidentDesk.retro.submit';
const GITHUB_TOKEN = `ghp_canary${process.pid}x0123456789`;

const workspace = (): string => {
  const dir = process.env.INCIDENT_DESK_TEST_WORKSPACE;
  if (!dir) throw new Error('INCIDENT_DESK_TEST_WORKSPACE is not set: run through test/harness/run-integration.mjs');
  return dir;
};

/** Local git in the test workspace; `at` dates the commit (author and committer) so it falls in the incident window. */
function git(args: string[], options: { at?: string } = {}): string {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0' };
  if (options.at) env.GIT_AUTHOR_DATE = env.GIT_COMMITTER_DATE = options.at;
  return execFileSync('git', args, { cwd: workspace(), env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * git that talks to the fake GitHub. Never synchronous: that server runs in this same
 * extension host, and a blocked event loop could not answer the push.
 */
async function gitOverNetwork(args: string[], env: Record<string, string>): Promise<void> {
  await promisify(execFile)('git', args, { cwd: workspace(), env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...env }, timeout: 30_000 });
}

function commitFile(relPath: string, content: string, subject: string, at: string): string {
  fs.mkdirSync(path.dirname(path.join(workspace(), relPath)), { recursive: true });
  fs.writeFileSync(path.join(workspace(), relPath), content);
  git(['add', '--', relPath]);
  git(['commit', '--quiet', '-m', subject], { at });
  return git(['rev-parse', 'HEAD']).trim();
}

function timelineBlock(markdown: string): string[] {
  const lines = markdown.split('\n');
  return lines.slice(lines.indexOf(TIMELINE_START) + 1, lines.indexOf(TIMELINE_END));
}

const minutesAfter = (iso: string, minutes: number): string => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

describe('retrospectives editor', function () {
  this.timeout(90_000);
  let incident: IncidentWithTimeline;
  let retro: vscode.Uri;
  let firstCommit: string;
  const record: Partial<ExecutionRecord> = {};

  before(async () => {
    const { incidents } = await extensionApi();
    await incidents.ready;
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken()), true);
    await eventually('the incidents view to be online', () => incidents.state().kind === 'online');
    const resolved = (await api<{ incidents: Incident[] }>('GET', '/v1/incidents?status=resolved')).incidents;
    const demo = resolved.find((i) => /Orders DB primary failover/.test(i.title));
    assert.ok(demo, `the demo server has the resolved failover incident (resolved: ${resolved.map((i) => i.title).join(' | ')})`);
    incident = await api<IncidentWithTimeline>('GET', `/v1/incidents/${demo.id}`);
    assert.ok(incident.resolvedAt, 'the demo incident is resolved');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(workspace(), '.incident-desk', 'executions.jsonl'), { force: true });
  });

  it('writes the retrospective of a resolved demo incident: its server events, a runbook run and a commit in one timeline', async () => {
    // A runbook run recorded during the incident (the command line's log in the repository)…
    Object.assign(record, {
      runbook: 'runbooks/orders-db/failover.md',
      step: `check-replica-lag-${process.pid}`,
      stepIndex: 4,
      command: './scripts/replica-lag.sh --cluster orders-prod',
      startedAt: minutesAfter(incident.declaredAt, 7),
      durationMs: 3200,
      exitCode: 0,
      user: 'ken.ito',
    } satisfies ExecutionRecord);
    const log = path.join(workspace(), '.incident-desk', 'executions.jsonl');
    fs.mkdirSync(path.dirname(log), { recursive: true });
    fs.appendFileSync(log, `${JSON.stringify(record)}\n`);
    // …and a commit that landed while it was open.
    firstCommit = commitFile('config/orders-db.yaml', 'pool:\n  healthCheck: true\n', 'Enable connection pool health checks for orders-db', minutesAfter(incident.declaredAt, 12));

    // As from the Incidents tree: the node carries the incident.
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>(WRITE, { kind: 'incident', incident });
    assert.ok(uri, 'the command returns the new file');
    retro = uri;
    const relative = path.relative(workspace(), uri.fsPath).split(path.sep).join('/');
    assert.equal(relative, `retrospectives/${incident.declaredAt.slice(0, 10)}-${incident.id}-orders-db-primary-failover-caused-write-errors.md`);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath, 'the retrospective is opened');

    const markdown = fs.readFileSync(uri.fsPath, 'utf8');
    assert.match(markdown, new RegExp(`^---\\nid: ${incident.id}\\n`), 'front matter first');
    const timeline = timelineBlock(markdown);
    for (const event of incident.timeline) {
      const source = event.type === 'runbook_step' ? 'runbook' : 'incident';
      assert.ok(
        timeline.some((line) => line.startsWith(`- ${formatUtc(event.at)} · ${source} · `)),
        `the ${event.type} event at ${event.at} is on the timeline:\n${timeline.join('\n')}`,
      );
    }
    const run = timeline.find((line) => line.includes(record.step ?? '?'));
    assert.ok(run, 'the runbook run is on the timeline');
    assert.ok(run.startsWith(`- ${formatUtc(record.startedAt ?? '')} · runbook · `), run);
    const commit = timeline.find((line) => line.includes('Enable connection pool health checks for orders-db'));
    assert.ok(commit, 'the commit is on the timeline');
    assert.ok(commit.includes(firstCommit.slice(0, 7)), commit);
    assert.ok(commit.startsWith(`- ${formatUtc(minutesAfter(incident.declaredAt, 12))} · commit · `), commit);
    const times = timeline.map((line) => Date.parse(line.slice(2, 21).replace(' ', 'T') + 'Z'));
    assert.deepEqual(times, [...times].sort((a, b) => a - b), 'in time order');
  });

  it('shows a malformed follow-up line as a diagnostic on its line', async () => {
    const document = await vscode.workspace.openTextDocument(retro);
    const heading = document.getText().split('\n').indexOf('## Contributing factors');
    assert.ok(heading > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(retro, new vscode.Position(heading, 0), '- [ ] Alert on replica lag, no owner here\n\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const problems = await eventually('a diagnostic for the bad follow-up', () => {
      const found = vscode.languages.getDiagnostics(retro).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(problems[0]?.range.start.line, heading, 'on the malformed line');
    assert.match(problems[0]?.message ?? '', /owner/);

    // Fixed, the problem goes away.
    const fix = new vscode.WorkspaceEdit();
    fix.replace(retro, document.lineAt(heading).range, '- [ ] Alert on replica lag > 10 s — @ken-ito, due 2026-12-05');
    assert.ok(await vscode.workspace.applyEdit(fix));
    await eventually('the diagnostic to clear', () => vscode.languages.getDiagnostics(retro).every((d) => d.severity !== vscode.DiagnosticSeverity.Error));
    assert.ok(await document.save());
  });

  it('writing it again opens the existing file and never overwrites it', async () => {
    const before = fs.readFileSync(retro.fsPath, 'utf8');
    assert.match(before, /@ken-ito/, 'the human edit is on disk');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const again = await vscode.commands.executeCommand<vscode.Uri | undefined>(WRITE, incident.id);
    assert.equal(again?.fsPath, retro.fsPath);
    assert.equal(fs.readFileSync(retro.fsPath, 'utf8'), before, 'unchanged');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, retro.fsPath, 'opened');
    const siblings = fs.readdirSync(path.dirname(retro.fsPath)).filter((name) => name.includes(incident.id));
    assert.deepEqual(siblings, [path.basename(retro.fsPath)], 'no second file, no temporary file left behind');
  });

  it('refresh rebuilds only the timeline, keeps human edits elsewhere, and can be undone', async () => {
    const editor = await vscode.window.showTextDocument(retro, { preview: false });
    const document = editor.document;
    const summary = document.getText().split('\n').indexOf('## Summary');
    const human = 'We lost writes for eleven minutes; this line was written by a person.';
    assert.ok(await editor.edit((builder) => builder.insert(new vscode.Position(summary + 1, 0), `${human}\n`)));
    const lateCommit = commitFile('config/orders-db.yaml', 'pool:\n  healthCheck: true\n  size: 40\n', 'Raise the orders-db pool size', minutesAfter(incident.declaredAt, 20));
    const beforeRefresh = document.getText();

    assert.equal(await vscode.commands.executeCommand(REFRESH, retro), true, 'the timeline changed');
    const after = document.getText();
    assert.ok(after.includes(human), 'the human edit is kept');
    assert.ok(timelineBlock(after).some((line) => line.includes(lateCommit.slice(0, 7)) && line.includes('Raise the orders-db pool size')), 'the new commit is on the timeline');
    const outside = (text: string) => text.slice(0, text.indexOf(TIMELINE_START)) + text.slice(text.indexOf(TIMELINE_END));
    assert.equal(outside(after), outside(beforeRefresh), 'nothing outside the markers changed');
    assert.ok(document.isDirty, 'left unsaved for review');

    assert.equal(await vscode.commands.executeCommand(REFRESH, retro), false, 'a second refresh finds nothing new');
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await eventually('undo to restore the previous timeline', () => document.getText() === beforeRefresh);
    await vscode.commands.executeCommand('redo');
    await eventually('redo to bring the refresh back', () => document.getText() === after);
  });

  describe('submit', () => {
    let github: FakeGitHub;

    before(async () => {
      github = await FakeGitHub.start({ token: GITHUB_TOKEN });
      github.createRepo('acme', 'checkout-platform');
      git(['remote', 'add', 'origin', github.remoteUrl('acme', 'checkout-platform')]);
      const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${GITHUB_TOKEN}`).toString('base64')}`;
      await gitOverNetwork(['push', '--quiet', 'origin', 'main'], {
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: `http.${github.url}/.extraheader`,
        GIT_CONFIG_VALUE_0: header,
      });
    });

    after(async () => {
      await github?.stop();
      git(['checkout', '--quiet', '--', 'README.md']);
    });

    it('opens a pull request with only the retrospective, files the follow-up as an issue, and a second submit creates nothing new', async () => {
      // Unrelated work in progress must stay exactly as it is.
      fs.appendFileSync(path.join(workspace(), 'README.md'), '\nUnsaved thoughts, not for the pull request.\n');
      const statusBefore = git(['status', '--porcelain']);
      const document = await vscode.workspace.openTextDocument(retro);
      assert.ok(document.isDirty, 'the refreshed timeline is not saved yet; submit saves it');

      const first = await vscode.commands.executeCommand<SubmitResult | undefined>(SUBMIT, { uri: retro, token: GITHUB_TOKEN, apiBaseUrl: github.apiUrl });
      assert.ok(first, 'the submit succeeded (see the Incident Desk log otherwise)');
      assert.equal(first.prUrl, `${github.url}/acme/checkout-platform/pull/${first.prNumber}`);
      assert.equal(first.reusedPr, false);
      assert.equal(first.createdIssues.length, 1, 'one open follow-up, one issue');
      assert.equal(github.pulls().length, 1);
      assert.equal(github.pulls()[0]?.title, `Retrospective: ${incident.id} ${incident.title}`);
      assert.equal(github.plainIssues()[0]?.title, 'Alert on replica lag > 10 s');
      assert.equal(document.isDirty, false, 'saved before submitting');

      const onDisk = fs.readFileSync(retro.fsPath, 'utf8');
      assert.match(onDisk, new RegExp(`@ken-ito, due 2026-12-05 \\(#${first.createdIssues[0]?.number}\\)`), 'the issue number is written back');
      const branchFiles = git(['diff', '--name-only', 'main', 'retro/' + incident.id]).trim().split('\n');
      assert.deepEqual(branchFiles, [path.relative(workspace(), retro.fsPath).split(path.sep).join('/')], 'only the retrospective is on the branch');
      assert.equal(git(['status', '--porcelain']).replace(/^.*retrospectives\/.*\n?/m, ''), statusBefore.replace(/^.*retrospectives\/.*\n?/m, ''), 'the user’s other changes are untouched');

      const second = await vscode.commands.executeCommand<SubmitResult | undefined>(SUBMIT, { uri: retro, token: GITHUB_TOKEN, apiBaseUrl: github.apiUrl });
      assert.ok(second);
      assert.equal(second.reusedPr, true);
      assert.equal(second.prNumber, first.prNumber);
      assert.deepEqual(second.createdIssues, []);
      assert.equal(github.pulls().length, 1, 'no second pull request');
      assert.equal(github.plainIssues().length, 1, 'no second issue');

      const leaks = [git(['config', '--list']), git(['remote', '-v']), fs.readFileSync(retro.fsPath, 'utf8'), ...github.apiRequests().map((r) => r.body)];
      assert.ok(leaks.every((text) => !text.includes(GITHUB_TOKEN)), 'the token is in no config, remote URL, file or request body');
    });

    it('updates the follow-up status from GitHub: a closed issue ticks its line as an undoable edit', async () => {
      const issue = github.plainIssues()[0];
      assert.ok(issue, 'the submit filed an issue');
      github.closeIssue(issue.number);
      const document = await vscode.workspace.openTextDocument(retro);
      const line = document.getText().split('\n').findIndex((l) => l.includes(`(#${issue.number})`));
      assert.ok(line >= 0 && document.lineAt(line).text.startsWith('- [ ] '));

      const result = await vscode.commands.executeCommand<{ ticked: { title: string }[] } | undefined>('incidentDesk.retro.syncFollowUps', { uri: retro, token: GITHUB_TOKEN, apiBaseUrl: github.apiUrl });
      assert.deepEqual(result?.ticked.map((f) => f.title), ['Alert on replica lag > 10 s']);
      assert.ok(document.lineAt(line).text.startsWith('- [x] '), 'the line is ticked in the editor');
      assert.equal(document.isDirty, false, 'and saved');
      assert.match(fs.readFileSync(retro.fsPath, 'utf8'), new RegExp(`- \\[x\\] Alert on replica lag > 10 s .*\\(#${issue.number}\\)`));

      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      assert.ok(document.lineAt(line).text.startsWith('- [ ] '), 'undo brings the box back');
      await vscode.commands.executeCommand('redo');
      await document.save();
    });

    it('a rejected push fails the submit, keeps the new local commit, and opens nothing', async () => {
      const branch = `retro/${incident.id}`;
      const remoteTip = () => execFileSync('git', ['--git-dir', github.gitDir('acme', 'checkout-platform'), 'rev-parse', `refs/heads/${branch}`], { encoding: 'utf8' }).trim();
      const localBefore = git(['rev-parse', branch]).trim();
      const remoteBefore = remoteTip();
      github.pushForbidden.add('acme/checkout-platform');
      const document = await vscode.workspace.openTextDocument(retro);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(retro, new vscode.Position(document.lineCount, 0), '\nA thought added after the first review.\n');
      assert.ok(await vscode.workspace.applyEdit(edit));

      const result = await vscode.commands.executeCommand<SubmitResult | undefined>(SUBMIT, { uri: retro, token: GITHUB_TOKEN, apiBaseUrl: github.apiUrl });
      assert.equal(result, undefined, 'the submit failed');
      const localAfter = git(['rev-parse', branch]).trim();
      assert.notEqual(localAfter, localBefore, 'the change was committed locally');
      assert.equal(git(['rev-parse', `${localAfter}^`]).trim(), localBefore, 'on top of the submitted branch');
      assert.match(git(['show', `${localAfter}:${path.relative(workspace(), retro.fsPath).split(path.sep).join('/')}`]), /A thought added after the first review\./);
      assert.equal(remoteTip(), remoteBefore, 'the remote branch did not move');
      assert.equal(github.pulls().length, 1);
      assert.equal(github.plainIssues().length, 1);
    });
  });
});
