// The integration tier: the extension and its mocha tests inside a real VS Code.
//   Launcher B (default): code-server + headless Chromium, works without downloading VS Code.
//   Launcher A: INCIDENT_DESK_LAUNCHER=electron uses @vscode/test-electron (downloads VS Code).
// Prints the tier's counts as JSON on the last line when called with --json-summary.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { ensureCodeServer } from './provision.mjs';
import { installExtension, launchBrowser, startCodeServer, testPayload, workbenchUrl } from './code-server.mjs';
import { packageVsix } from './package-vsix.mjs';
import { startTestBackend } from './test-backend.mjs';
import { startAlertPipeline } from './alert-pipeline.mjs';
import { makeDemoWorkspace } from './demo-workspace.mjs';
import { runSuiteInElectron } from './electron.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const testsEntry = join(root, 'out', 'test', 'integration', 'index.js');
const RUN_TIMEOUT_MS = 15 * 60_000;
/** INCIDENT_DESK_VERBOSE=1 also prints the workbench's own console. */
const verbose = Boolean(process.env.INCIDENT_DESK_VERBOSE);

/** Each suite runs in its own VS Code window with its own settings. */
const SUITES = [
  { name: 'main', trusted: true },
  { name: 'untrusted', trusted: false },
  // Figures for `npm run bench`; not part of `npm test`.
  { name: 'bench', trusted: true, benchOnly: true },
  // Activation beside an empty extension, in a folder that activates neither.
  { name: 'activation', trusted: true, benchOnly: true, emptyWorkspace: true, withEmptyExtension: true },
];

/** The smallest extension there is: the floor for the activation benchmark. */
function writeEmptyExtension(dir) {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: 'empty-extension', publisher: 'incident-desk-bench', version: '0.0.0', description: 'Activation benchmark floor', engines: { vscode: '^1.80.0' }, main: './extension.js', activationEvents: ['onCommand:incidentDeskBench.noop'] };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'extension.js'), 'exports.activate = () => {};\nexports.deactivate = () => {};\n');
  writeFileSync(join(dir, 'README.md'), '# Empty extension\n\nThe floor for the activation benchmark.\n');
  return dir;
}

function userSettings({ trusted }) {
  return {
    'security.workspace.trust.enabled': !trusted,
    'security.workspace.trust.startupPrompt': 'never',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'git.openRepositoryInParentFolders': 'never',
    'terminal.integrated.shellIntegration.enabled': true,
  };
}

async function runSuite(suite, runDir, backend) {
  const workspace = suite.emptyWorkspace ? join(runDir, 'empty-workspace') : makeDemoWorkspace(join(runDir, 'workspace'));
  mkdirSync(workspace, { recursive: true });
  if (suite.withEmptyExtension) {
    // Installed, not a second development path: code-server loads only one of those.
    installExtension({ runDir, vsix: packageVsix(join(runDir, 'empty-extension.vsix'), writeEmptyExtension(join(runDir, 'empty-extension'))) });
  }
  if (process.env.INCIDENT_DESK_LAUNCHER === 'electron') {
    return runSuiteInElectron({ suite, root, testsEntry, workspace, runDir, env: backend.env });
  }
  const resultsFile = join(runDir, 'results.json');
  const transcriptFile = join(runDir, 'transcript.txt');
  const server = await startCodeServer({
    runDir,
    env: {
      INCIDENT_DESK_RESULTS_FILE: resultsFile,
      INCIDENT_DESK_TRANSCRIPT_FILE: transcriptFile,
      INCIDENT_DESK_TEST_SUITE: suite.name,
      INCIDENT_DESK_TEST_WORKSPACE: workspace,
      ...(process.env.INCIDENT_DESK_BENCH_DIR ? { INCIDENT_DESK_BENCH_DIR: process.env.INCIDENT_DESK_BENCH_DIR } : {}),
      ...backend.env,
    },
  });
  mkdirSync(join(runDir, 'user-data', 'User'), { recursive: true });
  writeFileSync(join(runDir, 'user-data', 'User', 'settings.json'), JSON.stringify(userSettings(suite), null, 2));
  const browser = await launchBrowser({ runDir });
  let exitCode;
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    const finished = new Promise((resolveExit) => {
      page.exposeFunction('codeAutomationLog', (_level, args) => {
        if (!verbose) return;
        process.stdout.write(`${format(...(Array.isArray(args) ? args : [args]))}\n`);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    });
    const timeout = new Promise((resolveExit) => setTimeout(() => resolveExit('timeout'), RUN_TIMEOUT_MS).unref());
    const payload = testPayload({ port: server.port, extensionPath: root, testsPath: testsEntry });
    await page.goto(workbenchUrl({ url: server.url, folder: workspace, payload }));
    exitCode = await Promise.race([finished, timeout, server.exited.then((e) => `code-server exited ${JSON.stringify(e)}`)]);
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  if (existsSync(transcriptFile)) process.stdout.write(readFileSync(transcriptFile, 'utf8'));
  if (!existsSync(resultsFile)) {
    return { passes: 0, failures: 1, pending: 0, failed: [{ title: `suite ${suite.name}`, error: `no results (exit: ${exitCode})\n${server.output().slice(-3000)}` }] };
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  if (exitCode !== 0 && results.failures === 0) {
    results.failures = 1;
    results.failed.push({ title: `suite ${suite.name}`, error: `VS Code exited with ${exitCode}` });
  }
  return results;
}

/** Cleanup never costs a run its results: a straggler still writing only earns a warning. */
function removeRunFolder(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  } catch (error) {
    process.stderr.write(`[integration] could not remove ${dir}: ${error.message}\n`);
  }
}

export async function runIntegration({ only } = {}) {
  if (process.env.INCIDENT_DESK_LAUNCHER !== 'electron') await ensureCodeServer();
  const base = join(root, '.run', `integration-${process.pid}`);
  removeRunFolder(base);
  const backend = await startTestBackend(join(base, 'backend'));
  const suites = SUITES.filter((s) => (only ? s.name === only : !s.benchOnly));
  // The main suite's alerts test needs a real Prometheus and Alertmanager sending to the backend.
  const alerts = suites.some((s) => s.name === 'main') ? await startAlertPipeline({ webhookUrl: `${backend.url}/v1/integrations/alertmanager`, token: backend.integrationToken }) : undefined;
  const totals = { passes: 0, failures: 0, pending: 0, failed: [] };
  try {
    for (const suite of suites) {
      process.stdout.write(`\n=== integration suite '${suite.name}' (code-server, headless Chromium) ===\n`);
      const env = suite.name === 'main' && alerts ? { ...backend.env, ...alerts.env } : backend.env;
      const results = await runSuite(suite, join(base, suite.name), { ...backend, env });
      totals.passes += results.passes;
      totals.failures += results.failures;
      totals.pending += results.pending;
      totals.failed.push(...results.failed);
    }
  } finally {
    await alerts?.stop();
    await backend.stop();
  }
  if (!process.env.INCIDENT_DESK_KEEP_RUN) removeRunFolder(base);
  return totals;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.find((a) => a.startsWith('--suite='))?.slice('--suite='.length);
  const totals = await runIntegration({ only });
  for (const failure of totals.failed) process.stdout.write(`\nFAILED ${failure.title}\n${failure.error}\n`);
  process.stdout.write(`\nintegration: ${totals.passes} passed, ${totals.failures} failed\n`);
  process.exitCode = totals.failures > 0 ? 1 : 0;
}
