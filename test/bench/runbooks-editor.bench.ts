// The runbooks editor's own computations, in plain Node (no VS Code): the CodeLens
// model of a 500-step runbook with a result on every step, moving results on a
// keystroke, the one terminal line of a 1 MB step, the Run all plan and its dialog
// text, and the Runbooks view's grouping. The "Run → command start" time needs a
// real terminal: the integration test prints it as `bench: run-to-start p50=… ms`.
// Figures only: nothing passes or fails here.
//   node out/test/bench/runbooks-editor.bench.js
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRunbook } from '../../src/core/runbooks/parse';
import { applyLineEdit, formatStepResult, resultForStep, type ShownResult } from '../../src/core/runbooks/runResults';
import { describePlan, planRun } from '../../src/core/runbooks/runPlan';
import { terminalCommandLine } from '../../src/core/runbooks/terminalCommand';
import { groupByService } from '../../src/editor/runbooks/serviceGroups';
import { measure as measureFigure, type Figure } from './figures';

const root = path.resolve(__dirname, '..', '..', '..');
const fence = '```';
const figures: Figure[] = [];

function measure(name: string, input: string, runs: number, fn: () => unknown): void {
  figures.push(measureFigure(name, input, runs, fn));
}

function runbookWithSteps(count: number): string {
  const parts = ['---', 'title: Many steps', 'services: [api]', 'owner: sre', 'last_reviewed: 2026-11-01', 'params:', '  NS: { default: prod }', '---', '# Many steps', ''];
  for (let i = 0; i < count; i++) {
    parts.push(`## ${i + 1}. Check shard ${i}`, '', 'Look at the shard and compare with the dashboard.', '', `${fence}sh { name=shard-${i}${i % 50 === 0 ? ' confirm=true' : ''} }`, `kubectl -n "$NS" get pods -l shard=${i}`, `echo "shard ${i} checked"`, fence, '');
  }
  return parts.join('\n');
}

/** What RunbookCodeLensProvider computes per call, without the vscode objects. */
function codeLensModel(text: string, results: readonly ShownResult[]): number {
  const parsed = parseRunbook(text);
  let lenses = 2;
  for (const step of parsed.steps) {
    if (!step.runnable || !step.closed || step.commands.trim() === '') continue;
    lenses += 2;
    const result = resultForStep(results, step);
    if (result) {
      formatStepResult(result);
      lenses++;
    }
  }
  return lenses;
}

function main(): void {
  const text = runbookWithSteps(500);
  const parsed = parseRunbook(text);
  const results: ShownResult[] = parsed.steps.map((s, i) => ({ range: { ...s.range }, commands: s.commands, exitCode: i % 7 === 0 ? 1 : 0, durationMs: 1000 + i }));

  measure('CodeLens model (parse + results)', `500 steps, ${results.length} results, ${(text.length / 1024).toFixed(0)} KB`, 30, () => codeLensModel(text, results));
  measure('CodeLens model (parse, no results)', '500 steps', 30, () => codeLensModel(text, []));
  measure('follow one keystroke above all results', `${results.length} results`, 200, () => applyLineEdit(results, { startLine: 9, endLine: 9, insertedLineBreaks: 1 }));
  measure('follow one keystroke inside a step', `${results.length} results`, 200, () => applyLineEdit(results, { startLine: results[250]?.range.startLine ?? 0, endLine: results[250]?.range.startLine ?? 0, insertedLineBreaks: 0 }));

  const bigStep = Array.from({ length: 20_000 }, (_, i) => `echo 'line ${i}' "$HOME" \\$literal !bang\ttab`).join('\n');
  measure('terminal line for a multi-line step', `${(bigStep.length / 1024 / 1024).toFixed(1)} MB, 20,000 lines`, 10, () => terminalCommandLine(bigStep, 'bash'));

  measure('Run all plan + confirmation text', '500 steps', 30, () => {
    const planned = planRun(parsed, 'all');
    return planned.ok ? describePlan(planned.plan).length : 0;
  });

  const catalog = Array.from({ length: 2000 }, (_, i) => ({ title: `Runbook ${i}`, services: [`svc-${i % 40}`, `svc-${(i * 7) % 40}`, ...(i % 10 === 0 ? [] : [`team-${i % 9}`])] }));
  measure('Runbooks view groups', '2,000 runbooks, ~3 services each', 30, () => groupByService(catalog));

  printTable();
  const outDir = process.env.INCIDENT_DESK_BENCH_DIR ?? path.join(root, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const json = { benchmark: 'runbooks-editor', node: process.version, cpus: os.cpus().length, at: new Date().toISOString(), figures };
  fs.writeFileSync(path.join(outDir, 'runbooks-editor.json'), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nWrote ${path.join(outDir, 'runbooks-editor.json')}`);
}

function printTable(): void {
  const header = ['what', 'input', 'runs', 'median ms', 'p95 ms', 'min ms'];
  const rows = figures.map((f) => [f.name, f.input, String(f.runs), f.medianMs.toFixed(3), f.p95Ms.toFixed(3), f.minMs.toFixed(3)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

main();
