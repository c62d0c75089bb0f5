// `npm run bench`: each benchmark script in plain Node, then the editor benchmarks
// inside a real VS Code. Figures only; nothing here passes or fails on timing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runIntegration } from './run-integration.mjs';
import { ensureServerNode } from './provision.mjs';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const benchDir = join(root, 'out', 'test', 'bench');
const resultsDir = join(root, 'bench-results');
let failed = 0;
// The benchmarks start the server in-process, and its store needs node:sqlite.
const node = await ensureServerNode();

for (const file of existsSync(benchDir) ? readdirSync(benchDir).filter((f) => f.endsWith('.bench.js')).sort() : []) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const result = spawnSync(node, [join(benchDir, file)], { cwd: root, stdio: 'inherit', env: { ...process.env, INCIDENT_DESK_BENCH_DIR: resultsDir, INCIDENT_DESK_SYSTEM_NODE: process.execPath } });
  if (result.status !== 0) failed += 1;
}

process.stdout.write('\n=== editor benchmarks (inside VS Code) ===\n');
process.env.INCIDENT_DESK_BENCH_DIR = resultsDir;
for (const suite of ['bench', 'activation']) {
  const editor = await runIntegration({ only: suite });
  if (editor.failures > 0) failed += 1;
}
// The extension host's console is not ours to print; its figures come back as files.
const EDITOR_FIGURES = [
  ['incidents-tree.json', 'Incidents tree (inside VS Code)'],
  ['alerts-tree.json', 'Alertmanager webhook → Incidents tree (inside VS Code; floor: the same POST on a raw /v1/stream client)'],
  ['insights-view.json', 'Insights view first render (inside VS Code; target < 500 ms after data)'],
  ['slos-view.json', 'SLOs view refresh, 50 SLOs against a local Prometheus (inside VS Code; floor: the same queries through sloStatuses alone)'],
  ['activation.json', 'Activation (inside VS Code, beside an empty extension)'],
];
for (const [file, title] of EDITOR_FIGURES) {
  const figures = join(resultsDir, file);
  if (!existsSync(figures)) continue;
  process.stdout.write(`\n${title}\n`);
  for (const [name, value] of Object.entries(JSON.parse(readFileSync(figures, 'utf8')))) process.stdout.write(`  ${name.padEnd(52)} ${Number(value).toFixed(2)}\n`);
}
process.stdout.write(`\nFigures are in ${resultsDir}/\n`);
process.exitCode = failed > 0 ? 1 : 0;
