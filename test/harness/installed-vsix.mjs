// The installed extension on its own: this build packaged as a .vsix, installed into a
// fresh code-server extensions folder (no extensionDevelopmentPath, no clone on the
// extension's side), then driven by clicks as a new user would: Start Local Server,
// see the Incidents view connected, declare an incident through it, then the
// responder's loop with its actions counted (responder-walk.mjs): incident → its
// fitting runbook's first step running, resolved → its retrospective open.
// Prints the tier's counts; used by run-all.mjs, or alone: node test/harness/installed-vsix.mjs
// (after node esbuild.mjs).
import { mkdirSync, readdirSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installExtension, launchBrowser, openIncidentDeskView, startCodeServer, workbenchUrl } from './code-server.mjs';
import { makeDemoWorkspace } from './demo-workspace.mjs';
import { packageVsix } from './package-vsix.mjs';
import { GOALS, openRetrospectiveOfResolved, resolveFromRow, runFirstStepFromIncident } from './responder-walk.mjs';
import { ensureCodeServer } from './provision.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const EXTENSION_ID = 'incident-desk.incident-desk';

/** Processes whose command line mentions `needle` (the server Start Local Server ran in a terminal, outside code-server's process group). */
function killProcessesMentioning(needle) {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(needle)) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already, or not ours to read
    }
  }
}

export async function runInstalledVsixCheck() {
  await ensureCodeServer();
  const runDir = join(root, '.run', `installed-vsix-${process.pid}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(join(runDir, 'user-data', 'User'), { recursive: true });
  const workspace = makeDemoWorkspace(join(runDir, 'workspace'));
  const vsix = packageVsix(join(runDir, 'incident-desk.vsix'));
  installExtension({ runDir, vsix });
  const installed = readdirSync(join(runDir, 'extensions')).filter((name) => name.startsWith(EXTENSION_ID));
  if (installed.length !== 1) throw new Error(`expected one installed ${EXTENSION_ID}, found: ${installed.join(', ') || 'none'}`);
  writeFileSync(
    join(runDir, 'user-data', 'User', 'settings.json'),
    JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'chat.disableAIFeatures': true }, null, 2),
  );
  const storage = join(runDir, 'user-data', 'User', 'globalStorage', EXTENSION_ID, 'server');
  const ui = await startCodeServer({ runDir, smokeTestDriver: false });
  const browser = await launchBrowser({ runDir });
  const steps = [];
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    await openIncidentDeskView(page, workbenchUrl({ url: ui.url, folder: workspace }));
    steps.push('the installed extension shows its view container');

    await page.locator('.welcome-view-content a.monaco-button', { hasText: 'Start Local Server' }).first().click({ timeout: 30_000 });
    // Connected: the "no backend" welcome gives way to the tree, whose "No active incidents" row declares.
    const declareButton = page.locator('.pane-body .monaco-list-row', { hasText: 'No active incidents' }).first();
    await declareButton.waitFor({ timeout: 60_000 });
    if (!existsSync(join(storage, 'incident-desk.sqlite'))) throw new Error(`no database in the extension's global storage (${storage})`);
    steps.push("Start Local Server connects, with its data in the extension's global storage");

    await declareButton.click();
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill('Installed copy: checkout errors');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Sev 2' }).first().click({ timeout: 10_000 });
    await page.locator('.quick-input-title', { hasText: 'Declare incident (3/3)' }).waitFor({ timeout: 10_000 });
    // settings-web: exactly one shipped runbook (latency triage) lists it, so the row runs it without a pick.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'settings-web' }).first().click({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await page.locator('.pane-body .monaco-list-row', { hasText: /INC-1\b/ }).first().waitFor({ timeout: 30_000 });
    await page.locator('.notifications-toasts .notification-toast', { hasText: 'Declared INC-1' }).first().waitFor({ timeout: 15_000 });
    steps.push("an incident declared through it appears in the Incidents view, and a toast names it (\"Declared INC-1 · …\")");

    const run = await runFirstStepFromIncident(page, { incidentId: 'INC-1', stepName: 'probe' });
    steps.push(`incident → first runbook step running in ${run.length} actions (goal ≤ ${GOALS.runFirstStep}: ${run.join(', ')}), and the run is on INC-1's timeline`);
    await resolveFromRow(page, 'INC-1');
    const retro = await openRetrospectiveOfResolved(page, { incidentId: 'INC-1' });
    steps.push(`resolved → retrospective open in ${retro.length} actions (goal ≤ ${GOALS.openRetrospective}: ${retro.join(', ')})`);
    return { passes: 1, failures: 0, failed: [], steps, actions: { runFirstStep: run.length, openRetrospective: retro.length } };
  } catch (error) {
    const shot = join(root, '.run', `installed-vsix-failure-${process.pid}.png`);
    await browser.pages()[0]?.screenshot({ path: shot }).catch(() => {});
    return { passes: 0, failures: 1, failed: [{ title: 'installed .vsix: Start Local Server, declare, run the fitting runbook, write the retrospective', error: `${error.message}\n(after: ${steps.join('; ') || 'nothing'}; screenshot ${shot})` }], steps };
  } finally {
    await browser.close().catch(() => {});
    await ui.stop();
    killProcessesMentioning(storage);
    if (!process.env.INCIDENT_DESK_KEEP_RUN) rmSync(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runInstalledVsixCheck();
  for (const step of result.steps) process.stdout.write(`  ✓ ${step}\n`);
  for (const failure of result.failed) process.stdout.write(`\nFAILED ${failure.title}\n${failure.error}\n`);
  process.exitCode = result.failures > 0 ? 1 : 0;
}
