import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseExecutionLog } from '../../../src/core/runbooks/executionRecord';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import type { IncidentWithTimeline } from '../../../src/core/incidents/model';
import { runInTerminal, waitForShellIntegration } from '../../../src/editor/runbooks/terminalExecution';
import { extensionApi } from '../support/extension';
import { fence, marker, RUNBOOKS_DIR, run, stepLine, SuiteRunbooks, WORKSPACE } from '../support/runbookFiles';
import { api, eventually, serverToken, serverUrl } from '../support/server';

async function lensTitles(uri: vscode.Uri): Promise<{ line: number; title: string }[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.filter((l) => l.command).map((l) => ({ line: l.range.start.line, title: l.command?.title ?? '' }));
}

async function resultAt(uri: vscode.Uri, line: number): Promise<string | undefined> {
  return (await lensTitles(uri)).find((l) => l.line === line && /exit/.test(l.title))?.title;
}

const runbooks = new SuiteRunbooks();
/** This suite's runbooks also answer to the alert ItAlert. */
const writeRunbook = (name: string, title: string, body: string, params = ''): Promise<vscode.Uri> => runbooks.write(name, title, body, { alerts: 'ItAlert', params });


describe('runbooks editor', function () {
  this.timeout(120_000);

  before(async () => {
    assert.ok(WORKSPACE, 'INCIDENT_DESK_TEST_WORKSPACE is set');
    await extensionApi();
  });

  after(() => runbooks.cleanUp());

  it('shows Run all and Reset at the top and Run / Run from here on each shell step, not on other fences', async () => {
    const uri = await writeRunbook('lenses', 'IT lenses', ['# Lenses', '', fence('name=one', 'echo one'), '```yaml', 'not: run', '```', '', fence('name=two', 'echo two')].join('\n'));
    const titles = await lensTitles(uri);
    const top = titles.filter((t) => t.line === 0).map((t) => t.title);
    assert.deepEqual(top, ['$(run-all) Run all', '$(clear-all) Reset']);
    const one = await stepLine(uri, 'one');
    const two = await stepLine(uri, 'two');
    assert.deepEqual(titles.filter((t) => t.line === one).map((t) => t.title), ['$(play) Run', '$(run-below) Run from here']);
    assert.deepEqual(titles.filter((t) => t.line === two).map((t) => t.title), ['$(play) Run', '$(run-below) Run from here']);
    assert.equal(titles.filter((t) => t.line > one && t.line < two).length, 0, 'the yaml fence has no lenses');
  });

  it('runs a step in a real terminal named after the runbook; its CodeLens then shows exit 0', async () => {
    const out = marker('pass');
    const uri = await writeRunbook('pass', 'IT pass', ['# Pass', '', '## Say hello', fence('name=hello', `printf 'hello from the terminal' > '${out}'`)].join('\n'));
    const outcome = await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 0 });
    assert.equal(outcome.status, 'completed', outcome.message);
    assert.equal(outcome.steps[0]?.exitCode, 0);
    assert.equal(fs.readFileSync(out, 'utf8'), 'hello from the terminal', 'the step really ran');
    assert.ok(vscode.window.terminals.some((t) => t.name === 'Runbook: IT pass'), 'a terminal is named after the runbook');
    assert.match((await resultAt(uri, await stepLine(uri, 'hello'))) ?? '', /^✓ exit 0 · \d+\.\d s$/);

    // Running it again reuses the runbook's terminal.
    const before = vscode.window.terminals.filter((t) => t.name === 'Runbook: IT pass').length;
    assert.equal((await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 0 })).steps[0]?.exitCode, 0);
    assert.equal(vscode.window.terminals.filter((t) => t.name === 'Runbook: IT pass').length, before);
  });

  it('shows exit 3 for a failing step, until its lines change or the user resets', async () => {
    const uri = await writeRunbook('fail', 'IT fail', ['# Fail', '', fence('name=ok', 'true'), '', fence('name=broken', 'echo failing on purpose', '(exit 3)')].join('\n'));
    const outcome = await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 1 });
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.steps[0]?.exitCode, 3);
    const line = await stepLine(uri, 'broken');
    assert.match((await resultAt(uri, line)) ?? '', /^✗ exit 3 · \d+\.\d s$/);

    // An edit above the step moves the result with it.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(line - 1, 0), 'A note above.\n\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match((await resultAt(uri, line + 2)) ?? '', /^✗ exit 3/);

    // An edit inside the step drops it.
    const inside = new vscode.WorkspaceEdit();
    inside.insert(uri, new vscode.Position(line + 3, 0), 'echo changed\n');
    assert.ok(await vscode.workspace.applyEdit(inside));
    assert.equal(await resultAt(uri, line + 2), undefined);

    await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 0 });
    assert.match((await resultAt(uri, await stepLine(uri, 'ok'))) ?? '', /^✓ exit 0/);
    await vscode.commands.executeCommand('incidentDesk.runbooks.reset', { uri });
    assert.equal(await resultAt(uri, await stepLine(uri, 'ok')), undefined);
  });

  it('Run all skips excludeFromRunAll steps and stops at the first failure; later steps do not run', async () => {
    const [first, excluded, later] = [marker('all-first'), marker('all-excluded'), marker('all-later')];
    const uri = await writeRunbook(
      'runall',
      'IT run all',
      [
        '# Run all',
        '',
        fence('name=first', `touch '${first}'`),
        fence('name=excluded excludeFromRunAll=true', `touch '${excluded}'`),
        fence('name=fails', 'echo "step three fails"; (exit 3)'),
        fence('name=later', `touch '${later}'`),
      ].join('\n'),
    );
    const outcome = await run('incidentDesk.runbooks.runAll', { uri, assumeYes: true });
    assert.equal(outcome.status, 'stopped', outcome.message);
    assert.equal(outcome.stoppedAt?.name, 'fails');
    assert.equal(outcome.stoppedAt?.exitCode, 3);
    assert.match(outcome.message ?? '', /stopped at step 2 of 3, 'fails' \(line \d+\): exit 3\. Later steps did not run\./);
    assert.deepEqual(outcome.steps.map((s) => s.name), ['first', 'fails']);
    assert.ok(fs.existsSync(first), 'the first step ran');
    assert.ok(!fs.existsSync(excluded), 'the excluded step did not run');
    assert.ok(!fs.existsSync(later), 'the step after the failure did not run');
    assert.match((await resultAt(uri, await stepLine(uri, 'first'))) ?? '', /^✓ exit 0/);
    assert.match((await resultAt(uri, await stepLine(uri, 'fails'))) ?? '', /^✗ exit 3/);
    assert.equal(await resultAt(uri, await stepLine(uri, 'later')), undefined, 'the later step shows no result');
    assert.equal(await resultAt(uri, await stepLine(uri, 'excluded')), undefined);

    // Run from here at the last step runs just that one.
    const rest = await run('incidentDesk.runbooks.runFromHere', { uri, stepIndex: 3, assumeYes: true });
    assert.equal(rest.status, 'completed', rest.message);
    assert.deepEqual(rest.steps.map((s) => s.name), ['later']);
    assert.ok(fs.existsSync(later));
    assert.ok(!fs.existsSync(excluded));
  });

  it('takes the exit status of a step that ends the shell (`exit 4`), and the next run gets a new terminal', async () => {
    const uri = await writeRunbook('exits', 'IT exits', ['# Exits', '', fence('name=leave', 'echo leaving', 'exit 4'), fence('name=after', 'true')].join('\n'));
    const first = await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 0 });
    assert.equal(first.steps[0]?.exitCode, 4);
    assert.match((await resultAt(uri, await stepLine(uri, 'leave'))) ?? '', /^✗ exit 4/);
    await eventually('the closed terminal to go', () => !vscode.window.terminals.some((t) => t.name === 'Runbook: IT exits' && t.exitStatus !== undefined) || undefined);
    const second = await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 1 });
    assert.equal(second.steps[0]?.exitCode, 0);
    assert.equal(vscode.window.terminals.filter((t) => t.name === 'Runbook: IT exits' && t.exitStatus === undefined).length, 1);
  });

  it('interrupts a step with Ctrl-C in its real terminal when its timeout passes and the user chooses to', async () => {
    const terminal = vscode.window.createTerminal({ name: 'IT interrupt', shellPath: 'bash', isTransient: true });
    try {
      assert.ok(await waitForShellIntegration(terminal, 15_000), 'bash reports shell integration');
      let offered = 0;
      const result = await runInTerminal(terminal, 'sleep 120', {
        timeoutSeconds: 0.5,
        onTimeout: async () => {
          offered++;
          return true;
        },
      });
      assert.equal(offered, 1, 'the interrupt was offered once');
      assert.equal(result.observed, true);
      assert.equal(result.exitCode, 130, 'ended by SIGINT (128 + 2)');
    } finally {
      terminal.dispose();
    }
  });

  it('lints runbooks it finds on disk, without opening them, and forgets deleted ones', async () => {
    const file = path.join(RUNBOOKS_DIR, `closed-${process.pid}.md`);
    runbooks.track(file);
    fs.writeFileSync(file, '# A runbook nobody opened\n\n```sh\necho "$UNDECLARED_CLOSED"\n```\n');
    const uri = vscode.Uri.file(file);
    const codes = await eventually('diagnostics from the index', () => {
      const found = vscode.languages.getDiagnostics(uri).map((d) => String(d.code));
      return found.includes('missing-front-matter') ? found : undefined;
    });
    // Without front matter (and without policy runbooks.strict) the file gets one note, not a list (issue #13).
    assert.deepEqual(codes, ['missing-front-matter'], codes.join(', '));
    assert.equal(vscode.languages.getDiagnostics(uri)[0]?.severity, vscode.DiagnosticSeverity.Information);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file was never opened');
    fs.rmSync(file);
    await eventually('the diagnostics of the deleted runbook to go', () => vscode.languages.getDiagnostics(uri).length === 0 || undefined);
  });

  it('hands a secret param to the terminal as environment and writes it into no execution record', async () => {
    const canary = `canary-${process.pid}-${Math.random().toString(36).slice(2)}`;
    const out = marker('secret');
    const uri = await writeRunbook(
      'secret',
      'IT secret',
      ['# Secret', '', fence('name=use-secret', `printf '%s' "$IT_SECRET" | sha256sum | cut -c1-64 > '${out}'`)].join('\n'),
      'params:\n  IT_SECRET: { description: "A token", secret: true }',
    );
    const outcome = await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 0, params: { IT_SECRET: canary } });
    assert.equal(outcome.steps[0]?.exitCode, 0, 'the step saw the secret in its environment');
    assert.equal(fs.readFileSync(out, 'utf8').trim(), createHash('sha256').update(canary).digest('hex'), 'the terminal had the value');

    const logFile = vscode.Uri.parse(outcome.executionLog);
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(logFile));
    const { records, badLines } = parseExecutionLog(text);
    assert.deepEqual(badLines, []);
    const mine = records.filter((r) => r.runbook === `runbooks/secret-${process.pid}.md`);
    assert.equal(mine.length, 1, 'the run was recorded');
    assert.equal(mine[0]?.step, 'use-secret');
    assert.equal(mine[0]?.exitCode, 0);
    assert.match(mine[0]?.command ?? '', /\$IT_SECRET/, 'the record holds the step text, not its expansion');
    assert.ok(!text.includes(canary), 'the secret value is in no record of the log');
    assert.ok(!logFile.fsPath.startsWith(WORKSPACE), 'the log is in workspace storage, not in the repository');
  });

  it('posts each run to the current incident’s timeline as a runbook_step event, without the secret value', async () => {
    const { incidents } = await extensionApi();
    await incidents.ready;
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken()), true);
    await eventually('the incidents backend to be online', () => incidents.state().kind === 'online');
    const incident = incidents.incidents()[0];
    assert.ok(incident, 'the test server has an active incident');
    assert.equal(await vscode.commands.executeCommand('incidentDesk.workOnIncident', incident.id), incident.id);
    try {
      const canary = `timeline-canary-${process.pid}-${Math.random().toString(36).slice(2)}`;
      const uri = await writeRunbook(
        'timeline',
        'IT timeline',
        ['# Timeline', '', fence('name=check-token', 'test -n "$IT_TOKEN" && echo "token is set"')].join('\n'),
        'params:\n  IT_TOKEN: { description: "A token", secret: true }',
      );
      const outcome = await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 0, params: { IT_TOKEN: canary } });
      assert.equal(outcome.steps[0]?.exitCode, 0);
      const runbook = `runbooks/timeline-${process.pid}.md`;
      const detail = await eventually('the runbook_step event on the incident timeline', async () => {
        const found = await api<IncidentWithTimeline>('GET', `/v1/incidents/${encodeURIComponent(incident.id)}`);
        return found.timeline.some((e) => e.type === 'runbook_step' && e.runbook === runbook) ? found : undefined;
      });
      const event = detail.timeline.find((e) => e.type === 'runbook_step' && e.runbook === runbook);
      assert.ok(event && event.type === 'runbook_step');
      assert.equal(event.step, 'check-token');
      assert.equal(event.exitCode, 0);
      assert.match(event.command, /\$IT_TOKEN/);
      assert.ok(!JSON.stringify(detail).includes(canary), 'the secret value is nowhere on the incident');
      const log = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(outcome.executionLog)));
      const record = parseExecutionLog(log).records.find((r) => r.runbook === runbook);
      assert.equal(record?.incidentId, incident.id, 'the record names the incident');
      assert.ok(!log.includes(canary));
    } finally {
      await vscode.commands.executeCommand('incidentDesk.stopWorkingOnIncident');
    }
  });

  it('without shell integration sends the step as text and shows its result as unknown, never as success', async () => {
    const terminalConfig = vscode.workspace.getConfiguration('terminal.integrated');
    await terminalConfig.update('shellIntegration.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      const out = marker('no-integration');
      const uri = await writeRunbook('nointegration', 'IT no integration', ['# No integration', '', fence('name=plain', `touch '${out}'`)].join('\n'));
      const outcome = await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 0 });
      assert.equal(outcome.status, 'unknown', outcome.message);
      assert.equal(outcome.steps[0]?.exitCode, null);
      assert.match((await resultAt(uri, await stepLine(uri, 'plain'))) ?? '', /^\? exit unknown · \d+\.\d s$/);
      await eventually('the step to run in the terminal anyway', () => fs.existsSync(out));
      const log = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(outcome.executionLog)));
      const record = parseExecutionLog(log).records.find((r) => r.runbook === `runbooks/nointegration-${process.pid}.md`);
      assert.equal(record?.exitCode, null, 'recorded as unknown');
    } finally {
      await terminalConfig.update('shellIntegration.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('refuses a step whose cwd leaves the workspace, and starts no terminal for it', async () => {
    const uri = await writeRunbook('cwd', 'IT cwd', ['# Cwd', '', fence('name=escape cwd=../../..', 'pwd')].join('\n'));
    const before = vscode.window.terminals.length;
    const outcome = await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 0 });
    assert.equal(outcome.status, 'refused');
    assert.match(outcome.message ?? '', /outside/);
    assert.equal(vscode.window.terminals.length, before);
  });

  it('reports lint problems of an open runbook in the Problems panel at the right line', async () => {
    const uri = await writeRunbook('lint', 'IT lint', ['# Lint', '', fence('name=uses-undeclared', 'echo start', 'echo "$NOT_DECLARED_ANYWHERE"')].join('\n'));
    const line = await stepLine(uri, 'uses-undeclared');
    const diagnostic = await eventually('the undeclared-param diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'undeclared-param'));
    assert.equal(diagnostic.range.start.line, line + 2, 'on the line that uses the variable');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /NOT_DECLARED_ANYWHERE/);
  });

  it('creates a runbook from the template, never overwriting an existing one', async () => {
    const title = `IT created ${process.pid}`;
    const first = await vscode.commands.executeCommand<vscode.Uri | undefined>('incidentDesk.runbooks.create', { title, open: false });
    assert.ok(first, 'a file was created');
    runbooks.track(first.fsPath);
    assert.equal(path.dirname(first.fsPath), RUNBOOKS_DIR);
    const text = fs.readFileSync(first.fsPath, 'utf8');
    const parsed = parseRunbook(text);
    assert.equal(parsed.frontMatter?.title, title);
    assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
    fs.appendFileSync(first.fsPath, '\nLocal notes.\n');
    const second = await vscode.commands.executeCommand<vscode.Uri | undefined>('incidentDesk.runbooks.create', { title, open: false });
    assert.equal(second, undefined);
    assert.ok(fs.readFileSync(first.fsPath, 'utf8').endsWith('Local notes.\n'), 'the existing file is unchanged');
  });

  it('measures the time from Run to the command starting in the terminal (printed, not asserted)', async () => {
    const uri = await writeRunbook('timing', 'IT timing', ['# Timing', '', fence('name=quick', 'true')].join('\n'));
    await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 0 }); // creates the terminal
    const samples: number[] = [];
    for (let i = 0; i < 7; i++) {
      const clicked = performance.now();
      let startedAt: number | undefined;
      const listener = vscode.window.onDidStartTerminalShellExecution((e) => {
        if (e.terminal.name === 'Runbook: IT timing' && startedAt === undefined) startedAt = performance.now();
      });
      const outcome = await run('incidentDesk.runbooks.runStep', { uri, stepIndex: 0 });
      listener.dispose();
      assert.equal(outcome.steps[0]?.exitCode, 0);
      if (startedAt !== undefined) samples.push(startedAt - clicked);
    }
    assert.ok(samples.length > 0, 'the start of the command was observed');
    samples.sort((a, b) => a - b);
    const p50 = samples[Math.floor(samples.length / 2)] ?? 0;
    const line = `bench: run-to-start p50=${p50.toFixed(1)} ms (n=${samples.length}, max=${(samples.at(-1) ?? 0).toFixed(1)} ms)`;
    console.log(line);
    // The launcher prints the transcript after the run; the extension host's console is not shown.
    if (process.env.INCIDENT_DESK_TRANSCRIPT_FILE) fs.appendFileSync(process.env.INCIDENT_DESK_TRANSCRIPT_FILE, `${line}\n`);
  });
});
