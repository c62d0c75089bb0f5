import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionApi, EXTENSION_ID } from '../support/extension';

describe('manifest in the real workbench', () => {
  it('registers every declared command at activation, and declares every registered one', async () => {
    const api = await extensionApi();
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string }[] } };
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual([...api.registeredCommands()].sort(), declared);

    const known = new Set(await vscode.commands.getCommands(true));
    for (const id of declared) assert.ok(known.has(id), `${id} is known to VS Code`);
    // View commands VS Code generates (…focus, …resetViewLocation…) are not ours to declare.
    const ours = [...known].filter((id) => id.startsWith('incidentDesk.') && !/\.(focus|resetViewLocation|removeView|toggleVisibility|open)$/.test(id));
    assert.deepEqual(ours.sort(), declared);
  });

  it('contributes the Incidents and Runbooks views to the workbench', async () => {
    const known = new Set(await vscode.commands.getCommands(true));
    assert.ok(known.has('incidentDesk.incidents.focus'), 'Incidents view is registered');
    assert.ok(known.has('incidentDesk.runbooks.focus'), 'Runbooks view is registered');
    await vscode.commands.executeCommand('incidentDesk.incidents.focus');
    await vscode.commands.executeCommand('incidentDesk.runbooks.focus');
  });
});
