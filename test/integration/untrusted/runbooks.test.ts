import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../../src/editor/runbooks/runbookRunner';
import { extensionApi } from '../support/extension';

const workspace = process.env.INCIDENT_DESK_TEST_WORKSPACE ?? '';
const runbooksDir = path.join(workspace, 'runbooks');
const file = path.join(runbooksDir, `untrusted-${process.pid}.md`);
const markerFile = path.join(runbooksDir, `untrusted-${process.pid}.out`);

/**
 * Runs a command that refuses in an untrusted workspace. Its refusal waits on a
 * notification ("needs a trusted workspace"), so the test dismisses notifications
 * until the command has returned.
 */
async function runDismissing(id: string, args: object): Promise<RunOutcome | undefined> {
  let settled = false;
  const result = Promise.resolve(vscode.commands.executeCommand<RunOutcome | undefined>(id, args)).finally(() => {
    settled = true;
  });
  while (!settled) {
    await vscode.commands.executeCommand('notifications.clearAll');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return result;
}

describe('runbooks editor in an untrusted workspace', function () {
  this.timeout(60_000);
  let uri: vscode.Uri;

  before(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite runs in an untrusted workspace');
    await extensionApi();
    fs.mkdirSync(runbooksDir, { recursive: true });
    fs.writeFileSync(
      file,
      [
        '---',
        'title: Untrusted check',
        'services: [it-service]',
        'owner: it-team',
        `last_reviewed: ${new Date().toISOString().slice(0, 10)}`,
        '---',
        '# Untrusted',
        '',
        '```sh { name=touch }',
        `touch '${markerFile}'`,
        '```',
        '',
      ].join('\n'),
    );
    uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file, { force: true });
    fs.rmSync(markerFile, { force: true });
  });

  it('offers only "Trust workspace to run" as CodeLens', async () => {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    const ours = lenses.filter((l) => l.command);
    assert.equal(ours.length, 1, `one lens, got ${ours.map((l) => l.command?.title).join(', ')}`);
    assert.equal(ours[0]?.command?.title, '$(shield) Trust workspace to run');
    assert.equal(ours[0]?.command?.command, 'workbench.trust.manage');
  });

  for (const id of ['incidentDesk.runbooks.runStep', 'incidentDesk.runbooks.runFromHere', 'incidentDesk.runbooks.runAll']) {
    it(`${id} refuses inside its handler and starts no terminal or process`, async () => {
      const terminalsBefore = vscode.window.terminals.length;
      const opened: string[] = [];
      const listener = vscode.window.onDidOpenTerminal((t) => opened.push(t.name));
      try {
        const outcome = await runDismissing(id, { uri, stepIndex: 0, assumeYes: true });
        assert.equal(outcome?.status, 'untrusted');
        assert.deepEqual(outcome?.steps, []);
      } finally {
        listener.dispose();
      }
      assert.deepEqual(opened, [], 'no terminal was opened');
      assert.equal(vscode.window.terminals.length, terminalsBefore);
      assert.equal(fs.existsSync(markerFile), false, 'the step did not run');
    });
  }
});
