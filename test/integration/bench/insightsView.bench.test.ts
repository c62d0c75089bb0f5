import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionApi } from '../support/extension';
import { eventually, serverToken, serverUrl } from '../support/server';
import { percentile } from '../../bench/figures';

/** Figures, never pass/fail: printed and written to bench-results/insights-view.json. */
const figures: Record<string, number> = {};
const OPENS = 10;

describe('bench: Insights view first render', function () {
  this.timeout(300_000);

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const lines = Object.entries(figures).map(([name, value]) => `  ${name.padEnd(48)} ${value.toFixed(2)}`);
    console.log(['', 'Insights view (inside VS Code)', ...lines].join('\n'));
    const out = process.env.INCIDENT_DESK_BENCH_DIR;
    if (out) {
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, 'insights-view.json'), JSON.stringify(figures, null, 2));
    }
  });

  it(`opens the view ${OPENS} times: first render after the data arrives (a fresh webview each time)`, async () => {
    const { incidents, insights } = await extensionApi();
    await incidents.ready;
    await vscode.workspace.getConfiguration('incidentDesk').update('server.url', serverUrl(), vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('incidentDesk.setServerToken', serverToken());
    await eventually('online', () => incidents.state().kind === 'online');
    const inWebview: number[] = [];
    const fromHost: number[] = [];
    const fromCommand: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      // Closed first, so every open is a new webview: its script, Chart.js and the first draw, cold.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await eventually('the previous Insights panel to close', () => vscode.window.tabGroups.all.every((group) => group.tabs.length === 0));
      const rendered = Promise.race([insights.nextRenderTiming(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`open ${i + 1}: no render within 30 s`)), 30_000))]);
      const started = performance.now();
      if ((await vscode.commands.executeCommand('incidentDesk.showInsights')) !== true) throw new Error('Show Insights was refused');
      const timing = await rendered;
      fromCommand.push(performance.now() - started);
      inWebview.push(timing.renderMs);
      fromHost.push(timing.sinceDataPostedMs);
    }
    for (const list of [inWebview, fromHost, fromCommand]) list.sort((a, b) => a - b);
    figures['data received→drawn, in the webview, p50 (ms)'] = percentile(inWebview, 50);
    figures['data received→drawn, in the webview, max (ms)'] = inWebview[inWebview.length - 1] ?? NaN;
    figures['data posted→render reported, host, p50 (ms)'] = percentile(fromHost, 50);
    figures['data posted→render reported, host, max (ms)'] = fromHost[fromHost.length - 1] ?? NaN;
    figures['Show Insights→first render (gather+compute), p50 (ms)'] = percentile(fromCommand, 50);
    figures['opens'] = OPENS;
  });
});
