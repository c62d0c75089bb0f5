// The README's picture of the Insights view, taken from the real workbench: the demo
// incident server and workspace (as `npm start` has them), this build installed into
// code-server, "Incident Desk: Show Insights" run from the command palette, and the
// screenshot taken once the webview has drawn its charts.
//   node esbuild.mjs && node test/harness/screenshot-insights.mjs [OUT.png]   (default media/insights.png)
// Everything it starts is stopped again, whether it succeeds or fails.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, installExtension, launchBrowser, openIncidentDeskView, startCodeServer, workbenchUrl } from './code-server.mjs';
import { packageVsix } from './package-vsix.mjs';
import { makeDemoWorkspace } from './demo-workspace.mjs';
import { ensureCodeServer, ensureServerNode } from './provision.mjs';
import { createServerToken, spawnIncidentServer } from './test-backend.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const out = resolve(process.argv[2] ?? join(root, 'media', 'insights.png'));
const runDir = join(root, '.run', `insights-screenshot-${process.pid}`);
const say = (text) => process.stdout.write(`${text}\n`);

const cleanups = [];
async function cleanUp() {
  for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => {});
  rmSync(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

try {
  await ensureServerNode();
  await ensureCodeServer();
  const dataDir = join(runDir, 'server-data');
  mkdirSync(dataDir, { recursive: true });
  const workspace = makeDemoWorkspace(join(runDir, 'workspace'));
  const token = await createServerToken(dataDir, 'demo.user');
  const server = await spawnIncidentServer({ port: await freePort(), dataDir, demo: true });
  cleanups.push(() => server.child.kill('SIGTERM'));
  say(`Demo incident server: ${server.url}`);

  const codeDir = join(runDir, 'code-server');
  mkdirSync(join(codeDir, 'user-data', 'User'), { recursive: true });
  const settings = {
    'incidentDesk.server.url': server.url,
    'workbench.startupEditor': 'none',
    'telemetry.telemetryLevel': 'off',
    'git.openRepositoryInParentFolders': 'never',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': false,
  };
  writeFileSync(join(codeDir, 'user-data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  installExtension({ runDir: codeDir, vsix: packageVsix(join(runDir, 'incident-desk.vsix')) });
  const ui = await startCodeServer({ runDir: codeDir, port: await freePort(), env: { INCIDENT_DESK_TOKEN: token }, smokeTestDriver: false });
  cleanups.push(() => ui.stop());

  const browser = await launchBrowser({ runDir: codeDir });
  cleanups.push(() => browser.close());
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  await openIncidentDeskView(page, workbenchUrl({ url: ui.url, folder: workspace }));
  // An incident row proves the extension reached the demo server before insights are asked of it.
  await page.locator('.pane-body .monaco-list-row[aria-level="2"]', { hasText: /INC-\d+/ }).first().waitFor({ timeout: 60_000 });

  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill('>Incident Desk: Show Insights');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Insights' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');

  // The webview: VS Code's outer frame, then the page's own frame inside it.
  const view = page.frameLocator('iframe.webview').frameLocator('#active-frame');
  // Shown once data arrived and the charts were drawn (warnings, if any, replace the status line).
  await view.locator('#content:not([hidden]) #chart-weeks').waitFor({ timeout: 60_000 });
  // The side bar's space goes to the charts.
  await page.keyboard.press('Control+B');
  await page.waitForTimeout(1500);
  mkdirSync(resolve(out, '..'), { recursive: true });
  await page.screenshot({ path: out });
  say(`Screenshot saved: ${out} (${Math.round(statSync(out).size / 1024)} KB)`);
} catch (error) {
  process.stderr.write(`screenshot-insights: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
