import * as assert from 'node:assert/strict';
import { ALL_COMMAND_IDS } from '../../../src/editor/commandIds';
import { readPackageJson } from '../../support/repoFiles';

const BUILT_IN = /^(workbench|vscode|editor|git)\./;

describe('architecture: manifest', () => {
  const manifest = readPackageJson();
  const declared = manifest.contributes.commands.map((c) => c.command);

  it('declares exactly the commands in the command-id table', () => {
    assert.deepEqual([...declared].sort(), [...ALL_COMMAND_IDS].sort());
  });

  it('declares each command once, in the "Incident Desk" category', () => {
    assert.equal(new Set(declared).size, declared.length);
    for (const command of manifest.contributes.commands) assert.equal(command.category, 'Incident Desk', command.command);
  });

  it('references only declared or built-in commands from menus and welcome views', () => {
    const referenced = [
      ...Object.values(manifest.contributes.menus ?? {}).flat().flatMap((item) => (item.command ? [item.command] : [])),
      ...(manifest.contributes.viewsWelcome ?? []).flatMap((w) => [...w.contents.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1] ?? '')),
    ];
    const unknown = referenced.filter((id) => !declared.includes(id) && !BUILT_IN.test(id));
    assert.deepEqual(unknown, []);
  });

  it('activates lazily, never on every start-up', () => {
    const events = manifest.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'no "*" activation');
    assert.ok(!events.includes('onStartupFinished'), 'no onStartupFinished activation');
  });

  it('contributes the Incidents and Runbooks views in the Incident Desk container', () => {
    assert.deepEqual(manifest.contributes.viewsContainers?.activitybar?.map((c) => c.title), ['Incident Desk']);
    assert.deepEqual(manifest.contributes.views?.incidentDesk?.map((v) => v.name), ['Incidents', 'Runbooks']);
  });
});
