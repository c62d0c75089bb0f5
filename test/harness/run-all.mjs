// `npm test`: static checks, the unit tier in plain Node, and the integration tier
// inside a real VS Code. The last line is the summary across all tiers.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIntegration } from './run-integration.mjs';
import { runInstalledVsixCheck } from './installed-vsix.mjs';
import { runUnit } from './run-unit.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const totals = { passes: 0, failures: 0, failed: [] };

const runStarted = Date.now();
let tierStarted = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const tierTimes = [];

/** Records a tier's counts and how long it took (CI prints each tier's time). */
function add(tier, results) {
  totals.passes += results.passes;
  totals.failures += results.failures;
  for (const failure of results.failed ?? []) totals.failed.push({ ...failure, title: `[${tier}] ${failure.title}` });
  tierTimes.push(`${tier}: ${seconds(tierStarted)}`);
  process.stdout.write(`\n${tier}: ${results.passes} passed, ${results.failures} failed (${seconds(tierStarted)})\n`);
  tierStarted = Date.now();
}

function check(name, command, args, env = {}) {
  process.stdout.write(`\n=== ${name} ===\n`);
  tierStarted = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  add(name, { passes: ok ? 1 : 0, failures: ok ? 0 : 1, failed: ok ? [] : [{ title: name, error: `exit code ${result.status}` }] });
}

check('typecheck', bin('tsc'), ['-p', '.', '--noEmit']);
check('lint', bin('eslint'), ['--config', '.eslint.config.mjs', 'src', 'test', 'esbuild.mjs', 'eslint-layers.mjs']);

process.stdout.write('\n=== unit tier (mocha) ===\n');
tierStarted = Date.now();
add('unit', await runUnit());

tierStarted = Date.now();
try {
  add('integration', await runIntegration());
} catch (error) {
  add('integration', { passes: 0, failures: 1, failed: [{ title: 'integration tier', error: String(error?.stack ?? error) }] });
}

process.stdout.write('\n=== installed .vsix (fresh code-server extensions folder, driven by clicks) ===\n');
tierStarted = Date.now();
try {
  const installed = await runInstalledVsixCheck();
  for (const step of installed.steps) process.stdout.write(`  ✓ ${step}\n`);
  add('installed .vsix', installed);
} catch (error) {
  add('installed .vsix', { passes: 0, failures: 1, failed: [{ title: 'installed .vsix', error: String(error?.stack ?? error) }] });
}

// The README's first command, headless: the demo server, code-server, and the Incident
// Desk view showing a demo incident (the launcher fails if it does not appear).
const smokeDir = join(root, '.run', `start-smoke-${process.pid}`);
check('npm start (smoke: workbench shows the Incident Desk view with demo incidents, and a toast)', process.execPath, ['test/harness/start.mjs', '--screenshot', join(smokeDir, 'workbench.png'), '--exit'], { INCIDENT_DESK_DEMO_DIR: smokeDir });
rmSync(smokeDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });

if (totals.failed.length > 0) {
  process.stdout.write('\nFailures:\n');
  for (const failure of totals.failed) process.stdout.write(`  ✗ ${failure.title}\n    ${String(failure.error).split('\n').slice(0, 8).join('\n    ')}\n`);
}
process.stdout.write(`\nTier times: ${tierTimes.join(' · ')} · total ${seconds(runStarted)}\n`);
process.stdout.write(`\n${totals.passes} passed, ${totals.failures} failed\n`);
process.exitCode = totals.failures > 0 ? 1 : 0;
