import * as assert from 'node:assert/strict';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import { describePlan, planRun } from '../../../src/core/runbooks/runPlan';

const runbook = parseRunbook(
  [
    '# Plan',
    '```sh { name=first }',
    'echo one',
    '```',
    '```yaml',
    'shown: only',
    '```',
    '```sh { name=manual excludeFromRunAll=true }',
    'echo manual',
    '```',
    '```bash { name=empty }',
    '```',
    '```sh { name=wipe }',
    'rm -rf ./build',
    '```',
    '```console { name=last }',
    '$ echo last',
    'last',
    '```',
  ].join('\n'),
);
const index = (name: string) => runbook.steps.find((s) => s.name === name)?.index;

describe('run plans (editor)', () => {
  it('Run all runs shell steps in order, skipping excluded and empty ones with the reason, and never lists other fences', () => {
    const planned = planRun(runbook, 'all');
    assert.ok(planned.ok);
    assert.deepEqual(planned.plan.steps.map((s) => s.name), ['first', 'wipe', 'last']);
    assert.deepEqual(planned.plan.skipped.map((s) => [s.step.name, s.reason]), [
      ['manual', 'marked excludeFromRunAll'],
      ['empty', 'it has nothing to run'],
    ]);
  });

  it('Run from here starts at the chosen step even when Run all would skip it', () => {
    const planned = planRun(runbook, 'fromHere', index('manual'));
    assert.ok(planned.ok);
    assert.deepEqual(planned.plan.steps.map((s) => s.name), ['manual', 'wipe', 'last']);
  });

  it('refuses to run a fence that is not a shell step, an empty step, or an unknown index', () => {
    const yaml = runbook.steps.find((s) => s.language === 'yaml');
    const notShell = planRun(runbook, 'step', yaml?.index);
    assert.equal(notShell.ok, false);
    assert.match(notShell.ok ? '' : notShell.error, /yaml block is shown, never run/);
    const empty = planRun(runbook, 'step', index('empty'));
    assert.match(empty.ok ? '' : empty.error, /nothing to run/);
    const missing = planRun(runbook, 'step', 99);
    assert.match(missing.ok ? '' : missing.error, /no step #99/);
  });

  it('refuses an unclosed fence, which would otherwise send the rest of the file to a shell', () => {
    const parsed = parseRunbook('# X\n```sh { name=open }\necho a\n\n## Later text\nnot a command\n');
    const planned = planRun(parsed, 'step', 0);
    assert.equal(planned.ok, false);
    assert.match(planned.ok ? '' : planned.error, /never closed/);
    assert.equal(planRun(parsed, 'all').ok, false);
  });

  it('describes every step it will run with its first line, flags destructive ones, and lists the skipped', () => {
    const planned = planRun(runbook, 'all');
    assert.ok(planned.ok);
    const text = describePlan(planned.plan);
    assert.match(text, /^1\. first: echo one$/m);
    assert.match(text, /^2\. wipe: rm -rf \.\/build — will ask again/m);
    assert.match(text, /^3\. last: echo last$/m);
    assert.match(text, /Skipped:\n• manual: marked excludeFromRunAll\n• empty: it has nothing to run/);
  });
});
