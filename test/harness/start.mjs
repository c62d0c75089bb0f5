// `npm start`: the incident server with demo data, and Incident Desk in a real VS Code
// opened on a demo workspace. Desktop VS Code when `code` is on PATH (and
// INCIDENT_DESK_BROWSER is not set), otherwise code-server in the browser.
//   --screenshot FILE   also render the workbench in headless Chromium and save a PNG
//   --exit              stop after the screenshot (for CI and the README image)
//
// Everything it starts is stopped again when any step fails, and the message says
// what to do; nothing is left running behind a failed start.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, installExtension, launchBrowser, openIncidentDeskView, startCodeServer, workbenchUrl } from './code-server.mjs';
import { packageVsix } from './package-vsix.mjs';
import { makeDemoWorkspace } from './demo-workspace.mjs';
import { ensureCodeServer, ensureServerNode } from './provision.mjs';
import { createServerToken, spawnIncidentServer } from './test-backend.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const args = process.argv.slice(2);
const screenshot = args.includes('--screenshot') ? resolve(args[args.indexOf('--screenshot') + 1] ?? 'media/screenshot.png') : undefined;
const exitAfter = args.includes('--exit');
const say = (text) => process.stdout.write(`${text}\n`);

// INCIDENT_DESK_DEMO_DIR lets the test run's smoke check use its own folder beside a running demo.
const demoDir = process.env.INCIDENT_DESK_DEMO_DIR ? resolve(process.env.INCIDENT_DESK_DEMO_DIR) : join(root, '.run', 'demo');

const cleanups = [];
let stopping;
function shutdown(code = 0) {
  stopping ??= (async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch {
        // already gone
      }
    }
    process.exit(code);
  })();
  return stopping;
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

/** Runs one step of the start; a failure stops everything started so far and says what to do. */
async function step(what, advice, body) {
  try {
    return await body();
  } catch (error) {
    process.stderr.write(`\nnpm start: ${what} failed: ${error?.message ?? error}\n${advice}\n`);
    await shutdown(1);
  }
}

const RETRY_ADVICE = 'Everything it had started is stopped. Fix the cause above and run `npm start` again.';

const useDesktop = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0 && !process.env.INCIDENT_DESK_BROWSER && !screenshot;
// Provision first: a failed download must not leave a demo server running.
await step('installing what the demo needs', `${RETRY_ADVICE} (Set INCIDENT_DESK_CACHE to use another cache folder.)`, async () => {
  await ensureServerNode();
  if (!useDesktop) await ensureCodeServer();
});

const dataDir = join(demoDir, 'server-data');
mkdirSync(dataDir, { recursive: true });
const workspace = makeDemoWorkspace(join(demoDir, 'workspace'));
const token = await step('creating a demo token', RETRY_ADVICE, () => createServerToken(dataDir, 'demo.user'));
const server = await step('starting the demo incident server', RETRY_ADVICE, async () =>
  spawnIncidentServer({ port: Number(process.env.INCIDENT_DESK_PORT) || (await freePort()), dataDir, demo: true }),
);
cleanups.push(() => server.child.kill('SIGTERM'));
server.child.once('exit', (code, signal) => {
  if (stopping) return;
  process.stderr.write(`\nnpm start: the demo incident server stopped (${signal ?? code}); stopping the rest.\n`);
  void shutdown(1);
});
say(`Incident server (demo data): ${server.url}`);

const settings = {
  'incidentDesk.server.url': server.url,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.openRepositoryInParentFolders': 'never',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
};

if (useDesktop) {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'incidentDesk.server.url': server.url }, null, 2));
  // The token travels in the environment (as for the command line), never in a file.
  const code = spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, workspace], { stdio: 'inherit', env: { ...process.env, INCIDENT_DESK_TOKEN: token } });
  code.on('exit', () => say('VS Code started. Press Ctrl-C here to stop the incident server.'));
} else {
  const runDir = join(demoDir, 'code-server');
  mkdirSync(join(runDir, 'user-data', 'User'), { recursive: true });
  // A sandboxed profile for the demo only: the demo workspace is ours, so it opens trusted.
  writeFileSync(join(runDir, 'user-data', 'User', 'settings.json'), JSON.stringify({ ...settings, 'security.workspace.trust.enabled': false }, null, 2));
  // The demo runs the extension as users get it: this build packaged and installed into
  // the demo profile. (Loading it as an extension under development would need the
  // smoke-test driver, which swallows every notification.)
  await step('installing this build of Incident Desk into the demo VS Code', RETRY_ADVICE, () =>
    installExtension({ runDir, vsix: packageVsix(join(demoDir, 'incident-desk.vsix')) }),
  );
  const ui = await step('starting VS Code (code-server)', RETRY_ADVICE, async () =>
    startCodeServer({
      runDir,
      port: Number(process.env.INCIDENT_DESK_UI_PORT) || (await freePort()),
      env: { INCIDENT_DESK_TOKEN: token },
      smokeTestDriver: false,
    }),
  );
  cleanups.push(() => ui.stop());
  const url = workbenchUrl({ url: ui.url, folder: workspace });
  say(`\nIncident Desk is running in VS Code (code-server). Open:\n\n  ${url}\n\nPress Ctrl-C to stop.`);
  if (screenshot) {
    await step('checking the workbench', 'The workbench did not show Incident Desk as expected; everything is stopped.', () => takeScreenshot(url, runDir, screenshot));
  }
  if (exitAfter) await shutdown();
}

async function takeScreenshot(url, runDir, file) {
  const browser = await launchBrowser({ runDir });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await openIncidentDeskView(page, url);
    // An incident row (INC-n) proves the extension reached the demo server, not just that views exist.
    const firstIncident = page.locator('.pane-body .monaco-list-row[aria-level="2"]', { hasText: /INC-\d+/ }).first();
    await firstIncident.waitFor({ timeout: 30_000 });
    await firstIncident.click();
    await page.keyboard.press('ArrowRight');
    // Open a runbook so its Run / Run all CodeLens shows beside the incident.
    const runbook = page.locator('.pane-body .monaco-list-row', { hasText: 'Roll back a bad deploy' }).first();
    await runbook.waitFor({ timeout: 30_000 });
    await runbook.click();
    await page.locator('.codelens-decoration').first().waitFor({ timeout: 30_000 });
    await expectErrorToast(page);
    await page.waitForTimeout(1500);
    mkdirSync(resolve(file, '..'), { recursive: true });
    await page.screenshot({ path: file });
    say(`Screenshot saved: ${file}`);
  } finally {
    await browser.close();
  }
}

/**
 * Notifications must pop up as toasts in the demo. A runbook is not a retrospective, so
 * refreshing its timeline is refused with an error notification: it has to be visible.
 */
async function expectErrorToast(page) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill('>Incident Desk: Refresh Retrospective Timeline');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Refresh Retrospective Timeline' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'no readable incident id' }).first();
  await toast.waitFor({ state: 'visible', timeout: 15_000 });
  say('A notification appeared as a toast.');
  await toast.hover();
  await toast.locator('.codicon-notifications-clear').first().click();
  await toast.waitFor({ state: 'hidden', timeout: 5_000 });
}
