// Runbook parsing figures: a generated 1 MB runbook, a 1 MB single line, the
// shipped runbooks, the editor's CodeLens computation (parse + step lookup) on a
// 500-step runbook, lint, and how long the command line's runner takes from
// "run" to the step's first output. Figures only: nothing passes or fails here.
//   node out/test/bench/runbooks.bench.js
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { dangerFindings, needsConfirmation } from '../../src/core/runbooks/danger';
import { lintRunbook } from '../../src/core/runbooks/lint';
import { parseFrontMatter } from '../../src/core/runbooks/frontMatter';
import { parseRunbook, stepAtLine } from '../../src/core/runbooks/parse';
import { runStep } from '../../src/runbooks/stepRunner';
import { measure as measureFigure, summarize, type Figure } from './figures';

const root = path.resolve(__dirname, '..', '..', '..');
const fence = '```';
const figures: Figure[] = [];

function measure(name: string, input: string, runs: number, fn: () => unknown): void {
  figures.push(measureFigure(name, input, runs, fn));
}

async function measureAsync(name: string, input: string, runs: number, fn: () => Promise<number>): Promise<void> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await fn());
  figures.push(summarize(name, input, times));
}

/** A realistic runbook: headings, prose, lists, shell steps with attributes, other fences. */
function generatedRunbook(targetBytes: number): string {
  const parts = [
    '---',
    'title: Generated runbook',
    'services: [checkout-api, settings-web]',
    'alerts: [HighLatencyP99]',
    'owner: sre-team',
    'last_reviewed: 2026-11-20',
    'params:',
    '  REGION: { default: us-east-1 }',
    '  API_KEY: { secret: true }',
    '---',
  ];
  let size = parts.join('\n').length;
  for (let i = 0; size < targetBytes; i++) {
    const block = [
      `## ${i + 1}. Check the service in $REGION`,
      '',
      'Some prose that explains why this step matters, with `inline code`, a [link](https://example.com) and *emphasis*.',
      '',
      `- item one\n- item two with a nested fence:\n\n  ${fence}sh { name=nested-${i} }\n  echo nested ${i}\n  ${fence}`,
      '',
      `${fence}bash { name=step-${i} timeout=60${i % 7 === 0 ? ' confirm=true' : ''} }`,
      `curl -fsS --max-time 2 "http://127.0.0.1:8080/healthz?region=$REGION" || true`,
      `kubectl -n prod get pods -l app=checkout | head -n ${i % 20}`,
      fence,
      '',
      `${fence}console`,
      '$ git log --oneline -3',
      'abc123 fix',
      fence,
      '',
    ].join('\n');
    parts.push(block);
    size += block.length + 1;
  }
  return parts.join('\n');
}

/** Front matter that was quadratic or unbounded before it was read in one pass. */
function frontMatterInputs(): [string, string[]][] {
  const params = ['---', 'title: many params', 'params:'];
  let size = 0;
  for (let i = 0; size < 1024 * 1024; i++) {
    const line = `  P${i}: { description: "param number ${i}", default: value-${i} }`;
    params.push(line);
    size += line.length + 1;
  }
  params.push('---');
  const count = params.length - 4;
  return [
    [`1 MiB of front matter: ${count} params`, params],
    ['20,000 params', [...params.slice(0, 3 + 20_000), '---']],
    ['a title of three million [', ['---', `title: ${'['.repeat(3_000_000)}`, '---']],
    // Every param with a diagnostic: the key lines are indexed (once) only when one is asked for.
    ['20,000 params, each with an unknown key', ['---', 'params:', ...Array.from({ length: 20_000 }, (_, i) => `  P${i}: { descripton: "param ${i}" }`), '---']],
  ];
}

