import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { extensionApi } from '../support/extension';
import { fence, marker, run, stepLine, SuiteRunbooks, WORKSPACE } from '../support/runbookFiles';
import { eventually } from '../support/server';
import { isAlive } from '../../support/processes';

// Runme's background=true and promptEnv in the real editor: the narrow end-to-end
// checks; when to ask and what is recorded are unit-tested with in-memory ports
// (test/unit/runbooks/promptEnvTerminal.test.ts).

async function lensesAt(uri: vscode.Uri, line: number): Promise<vscode.Command[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return lenses.filter((l) => l.command && l.range.start.line === line).map((l) => l.command as vscode.Command);
}

const runbooks = new SuiteRunbooks();
const writeRunbook = (name: string, title: string, body: string): Promise<vscode.Uri> => runbooks.write(name, title, body);

describe('runbooks editor: Runme background and promptEnv', function () {
  this.timeout(120_000);

  before(async () => {
    assert.ok(WORKSPACE, 'INCIDENT_DESK_TEST_WORKSPACE is set');
    await extensionApi();
  });

  after(() => runbooks.cleanUp());

  it('Run all starts a background=true step in its own terminal and goes on; Stop on its CodeLens ends it', async () => {
    const [pidFile, after] = [marker('bg-server-pid'), marker('bg-after')];
    const uri = await writeRunbook(
      'background',
      'IT background',
      ['# Background', '', fence('name=server background=true', `sh -c 'echo $$ > "$1"; exec sleep 600' server '${pidFile}'`), fence('name=after', `printf after > '${after}'`)].join('\n'),
    );
    const outcome = await run('incidentDesk.runbooks.runAll', { uri, assumeYes: true });
    assert.equal(outcome.status, 'completed', outcome.message);
    assert.deepEqual(outcome.steps.map((s) => [s.name, s.exitCode]), [['server', 0], ['after', 0]], 'the server step reported started');
    assert.equal(fs.readFileSync(after, 'utf8'), 'after', 'the step after the server ran while the server runs');

    const pid = await eventually('the server to start', () => fs.existsSync(pidFile) && Number(fs.readFileSync(pidFile, 'utf8').trim()), 20_000);
    assert.ok(isAlive(pid), 'the server still runs after Run all finished');
    const terminal = vscode.window.terminals.find((t) => t.name === 'Runbook: IT background — server');
    assert.ok(terminal, 'the background step has a terminal named after the runbook and the step');
    assert.ok(vscode.window.terminals.some((t) => t.name === 'Runbook: IT background'), 'the other step ran in the runbook’s own terminal');

    const line = await stepLine(uri, 'server');
    const lenses = await lensesAt(uri, line);
    assert.ok(lenses.some((c) => c.title === '$(radio-tower) running in background'), JSON.stringify(lenses.map((c) => c.title)));
    const stop = lenses.find((c) => c.title === '$(debug-stop) Stop');
    assert.ok(stop, 'a Stop lens is on the running step');
    assert.equal(await vscode.commands.executeCommand(stop.command, ...(stop.arguments ?? [])), true);

    await eventually('the server to be stopped', () => !isAlive(pid), 20_000);
    await eventually('its terminal to close', () => terminal.exitStatus !== undefined, 20_000);
    await eventually('the CodeLens to say stopped', async () => (await lensesAt(uri, line)).some((c) => /^\$\(debug-stop\) stopped · /.test(c.title)), 20_000);
    assert.equal(await vscode.commands.executeCommand(stop.command, ...(stop.arguments ?? [])), false, 'nothing left to stop');
  });

  it('hands the value for an export X=placeholder line to the terminal’s shell, and writes it into no record', async () => {
    const out = marker('exports');
    const uri = await writeRunbook(
      'exports',
      'IT exports',
      ['# Exports', '', fence('name=choose', 'export IT_NAMESPACE=placeholder-ns'), fence('name=use', `printf '%s' "$IT_NAMESPACE" > '${out}'`)].join('\n'),
    );
    const typed = `typed-ns-${process.pid}-canary`;
    const outcome = await run('incidentDesk.runbooks.runAll', { uri, assumeYes: true, exports: { IT_NAMESPACE: typed } });
    assert.equal(outcome.status, 'completed', outcome.message);
    assert.equal(fs.readFileSync(out, 'utf8'), typed, 'the later step saw the value given for the export line');
    const log = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.parse(outcome.executionLog)));
    assert.ok(log.includes(`exports-${process.pid}.md`), 'the steps were recorded');
    assert.ok(!log.includes(typed), 'the value is in no execution record');
  });
});
