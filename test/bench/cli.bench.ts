// Command-line start-up: `incident-desk runbook steps` and `--version` beside a bare
// `node -e 0` in the same run (the floor), on the Node that runs `npm run bench` and,
// where INCIDENT_DESK_SYSTEM_NODE names another, on that one too. Figures only.
//   node out/test/bench/cli.bench.js
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { summarize, type Figure } from './figures';

const root = path.resolve(__dirname, '..', '..', '..');
const cli = path.join(root, 'dist', 'cli.mjs');
const runbook = path.join(root, 'runbooks', 'rollback-bad-deploy.md');
const RUNS = 25;

/** Wall time of one process from spawn to exit, in ms. */
function timeProcess(node: string, args: string[]): number {
  const start = performance.now();
  const result = spawnSync(node, args, { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${node} ${args.join(' ')} exited ${result.status}`);
  return performance.now() - start;
}

function figuresFor(node: string): Figure[] {
  const cases: [string, string[]][] = [
    ['node -e 0 (floor)', ['-e', '0']],
    ['incident-desk --version', [cli, '--version']],
    ['incident-desk runbook steps', [cli, 'runbook', 'steps', runbook]],
  ];
  for (const [, args] of cases) timeProcess(node, args); // warm the file cache
  // Interleaved, so a busy moment on the machine hits every case alike.
  const times = cases.map(() => [] as number[]);
  for (let run = 0; run < RUNS; run++) cases.forEach(([, args], i) => times[i]?.push(timeProcess(node, args)));
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return cases.map(([name], i) => summarize(name, `Node ${version}`, times[i] ?? []));
}

const nodes = [...new Set([process.execPath, process.env.INCIDENT_DESK_SYSTEM_NODE].filter((n): n is string => Boolean(n)))];
process.stdout.write('Command-line start-up (wall time per process)\n');
for (const node of nodes) {
  const figures = figuresFor(node);
  const floor = figures[0]?.medianMs ?? 0;
  for (const figure of figures) {
    const over = figure === figures[0] ? '' : `  (+${(figure.medianMs - floor).toFixed(1)} ms over the floor)`;
    process.stdout.write(`  ${figure.input.padEnd(14)} ${figure.name.padEnd(30)} median ${figure.medianMs.toFixed(1)} ms  p95 ${figure.p95Ms.toFixed(1)} ms${over}\n`);
  }
}
