import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { parse } from 'yaml';
import { extensionApi } from '../support/extension';
import { eventually } from '../support/server';

const workspace = process.env.INCIDENT_DESK_TEST_WORKSPACE ?? '';

type Tree = Awaited<ReturnType<typeof extensionApi>>['runbooks']['tree'];

/** service → runbook titles, as the view shows them. */
function shown(tree: Tree): Map<string, string[]> {
  const view = new Map<string, string[]>();
  for (const group of tree.getChildren()) {
    view.set(String(tree.getTreeItem(group).label), tree.getChildren(group).map((node) => String(tree.getTreeItem(node).label)).sort());
  }
  return view;
}

describe('runbooks view', function () {
  this.timeout(60_000);

  it('groups the workspace’s runbooks by the services in their front matter', async () => {
    const { tree } = (await extensionApi()).runbooks;
    const expected = new Map<string, string[]>();
    for (const file of fs.readdirSync(path.join(workspace, 'runbooks')).filter((f) => f.endsWith('.md'))) {
      const text = fs.readFileSync(path.join(workspace, 'runbooks', file), 'utf8');
      const front = parse(text.split('---')[1] ?? '') as { title: string; services?: string[] };
      for (const service of front.services ?? ['No service']) expected.set(service, [...(expected.get(service) ?? []), front.title].sort());
    }
    assert.ok(expected.size >= 3, 'the workspace has runbooks for several services');
    const view = await eventually('the view to list every workspace runbook', () => {
      const current = shown(tree);
      return [...expected.keys()].every((service) => JSON.stringify(current.get(service)) === JSON.stringify(expected.get(service))) ? current : undefined;
    });
    for (const group of tree.getChildren()) {
      for (const node of tree.getChildren(group)) assert.doesNotMatch(String(tree.getTreeItem(node).description), /shipped/, 'workspace copies replace the shipped ones');
    }
    assert.ok(view.size >= expected.size);
  });

  it('shows a new runbook as it is saved, marks it stale, and drops it when deleted', async () => {
    const { tree } = (await extensionApi()).runbooks;
    const file = path.join(workspace, 'runbooks', `payments-${process.pid}.md`);
    fs.writeFileSync(file, ['---', 'title: Drain the payments webhook queue', 'services: [payments-api]', 'alerts: [WebhookBacklog]', 'owner: payments-team', 'last_reviewed: 2020-01-01', '---', '# Drain', '', '```sh', 'echo draining', '```', ''].join('\n'));
    try {
      const node = await eventually('the new runbook under payments-api', () => {
        const group = tree.getChildren().find((g) => tree.getTreeItem(g).label === 'payments-api');
        return group ? tree.getChildren(group)[0] : undefined;
      });
      const item = tree.getTreeItem(node);
      assert.equal(item.label, 'Drain the payments webhook queue');
      assert.match(String(item.description), /WebhookBacklog · stale/);
      assert.equal(item.contextValue, 'runbook.stale');
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
      assert.equal((item.command?.arguments?.[0] as vscode.Uri).fsPath, file);
    } finally {
      fs.rmSync(file, { force: true });
    }
    await eventually('the deleted runbook to leave the view', () => !tree.getChildren().some((g) => tree.getTreeItem(g).label === 'payments-api'));
  });
});