function stepsRunbook(count: number): string {
  const lines = ['---', 'title: Many steps', 'services: [api]', 'last_reviewed: 2026-11-20', '---'];
  for (let i = 0; i < count; i++) lines.push(`## Step ${i}`, '', `${fence}sh`, `echo ${i}`, fence, '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const oneMb = generatedRunbook(1024 * 1024);
  // The floor: markdown-it's own block parse of the same text, in the same run.
  const markdownIt = new MarkdownIt({ html: true });
  measure('markdown-it parse (floor)', `the same generated runbook, ${(oneMb.length / 1024).toFixed(0)} KiB`, 20, () => markdownIt.parse(oneMb, {}));
  measure('parseRunbook', `generated runbook, ${(oneMb.length / 1024).toFixed(0)} KiB, ${parseRunbook(oneMb).steps.length} fences`, 20, () => parseRunbook(oneMb));
  const parsedBig = parseRunbook(oneMb);
  measure('lintRunbook (after parse)', 'the same 1 MB runbook', 10, () => lintRunbook(parsedBig, { today: new Date() }));
  for (const [input, lines] of frontMatterInputs()) {
    measure('parseFrontMatter', input, 10, () => parseFrontMatter(lines));
  }
  const oneLine = `# One line\n${fence}sh\necho ${'x'.repeat(1024 * 1024)}\n${fence}\n`;
  measure('parseRunbook', '1 MiB single line inside a step', 20, () => parseRunbook(oneLine));

  const shippedDir = path.join(root, 'runbooks');
  for (const file of fs.readdirSync(shippedDir).filter((f) => f.endsWith('.md')).sort()) {
    const text = fs.readFileSync(path.join(shippedDir, file), 'utf8');
    measure('parseRunbook', `runbooks/${file} (${(text.length / 1024).toFixed(1)} KiB)`, 200, () => parseRunbook(text));
  }

  // What the editor's CodeLens provider does on every change: parse, then one lens
  // group per step located by line, with its confirmation flag.
  const manySteps = stepsRunbook(500);
  measure('CodeLens computation', '500-step runbook: parse + stepAtLine + needsConfirmation per step', 50, () => {
    const parsed = parseRunbook(manySteps);
    let lenses = 0;
    for (const step of parsed.steps) {
      const found = stepAtLine(parsed, step.range.startLine);
      if (found && (needsConfirmation(found) || found.runnable)) lenses++;
    }
    if (lenses !== 500) throw new Error(`expected 500 lenses, got ${lenses}`);
  });

  // Danger classification: 2,000 real steps (the labelled sample, repeated) through the shell parser and the rule table.
  const labelled = fs
    .readFileSync(path.join(root, 'test', 'fixtures', 'danger', 'labelled-steps.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.slice(l.indexOf('\t') + 1));
  const twoThousand = Array.from({ length: 2000 }, (_, i) => labelled[i % labelled.length] ?? '');
  measure('dangerFindings', `2,000 steps (the labelled sample of ${labelled.length}, repeated)`, 10, () => {
    let asking = 0;
    for (const step of twoThousand) if (dangerFindings(step).length > 0) asking++;
    return asking;
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-bench-'));
  try {
    await measureAsync('runStep: run → first output', 'bash -c "echo started" in a child process group', 20, async () => {
      const start = performance.now();
      let first = 0;
      await runStep({
        step: { language: 'bash', commands: 'echo started', attributes: { unknown: {} } },
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        onOutput: () => {
          if (first === 0) first = performance.now();
        },
      });
      return first - start;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  printTable();
  const outDir = process.env.INCIDENT_DESK_BENCH_DIR ?? path.join(root, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const json = { benchmark: 'runbooks', node: process.version, cpus: os.cpus().length, at: new Date().toISOString(), figures };
  fs.writeFileSync(path.join(outDir, 'runbooks.json'), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nWrote ${path.join(outDir, 'runbooks.json')}`);
}

function printTable(): void {
  const header = ['what', 'input', 'runs', 'median ms', 'p95 ms', 'min ms'];
  const rows = figures.map((f) => [f.name, f.input, String(f.runs), f.medianMs.toFixed(2), f.p95Ms.toFixed(2), f.minMs.toFixed(2)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
