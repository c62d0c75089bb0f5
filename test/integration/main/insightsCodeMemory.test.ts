import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi } from '../support/extension';
import { eventually } from '../support/server';

const workspace = (): string => {
  const dir = process.env.INCIDENT_DESK_TEST_WORKSPACE;
  if (!dir) throw new Error('INCIDENT_DESK_TEST_WORKSPACE is not set: run through test/harness/run-integration.mjs');
  return dir;
};

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: workspace(), env: { ...process.env, GIT_TERMINAL_PROMPT: '0' }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The hover as a person reads it: MarkdownString.appendText writes spaces as &nbsp; and escapes punctuation. */
function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n')
    .replace(/&nbsp;/g, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
}

describe('insights: incident memory in the code', function () {
  this.timeout(60_000);
  const id = `INC-${90_000 + (process.pid % 9_000)}`;
  const source = `src/memory-${process.pid}.ts`;
  const retro = `retrospectives/2026-10-03-${id}-memory.md`;

  before(async () => {
    await extensionApi();
    const file = path.join(workspace(), source);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'export function cacheTtl(): number {\n  return 60;\n}\n');
    git(['add', '--', source]);
    git(['commit', '--quiet', '-m', 'cache ttl']);
    fs.writeFileSync(file, 'export function cacheTtl(): number {\n  return 0;\n}\n');
    git(['commit', '--quiet', '-am', 'cache: no ttl']);
    const sha = git(['rev-parse', 'HEAD']);
    fs.mkdirSync(path.join(workspace(), 'retrospectives'), { recursive: true });
    fs.writeFileSync(
      path.join(workspace(), retro),
      ['---', `id: ${id}`, 'title: Cache stampede', 'severity: 1', 'declared_at: 2026-10-03T09:00:00.000Z', `trigger_commits: [${sha.slice(0, 10)}]`, '---', '', '## Follow-up actions', '', '- [ ] TTL floor — @alice, due 2026-12-01', '- [ ] Alert on misses — @bob, due 2026-12-01', ''].join('\n'),
    );
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(path.join(workspace(), retro), { force: true });
  });

  it('hovers the line a retrospective names as the trigger, with the incident, and a CodeLens on its function', async () => {
    const document = await vscode.workspace.openTextDocument(path.join(workspace(), source));
    await vscode.window.showTextDocument(document);
    const expected = `${id} · Sev 1 · 2026-10-03: this change triggered it — retrospective · 2 open follow-ups`;
    const text = await eventually('the code memory hover', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(1, 4));
      const shown = hoverText(hovers);
      return shown.includes(id) ? shown : undefined;
    });
    assert.ok(text.includes(expected), text);
    assert.ok(text.includes(encodeURI(retro).split('/').pop() ?? '?'), 'the hover links the retrospective');
    const untouched = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(0, 4));
    assert.ok(!hoverText(untouched).includes(id), 'a line the trigger did not change has no memory');

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri);
    const lens = lenses.find((l) => l.command?.title === expected);
    assert.ok(lens, `a CodeLens says it: ${JSON.stringify(lenses.map((l) => l.command?.title))}`);
    assert.equal((lens.command?.arguments?.[0] as vscode.Uri).fsPath, path.join(workspace(), retro));
  });
});
