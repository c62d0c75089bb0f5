// The unit tier: mocha over out/test/unit. The tier starts servers in-process and the
// store needs node:sqlite (Node 22.13+), so on an older Node it runs on the provisioned
// Node 24. INCIDENT_DESK_SYSTEM_NODE names the Node that started it, for the tests of
// what must work there too (the command line's runbook commands on Node 20).
//   node test/harness/run-unit.mjs [mocha args…]     (npm run test:unit)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from './postgres.mjs';
import { ensureServerNode } from './provision.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function mocha(node, args, env = {}) {
  process.stdout.write(`[unit] Node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}\n`);
  return spawnSync(node, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--config', 'test/unit/.mocharc.json', ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, INCIDENT_DESK_SYSTEM_NODE: process.execPath, ...env },
  });
}

/** Runs the tier with the summary reporter and resolves with its counts. */
export async function runUnit() {
  let node;
  try {
    node = await ensureServerNode();
  } catch (error) {
    return { passes: 0, failures: 1, failed: [{ title: 'unit tier', error: `could not provision a Node with node:sqlite: ${error.message}` }] };
  }
  // The PostgreSQL store's tests run against a real server; one that cannot start fails the tier, never skips.
  let postgres;
  try {
    postgres = await startPostgres();
  } catch (error) {
    return { passes: 0, failures: 1, failed: [{ title: 'unit tier', error: `could not start PostgreSQL for the store tests: ${error.message}` }] };
  }
  mkdirSync(join(root, '.run'), { recursive: true });
  const resultsFile = join(root, '.run', `unit-${process.pid}.json`);
  let run;
  try {
    run = mocha(node, ['--reporter', './test/harness/summary-reporter.cjs'], { INCIDENT_DESK_RESULTS_FILE: resultsFile, ...postgres.env });
  } finally {
    await postgres.stop();
  }
  if (!existsSync(resultsFile)) {
    return { passes: 0, failures: 1, failed: [{ title: 'unit tier', error: `mocha exited with ${run.status} before reporting` }] };
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  rmSync(resultsFile);
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const node = await ensureServerNode();
  const postgres = await startPostgres();
  try {
    process.exitCode = mocha(node, process.argv.slice(2), postgres.env).status ?? 1;
  } finally {
    await postgres.stop();
  }
}
