import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import type { RunOutcome } from '../../../src/editor/runbooks/runbookRunner';

/** The runbook suites' files in the test workspace, and the helpers both drive them with. */
export const WORKSPACE = process.env.INCIDENT_DESK_TEST_WORKSPACE ?? '';
export const RUNBOOKS_DIR = path.join(WORKSPACE, 'runbooks');

/** Runbooks (and other files) a suite wrote: `cleanUp()` in its `after` removes them, their markers and terminals. */
export class SuiteRunbooks {
  private readonly created: string[] = [];

  /** Writes a runbook into the test workspace and opens it in an editor. */
  async write(name: string, title: string, body: string, front: { alerts?: string; params?: string } = {}): Promise<vscode.Uri> {
    const file = path.join(RUNBOOKS_DIR, `${name}-${process.pid}.md`);
    const today = new Date().toISOString().slice(0, 10);
    const header = ['---', `title: ${title}`, 'services: [it-service]', ...(front.alerts ? [`alerts: [${front.alerts}]`] : []), 'owner: it-team', `last_reviewed: ${today}`, ...(front.params ? [front.params] : []), '---', ''];
    fs.mkdirSync(RUNBOOKS_DIR, { recursive: true });
    fs.writeFileSync(file, `${header.join('\n')}${body}`);
    this.track(file);
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    return uri;
  }

  /** A file the suite made some other way, removed with the rest. */
  track(file: string): void {
    this.created.push(file);
  }

  async cleanUp(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const terminal of vscode.window.terminals) if (terminal.name.startsWith('Runbook: IT ')) terminal.dispose();
    for (const file of this.created) fs.rmSync(file, { force: true });
    for (const entry of fs.readdirSync(RUNBOOKS_DIR)) if (entry.endsWith(`-${process.pid}.out`)) fs.rmSync(path.join(RUNBOOKS_DIR, entry), { force: true });
  }
}

export function fence(attrs: string, ...lines: string[]): string {
  return ['```sh { ' + attrs + ' }', ...lines, '```', ''].join('\n');
}

/** A file a step writes to show it ran (removed by cleanUp). */
export function marker(name: string): string {
  return path.join(RUNBOOKS_DIR, `${name}-${process.pid}.out`);
}

export async function stepLine(uri: vscode.Uri, name: string): Promise<number> {
  const document = await vscode.workspace.openTextDocument(uri);
  const step = parseRunbook(document.getText()).steps.find((s) => s.name === name);
  assert.ok(step, `step ${name} exists`);
  return step.range.startLine;
}

/** Runs a runbook command and returns its outcome, which it must have. */
export async function run(id: string, args: object): Promise<RunOutcome> {
  const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>(id, args);
  assert.ok(outcome, `${id} returned an outcome`);
  return outcome;
}
