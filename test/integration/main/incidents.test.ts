import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Incident, IncidentWithTimeline } from '../../../src/core/incidents/model';
import type { IncidentTreeNode } from '../../../src/editor/incidents/treeNodes';
import type { RunOutcome } from '../../../src/editor/runbooks/runbookRunner';
import type { ExtensionApi } from '../../../src/extension';
import { EXTENSION_ID, extensionApi } from '../support/extension';
import { api, controlServer, eventually, serverToken, serverUrl } from '../support/server';

type Api = ExtensionApi['incidents'];

async function connect(): Promise<Api> {
  const { incidents } = await extensionApi();
  await incidents.ready;
  await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
  assert.equal(await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken()), true);
  await eventually('the incidents view to be online', () => incidents.state().kind === 'online');
  return incidents;
}

async function labels(tree: Api['tree'], node?: IncidentTreeNode): Promise<string[]> {
  return (await tree.getChildren(node)).map((child) => String(tree.getTreeItem(child).label));
}

async function activeOnServer(): Promise<Incident[]> {
  return (await api<{ incidents: Incident[] }>('GET', '/v1/incidents?status=active')).incidents;
}

describe('incidents sidebar', function () {
  this.timeout(60_000);
  let incidents: Api;

  before(async () => {
    incidents = await connect();
  });

  it('shows the server’s active incidents grouped by severity, most severe first', async () => {
    const expected = await activeOnServer();
    assert.ok(expected.length >= 3, 'the demo server has active incidents');
    // Below the severity groups comes "Recently resolved" (its own test).
    const groups = (await incidents.tree.getChildren()).filter((g) => g.kind === 'severity');
    const severities = groups.map((g) => (g.kind === 'severity' ? g.severity : -1));
    assert.deepEqual(severities, [...new Set(expected.map((i) => i.severity))].sort());
    for (const group of groups) {
      const shown = (await incidents.tree.getChildren(group)).map((n) => (n.kind === 'incident' ? n.incident.id : '?')).sort();
      const want = expected.filter((i) => group.kind === 'severity' && i.severity === group.severity).map((i) => i.id).sort();
      assert.deepEqual(shown, want);
    }
  });

  it('expands an incident into roles, clocks, latest update, runbooks and events', async () => {
    const sev1 = (await activeOnServer()).find((i) => i.severity === 1);
    assert.ok(sev1, 'demo has a Sev 1');
    const node: IncidentTreeNode = { kind: 'incident', incident: sev1 };
    const sections = await labels(incidents.tree, node);
    assert.equal(sections[0], 'Roles');
    assert.equal(sections[1], 'Clocks');
    assert.match(sections[2] ?? '', /update/i);
    // An incident a monitor opened also lists its alerts (alertsInEditor.test.ts).
    assert.deepEqual(sections.slice(3), [...(sev1.alerts?.length ? ['Alerts'] : []), 'Runbooks that fit', 'Recent events']);
    const clocks = await labels(incidents.tree, { kind: 'section', incidentId: sev1.id, section: 'clocks' });
    assert.ok(clocks.some((c) => /Consult an SME/.test(c)), `clocks: ${clocks.join(' | ')}`);
    const detail = await api<IncidentWithTimeline>('GET', `/v1/incidents/${sev1.id}`);
    const events = await incidents.tree.getChildren({ kind: 'section', incidentId: sev1.id, section: 'events' });
    assert.equal(events.length, Math.min(8, detail.timeline.length));
  });

  it('shows a change made on the server through the event stream', async () => {
    const target = (await activeOnServer()).find((i) => i.severity === 3);
    assert.ok(target);
    await api('PATCH', `/v1/incidents/${target.id}`, { severity: 2 });
    const moved = await eventually('the tree to move the incident to Sev 2', async () => {
      const groups = await incidents.tree.getChildren();
      const sev2 = groups.find((g) => g.kind === 'severity' && g.severity === 2);
      const children = sev2 ? await incidents.tree.getChildren(sev2) : [];
      return children.find((c) => c.kind === 'incident' && c.incident.id === target.id);
    });
    assert.ok(moved);
  });

  it('declares, checks in, changes severity and resolves through commands that reach the server', async () => {
    const title = `Payments webhook backlog ${randomUUID().slice(0, 8)}`;
    assert.equal(await vscode.commands.executeCommand('incidentDesk.declare', { title, severity: 2, services: ['checkout-api'] }), 'sent');
    const declared = await eventually('the declared incident on the server', async () => (await activeOnServer()).find((i) => i.title === title));
    assert.equal(declared.severity, 2);
    assert.deepEqual(declared.services, ['checkout-api']);
    await eventually('the tree to show it', () => incidents.incidents().some((i) => i.id === declared.id));
    const selected = () => incidents.selection().some((n) => n.kind === 'incident' && n.incident.id === declared.id);
    await eventually('the new incident revealed and selected in the tree', selected);

    assert.equal(await vscode.commands.executeCommand('incidentDesk.checkIn', declared.id), 'sent');
    assert.equal(await vscode.commands.executeCommand('incidentDesk.setSeverity', declared.id, 1), 'sent');
    const afterChanges = await api<IncidentWithTimeline>('GET', `/v1/incidents/${declared.id}`);
    assert.equal(afterChanges.severity, 1);
    await eventually('the incident still selected, now in its Sev 1 group', selected);
    assert.ok(afterChanges.acknowledgedAt, 'the check-in set acknowledgedAt');
    assert.ok(afterChanges.timeline.some((e) => e.type === 'check_in'));

    assert.equal(await vscode.commands.executeCommand('incidentDesk.resolve', declared.id, { confirmed: true, summary: 'Drained the backlog' }), 'sent');
    const resolved = await api<IncidentWithTimeline>('GET', `/v1/incidents/${declared.id}`);
    assert.equal(resolved.status, 'resolved');
    // The server names every change after the token (the extension sends no free-text author).
    const me = await api<{ name: string }>('GET', '/v1/me');
    assert.deepEqual([...new Set(resolved.timeline.map((e) => e.author))], [me.name]);
    await eventually('the tree to drop the resolved incident', () => !incidents.incidents().some((i) => i.id === declared.id));
  });

  it('posts a CAN status update, assigns roles, and shows the runbooks that fit', async () => {
    const title = `Checkout latency ${randomUUID().slice(0, 8)}`;
    await vscode.commands.executeCommand('incidentDesk.declare', { title, severity: 1, services: ['checkout-api'] });
    const incident = await eventually('the incident', () => incidents.incidents().find((i) => i.title === title));
    const roles = () => labels(incidents.tree, { kind: 'section', incidentId: incident.id, section: 'roles' });
    const rolesBefore = await incidents.tree.getChildren({ kind: 'section', incidentId: incident.id, section: 'roles' });
    const comms = rolesBefore.find((n) => n.kind === 'leaf' && n.label === 'Communications Lead');
    assert.ok(comms && comms.kind === 'leaf' && /unassigned — required at Sev 1/.test(comms.description ?? ''), 'the required role is flagged');

    const update = { audience: 'executive', conditions: 'Checkout p99 at 4 s for EU customers', actions: 'Rolling back the 14:05 deploy; next update 15:30', needs: 'None', confirmed: true };
    assert.equal(await vscode.commands.executeCommand('incidentDesk.postStatusUpdate', incident.id, update), 'sent');
    assert.equal(await vscode.commands.executeCommand('incidentDesk.assignRole', incident.id, 'communications', 'sam.okafor'), 'sent');
    const onServer = await api<IncidentWithTimeline>('GET', `/v1/incidents/${incident.id}`);
    assert.equal(onServer.roles.communications, 'sam.okafor');
    const posted = onServer.timeline.find((e) => e.type === 'status_update');
    assert.ok(posted && posted.type === 'status_update');
    assert.deepEqual([posted.audience, posted.conditions, posted.actions, posted.needs], ['executive', update.conditions, update.actions, update.needs]);

    await eventually('the role in the tree', async () => (await roles()).includes('Communications Lead') && (await incidents.tree.getChildren({ kind: 'section', incidentId: incident.id, section: 'roles' })).some((n) => n.kind === 'leaf' && n.description === 'sam.okafor'));
    await eventually('the latest update in the tree', async () => (await labels(incidents.tree, { kind: 'incident', incident })).includes('Latest update (executive)'));
    const fitting = await labels(incidents.tree, { kind: 'section', incidentId: incident.id, section: 'runbooks' });
    assert.ok(fitting.includes('Roll back a bad deploy'), `runbooks that fit: ${fitting.join(' | ')}`);
    await vscode.commands.executeCommand('incidentDesk.resolve', incident.id, { confirmed: true });
  });

  it('lists a resolved incident under a collapsed "Recently resolved" group, its row offering Write Retrospective inline', async () => {
    const title = `Stale search index ${randomUUID().slice(0, 8)}`;
    assert.equal(await vscode.commands.executeCommand('incidentDesk.declare', { title, severity: 3, services: [] }), 'sent');
    const declared = await eventually('the declared incident in the tree', () => incidents.incidents().find((i) => i.title === title));
    assert.equal(await vscode.commands.executeCommand('incidentDesk.resolve', declared.id, { confirmed: true, summary: 'Rebuilt the index' }), 'sent');

    const roots = await incidents.tree.getChildren();
    const group = roots[roots.length - 1];
    assert.ok(group && group.kind === 'resolvedGroup', 'the last group is Recently resolved');
    const groupItem = incidents.tree.getTreeItem(group);
    assert.equal(groupItem.label, 'Recently resolved');
    assert.equal(groupItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'collapsed: nothing is fetched until it is expanded');

    const row = await eventually('the resolved incident under Recently resolved', async () => (await incidents.tree.getChildren(group)).find((n) => n.kind === 'resolved' && n.incident.id === declared.id));
    const item = incidents.tree.getTreeItem(row);
    assert.equal(item.contextValue, 'incident.resolved');
    assert.match(String(item.description), /^Sev 3 · resolved /);
    assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.None);
    assert.deepEqual([item.command?.command, item.command?.arguments], ['incidentDesk.openIncident', [declared.id]], 'a click opens it');
    assert.match(String(incidents.tree.getTreeItem(group).description), /^\d+ · last 14 days$/);

    // The inline action the row shows: the one view/item/context entry in an inline group whose viewItem test it passes.
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> } };
    const inline = manifest.contributes.menus['view/item/context']
      ?.filter((entry) => entry.group?.startsWith('inline') && entry.when?.includes('view == incidentDesk.incidents'))
      .filter((entry) => [...(entry.when ?? '').matchAll(/viewItem =~ \/(.+?)\/(?=\s|$)/g)].every((m) => new RegExp(m[1] ?? '$^').test(item.contextValue ?? '')))
      .map((entry) => entry.command);
    assert.deepEqual(inline, ['incidentDesk.retro.write']);

    // The clock tick redraws the rows that show ages (these very objects: VS Code knows
    // elements by identity), never the whole tree, which would drop rows under a click.
    const severityGroup = roots.find((node) => node.kind === 'severity');
    const activeRow = severityGroup && (await incidents.tree.getChildren(severityGroup))[0];
    const fired: unknown[] = [];
    const listening = incidents.tree.onDidChangeTreeData((what) => fired.push(what));
    try {
      incidents.tree.refreshTimes();
    } finally {
      listening.dispose();
    }
    assert.equal(fired.length, 1);
    const redrawn = fired[0];
    assert.ok(Array.isArray(redrawn), `a list of rows, not ${String(redrawn)}`);
    assert.ok(redrawn.includes(row), 'the resolved row, the same object the tree was given');
    if (activeRow) assert.ok(redrawn.includes(activeRow), 'an active incident row, the same object');
    assert.ok(!redrawn.some((node: IncidentTreeNode) => node.kind === 'severity'), 'no group above the rows');
  });

  it('records a run started from an incident’s "Runbooks that fit" on that incident', async function () {
    this.timeout(120_000);
    const workspace = process.env.INCIDENT_DESK_TEST_WORKSPACE ?? '';
    assert.ok(workspace, 'INCIDENT_DESK_TEST_WORKSPACE is set');
    const service = `fitting-${randomUUID().slice(0, 8)}`;
    const file = path.join(workspace, 'runbooks', `fitting-${process.pid}.md`);
    const today = new Date().toISOString().slice(0, 10);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, ['---', 'title: IT fitting runbook', `services: [${service}]`, 'owner: it-team', `last_reviewed: ${today}`, '---', '', '# Fitting', '', '```sh { name=fit-check }', 'echo fitting', '```', ''].join('\n'));
    // Nothing current: without this path the run would be recorded on no incident at all.
    await vscode.commands.executeCommand('incidentDesk.stopWorkingOnIncident');
    const title = `Fitting runbook run ${randomUUID().slice(0, 8)}`;
    assert.equal(await vscode.commands.executeCommand('incidentDesk.declare', { title, severity: 3, services: [service] }), 'sent');
    const incident = await eventually('the incident', () => incidents.incidents().find((i) => i.title === title));
    try {
      const leaf = await eventually('the runbook under Runbooks that fit', async () =>
        (await incidents.tree.getChildren({ kind: 'section', incidentId: incident.id, section: 'runbooks' })).find((n) => n.kind === 'leaf' && n.label === 'IT fitting runbook'),
      );
      // What a click on the row runs.
      const click = incidents.tree.getTreeItem(leaf).command;
      assert.ok(click, 'the row has a click command');
      assert.equal(await vscode.commands.executeCommand(click.command, ...(click.arguments ?? [])), incident.id, 'the incident became the current one');
      assert.equal(path.basename(vscode.window.activeTextEditor?.document.uri.fsPath ?? ''), path.basename(file), 'the runbook is open');

      const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('incidentDesk.runbooks.runStep', { uri: vscode.Uri.file(file), stepIndex: 0 });
      assert.equal(outcome?.steps[0]?.exitCode, 0, outcome?.message);
      const runbook = `runbooks/fitting-${process.pid}.md`;
      const event = await eventually('the run on the incident’s timeline', async () =>
        (await api<IncidentWithTimeline>('GET', `/v1/incidents/${encodeURIComponent(incident.id)}`)).timeline.find((e) => e.type === 'runbook_step' && e.runbook === runbook),
      );
      assert.ok(event.type === 'runbook_step');
      assert.equal(event.step, 'fit-check');
      assert.equal(event.exitCode, 0);
    } finally {
      await vscode.commands.executeCommand('incidentDesk.stopWorkingOnIncident');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.commands.executeCommand('incidentDesk.resolve', incident.id, { confirmed: true });
      fs.rmSync(file, { force: true });
    }
  });

  it('runs the fitting runbook’s first step from the incident’s row (Run Fitting Runbook) and records it on that incident', async function () {
    this.timeout(120_000);
    const workspace = process.env.INCIDENT_DESK_TEST_WORKSPACE ?? '';
    const service = `row-run-${randomUUID().slice(0, 8)}`;
    const file = path.join(workspace, 'runbooks', `row-run-${process.pid}.md`);
    const today = new Date().toISOString().slice(0, 10);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      ['---', 'title: IT row runbook', `services: [${service}]`, 'owner: it-team', `last_reviewed: ${today}`, 'params:', '  IT_GREETING: { description: "What to say", default: hello }', '---', '', '# Row', '', 'Prose first.', '', '```sh { name=greet promptEnv=false }', 'echo "$IT_GREETING from the row"', 'export IT_FROM_ROW=1', '```', '', '```sh { name=second }', 'echo never-run', '```', ''].join('\n'),
    );
    await vscode.commands.executeCommand('incidentDesk.stopWorkingOnIncident');
    const title = `Row run ${randomUUID().slice(0, 8)}`;
    assert.equal(await vscode.commands.executeCommand('incidentDesk.declare', { title, severity: 3, services: [service] }), 'sent');
    const incident = await eventually('the incident', () => incidents.incidents().find((i) => i.title === title));
    try {
      await eventually('the row to offer its play button', () => /^incident\.active\.runbook\b/.test(String(incidents.tree.getTreeItem({ kind: 'incident', incident }).contextValue)));
      const node: IncidentTreeNode = { kind: 'incident', incident };
      // What the inline button passes: the row. Params given, so no form; the form itself is walked in the installed-.vsix tier.
      const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('incidentDesk.runFittingRunbook', node, { params: { IT_GREETING: 'hi' } });
      assert.equal(outcome?.status, 'completed', outcome?.message);
      assert.deepEqual(outcome?.steps.map((step) => [step.name, step.exitCode]), [['greet', 0]], 'only the first step ran');
      assert.equal(path.basename(vscode.window.activeTextEditor?.document.uri.fsPath ?? ''), path.basename(file), 'the runbook is open');
      const runbook = `runbooks/row-run-${process.pid}.md`;
      const event = await eventually('the run on the incident’s timeline', async () =>
        (await api<IncidentWithTimeline>('GET', `/v1/incidents/${encodeURIComponent(incident.id)}`)).timeline.find((e) => e.type === 'runbook_step' && e.runbook === runbook),
      );
      assert.ok(event.type === 'runbook_step' && event.step === 'greet' && event.exitCode === 0);

      // The command wrapper refuses arguments it cannot take, before anything is sent.
      assert.equal(await vscode.commands.executeCommand('incidentDesk.setSeverity', incident.id, 9), undefined);
      assert.equal(await vscode.commands.executeCommand('incidentDesk.checkIn', 42), undefined);
      assert.equal(await vscode.commands.executeCommand('incidentDesk.runFittingRunbook', incident.id, 'not options'), undefined);
      const after = await api<IncidentWithTimeline>('GET', `/v1/incidents/${encodeURIComponent(incident.id)}`);
      assert.equal(after.severity, 3, 'severity unchanged');
      assert.equal(after.timeline.filter((e) => e.type === 'runbook_step').length, 1, 'nothing else ran');
    } finally {
      await vscode.commands.executeCommand('incidentDesk.stopWorkingOnIncident');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.commands.executeCommand('incidentDesk.resolve', incident.id, { confirmed: true });
      fs.rmSync(file, { force: true });
    }
  });

  it('opens a read-only incident document in which remote text stays text', async () => {
    const hostile = `<img src=x onerror=alert(1)> [click](command:workbench.action.files.delete) ${randomUUID().slice(0, 6)}`;
    await vscode.commands.executeCommand('incidentDesk.declare', { title: hostile, severity: 3, services: [] });
    const incident = await eventually('the hostile incident', () => incidents.incidents().find((i) => i.title === hostile));
    const row = incidents.tree.getTreeItem({ kind: 'incident', incident });
    assert.match(String(row.label), new RegExp(`^${incident.id} · ${incident.status} · \\d+[smhd]`), 'id, status and age lead the row');
    assert.ok(String(row.description).endsWith(hostile), 'the title follows');
    assert.ok(row.tooltip instanceof vscode.MarkdownString && !row.tooltip.isTrusted && !row.tooltip.supportHtml, 'the hover is untrusted markdown');
    assert.ok(!row.tooltip.value.includes('[click](command:') && /\bago\b/.test(row.tooltip.value), 'the hover escapes the title and shows the age');
    await vscode.commands.executeCommand('incidentDesk.addNote', incident.id, '**bold** <script>alert(2)</script>');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('incidentDesk.openIncident', incident.id);
    const text = editor.document.getText();
    assert.equal(editor.document.languageId, 'markdown');
    assert.equal(editor.document.uri.scheme, 'incident-desk');
    assert.ok(!text.includes('<img') && !text.includes('<script>'), 'no raw HTML survives');
    assert.ok(text.includes('&lt;img') && text.includes('\\[click\\]\\(command:'), 'the title is escaped text');
    assert.ok(text.includes('\\*\\*bold\\*\\*'), 'the note is escaped text');
    const stat = await vscode.workspace.fs.stat(editor.document.uri);
    assert.equal(stat.permissions, vscode.FilePermission.Readonly, 'the editor shows it read-only');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.writeFile(editor.document.uri, new TextEncoder().encode('tampered'))), /read-only|NoPermissions/i);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.commands.executeCommand('incidentDesk.resolve', incident.id, { confirmed: true });
  });

  it('keeps the last known incidents when the server stops, and sends an offline action exactly once when it returns', async () => {
    // Snapshot only once the view agrees with the server (earlier tests' changes have arrived).
    const onServer = (await activeOnServer()).map((i) => i.id).sort();
    const known = await eventually('the view to match the server', () => {
      const shown = incidents.incidents().map((i) => i.id).sort();
      return JSON.stringify(shown) === JSON.stringify(onServer) ? shown : undefined;
    });
    const target = known[0] as string;
    await controlServer('stop');
    try {
      await vscode.commands.executeCommand('incidentDesk.incidents.refresh');
      await eventually('the offline state', () => incidents.state().kind === 'offline');
      assert.deepEqual(incidents.incidents().map((i) => i.id).sort(), known, 'cached incidents stay');
      await eventually('the offline message', () => /^Offline — last updated/.test(incidents.treeMessage() ?? ''));

      const text = `Offline note ${randomUUID()}`;
      assert.equal(await vscode.commands.executeCommand('incidentDesk.addNote', target, text), 'queued');
      assert.equal(incidents.pendingActions(), 1);
      await eventually('the waiting count in the message', () => /1 action waiting/.test(incidents.treeMessage() ?? ''));
      await controlServer('start');
      await vscode.commands.executeCommand('incidentDesk.retryConnection');
      await eventually('the queue to drain', () => incidents.pendingActions() === 0 && incidents.state().kind === 'online');
      const timeline = (await api<IncidentWithTimeline>('GET', `/v1/incidents/${target}`)).timeline;
      assert.equal(timeline.filter((e) => e.type === 'note' && e.text === text).length, 1);
    } finally {
      await controlServer('start');
    }
  });

  it('reports a broken policy file in Problems and falls back to the default policy', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const file = path.join(folder.uri.fsPath, '.incident-desk', 'policy.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'severities:\n  1:\n    name: Big One\n    consult_sme_after: whenever\n');
    try {
      const diagnostics = await eventually('policy diagnostics', () => {
        const found = vscode.languages.getDiagnostics(vscode.Uri.file(file));
        return found.length > 0 ? found : undefined;
      });
      assert.equal(diagnostics[0]?.range.start.line, 3);
      assert.equal(diagnostics[0]?.severity, vscode.DiagnosticSeverity.Error);
      const sev1 = (await incidents.tree.getChildren()).find((g) => g.kind === 'severity' && g.severity === 1);
      assert.ok(sev1);
      assert.equal(incidents.tree.getTreeItem(sev1).label, 'Sev 1 · Major', 'the default policy names apply');

      fs.writeFileSync(file, 'severities:\n  1:\n    name: Big One\n');
      await eventually('the valid policy to apply', async () => {
        const group = (await incidents.tree.getChildren()).find((g) => g.kind === 'severity' && g.severity === 1);
        return group && incidents.tree.getTreeItem(group).label === 'Sev 1 · Big One';
      });
      assert.equal(vscode.languages.getDiagnostics(vscode.Uri.file(file)).length, 0);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('starts a local server from the welcome view’s action and connects to it', async function () {
    this.timeout(90_000);
    try {
      assert.equal(await vscode.commands.executeCommand('incidentDesk.startLocalServer'), true);
      // getConfiguration returns a snapshot: read it after the command changed it.
      const url = vscode.workspace.getConfiguration('incidentDesk').get<string>('server.url') ?? '';
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.notEqual(url, serverUrl(), 'a server of its own, not the test server');
      assert.ok(vscode.window.terminals.some((t) => t.name === 'Incident Desk server'), 'the server runs in a terminal');
      const health = await fetch(`${url}/v1/health`);
      assert.equal(health.status, 200);
      await eventually('the view to connect to it', () => incidents.state().kind === 'online');
      const title = `Local server smoke test ${randomUUID().slice(0, 8)}`;
      assert.equal(await vscode.commands.executeCommand('incidentDesk.declare', { title, severity: 4, services: [] }), 'sent');
      await eventually('the new incident in the tree', () => incidents.incidents().some((i) => i.title === title));
    } finally {
      for (const terminal of vscode.window.terminals.filter((t) => t.name === 'Incident Desk server')) terminal.dispose();
      await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken());
    }
  });
});
