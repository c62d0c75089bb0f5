import * as assert from 'node:assert/strict';
import { resolvedContextValue } from '../../../src/core/incidents/recentlyResolved';
import { ALL_COMMAND_IDS } from '../../../src/editor/commandIds';
import { IncidentBuilder } from '../../support/builders';
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

  it('offers Write Retrospective inline on a recently resolved row, and no active-only action there', () => {
    const resolved = new IncidentBuilder().resolvedAt('2026-11-21T09:00:00.000Z').build();
    const rows = [resolvedContextValue(resolved), resolvedContextValue({ ...resolved, htmlUrl: 'https://example.pagerduty.com/incidents/P1' })];
    // Only the `viewItem =~ /…/` tests decide here: the rest of each clause is `view == incidentDesk.incidents`.
    const appliesTo = (when: string | undefined, contextValue: string): boolean =>
      when?.includes('view == incidentDesk.incidents') === true && [...when.matchAll(/viewItem =~ \/(.+?)\/(?=\s|$)/g)].every((m) => new RegExp(m[1] ?? '$^').test(contextValue));
    const items = manifest.contributes.menus?.['view/item/context'] ?? [];
    for (const row of rows) {
      const inline = items.filter((item) => item.group?.startsWith('inline') && appliesTo(item.when, row)).map((item) => item.command);
      assert.deepEqual(inline, ['incidentDesk.retro.write'], row);
      const menu = items.filter((item) => !item.group?.startsWith('inline') && appliesTo(item.when, row)).map((item) => item.command);
      assert.ok(menu.includes('incidentDesk.openIncident') && menu.includes('incidentDesk.retro.write'), `${row}: ${menu.join(', ')}`);
      assert.ok(!menu.includes('incidentDesk.resolve') && !menu.includes('incidentDesk.checkIn'), `${row}: ${menu.join(', ')}`);
    }
  });

  it('activates lazily, never on every start-up', () => {
    const events = manifest.activationEvents ?? [];
    assert.ok(!events.includes('*'), 'no "*" activation');
    assert.ok(!events.includes('onStartupFinished'), 'no onStartupFinished activation');
  });

  it('contributes the Incidents, Runbooks and SLOs views in the Incident Desk container', () => {
    assert.deepEqual(manifest.contributes.viewsContainers?.activitybar?.map((c) => c.title), ['Incident Desk']);
    assert.deepEqual(manifest.contributes.views?.incidentDesk?.map((v) => v.name), ['Incidents', 'Runbooks', 'SLOs']);
  });
});
