import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StepContext, StepExecutor, StepResult } from '../../../src/app/runbooks/ports';
import { runSession } from '../../../src/app/runbooks/runSession';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import { terminalStepCommand, valueFileReads } from '../../../src/core/runbooks/terminalCommand';
import type { RunbookStep } from '../../../src/core/runbooks/types';
import { sessionFakes } from '../../support/runSessionFakes';

const fence = '```';
const TYPED = 'typed-canary-9f3a';

/** Keeps what each step was handed: its commands as they go to the shell, and its context. */
class RecordingExecutor implements StepExecutor {
  readonly ran: { name: string; commands: string; context: StepContext }[] = [];
  async execute(step: RunbookStep, context: StepContext): Promise<StepResult> {
    this.ran.push({ name: step.name, commands: step.commands, context });
    return { exitCode: 0, startedAt: new Date(Date.UTC(2026, 10, 1)), durationMs: 5 };
  }
}

function runbook(frontMatter: string[], ...body: string[]) {
  return parseRunbook([...(frontMatter.length > 0 ? ['---', ...frontMatter, '---'] : []), ...body].join('\n'));
}

/** A runbook as people write one for Runme: a server in the background, exports asked for, a step that uses them. */
const SERVICE_RUNBOOK = [
  '# Port-forward and probe',
  '',
  `${fence}sh { name=forward background=true }`,
  'kubectl -n "$NAMESPACE" port-forward svc/checkout 8080:80',
  fence,
  '',
  `${fence}bash { name=choose }`,
  'export NAMESPACE=checkout-staging',
  'export API_TOKEN="paste-token-here"',
  fence,
  '',
  `${fence}bash { name=again }`,
  'export NAMESPACE=checkout-staging',
  fence,
  '',
  `${fence}sh { name=keep promptEnv=false }`,
  'export REGION=eu-west-1',
  fence,
  '',
  `${fence}sh { name=probe }`,
  'curl -s -H "Authorization: Bearer $API_TOKEN" http://127.0.0.1:8080/healthz',
  fence,
];

describe('promptEnv through the run session, as the editor runs it (in-memory ports)', () => {
  it('asks for each export line, hands the step only its own answers (askedEnv) and every answer so far (stepEnv), and records none of them', async () => {
    const executor = new RecordingExecutor();
    const fakes = sessionFakes({ incidentId: 'inc-1' });
    const asked: string[] = [];
    const outcome = await runSession(
      { parsed: runbook([], ...SERVICE_RUNBOOK), mode: 'all', runbook: 'runbooks/forward.md', assumeYes: true },
      {
        ...fakes.ports,
        executor,
        exports: { valueFor: async (name, placeholder, mode) => (asked.push(`${name}:${placeholder}:${mode}`), name === 'API_TOKEN' ? TYPED : `${placeholder}-typed`) },
      },
    );
    assert.equal(outcome.status, 'completed');
    assert.deepEqual(asked, ['NAMESPACE:checkout-staging:auto', 'API_TOKEN:paste-token-here:auto', 'NAMESPACE:checkout-staging:auto']);
    const byName = new Map(executor.ran.map((r) => [r.name, r]));
    // The answered lines run as `export X`: the value is in the environment, not in the text.
    assert.equal(byName.get('choose')?.commands, 'export NAMESPACE\nexport API_TOKEN');
    assert.deepEqual(byName.get('choose')?.context.askedEnv, { NAMESPACE: 'checkout-staging-typed', API_TOKEN: TYPED });
    assert.deepEqual(byName.get('again')?.context.askedEnv, { NAMESPACE: 'checkout-staging-typed' });
    // promptEnv=false keeps the line as written and is asked nothing.
    assert.equal(byName.get('keep')?.commands, 'export REGION=eu-west-1');
    assert.equal(byName.get('keep')?.context.askedEnv, undefined);
    // A later step gets every answer so far (a background terminal starts with them), but none of its own to hand over.
    assert.deepEqual(byName.get('probe')?.context.stepEnv, { NAMESPACE: 'checkout-staging-typed', API_TOKEN: TYPED });
    assert.equal(byName.get('probe')?.context.askedEnv, undefined);
    // The background step ran first and did not wait (the executor reported it started); it was asked nothing.
    assert.equal(executor.ran[0]?.name, 'forward');
    assert.equal(executor.ran[0]?.context.askedEnv, undefined);

    const written = JSON.stringify([fakes.sink.records, fakes.incident.posted, outcome.runs.map((r) => r.record)]);
    assert.equal(fakes.sink.records.length, 5);
    assert.equal(fakes.incident.posted.length, 5);
    assert.ok(!written.includes(TYPED), 'a typed value is in no execution record and on no timeline event');
    assert.ok(!written.includes('checkout-staging-typed'));
  });

  it('asks nothing when the front matter says skipPrompts: true, and runs the lines as written', async () => {
    const executor = new RecordingExecutor();
    const asked: string[] = [];
    await runSession(
      { parsed: runbook(['title: Skip', 'skipPrompts: true'], ...SERVICE_RUNBOOK), mode: 'all', runbook: 'r.md', assumeYes: true },
      { ...sessionFakes().ports, executor, exports: { valueFor: async (name) => (asked.push(name), 'x') } },
    );
    assert.deepEqual(asked, []);
    assert.equal(executor.ran.find((r) => r.name === 'choose')?.commands, 'export NAMESPACE=checkout-staging\nexport API_TOKEN="paste-token-here"');
    assert.ok(executor.ran.every((r) => r.context.askedEnv === undefined && r.context.stepEnv === undefined));
  });

  it('keeps a line as written when the answer is no value (Escape, or an empty box)', async () => {
    const executor = new RecordingExecutor();
    await runSession(
      { parsed: runbook([], `${fence}sh { name=one promptEnv=true }`, 'export NAMESPACE=checkout', fence), mode: 'step', stepIndex: 0, runbook: 'r.md', assumeYes: true },
      { ...sessionFakes().ports, executor, exports: { valueFor: async () => undefined } },
    );
    assert.equal(executor.ran[0]?.commands, 'export NAMESPACE=checkout');
    assert.equal(executor.ran[0]?.context.askedEnv, undefined);
  });

  it('keeps an answer for `export __proto__=x` as a value, never as a prototype', async () => {
    const executor = new RecordingExecutor();
    await runSession(
      { parsed: runbook([], `${fence}sh { name=odd }`, 'export __proto__=x', fence), mode: 'step', stepIndex: 0, runbook: 'r.md', assumeYes: true },
      { ...sessionFakes().ports, executor, exports: { valueFor: async () => 'answered' } },
    );
    const context = executor.ran[0]?.context;
    assert.equal(Object.getOwnPropertyDescriptor(context?.askedEnv ?? {}, '__proto__')?.value, 'answered');
    assert.equal(Object.getOwnPropertyDescriptor(context?.stepEnv ?? {}, '__proto__')?.value, 'answered');
    assert.equal(({} as Record<string, unknown>).answered, undefined);
  });
});

describe('values for the editor terminal: read from private files by the step script (real bash)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'value-files-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('sets the variable to exactly the typed value, deletes the file before the step runs, and never puts the value in the script', () => {
    const value = `it's "$(touch ${path.join(dir, 'pwned')})" \`x\` \\n $HOME ; trailing\n\n`;
    const valueFile = path.join(dir, '1-NAMESPACE.value');
    fs.writeFileSync(valueFile, value, { mode: 0o600 });
    const out = path.join(dir, 'out');
    const commands = `export NAMESPACE\ntest -e '${valueFile}' && echo still-there > '${path.join(dir, 'leftover')}'\nprintf '%s' "$NAMESPACE" > '${out}'\nbash -c 'printf "%s" "$NAMESPACE"' > '${out}.child'`;
    const command = terminalStepCommand(commands, 'bash', [{ name: 'NAMESPACE', path: valueFile }]);
    assert.equal(command.kind, 'script');
    if (command.kind !== 'script') return;
    assert.ok(!command.script.includes('trailing'), 'the value is not in the script');
    const script = path.join(dir, 'step.sh');
    fs.writeFileSync(script, command.script);
    // Sourced by an interactive-like shell whose rm asks first: `command rm` does not.
    const ran = spawnSync('bash', ['-c', `shopt -s expand_aliases; alias rm='rm -i'; ${command.sourceLine(script)}`], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } });
    assert.equal(ran.status, 0, ran.stderr);
    assert.equal(fs.readFileSync(out, 'utf8'), value);
    assert.equal(fs.readFileSync(`${out}.child`, 'utf8'), value, 'exported to the commands the step starts');
    assert.equal(fs.existsSync(valueFile), false, 'the value file is gone');
    assert.equal(fs.existsSync(path.join(dir, 'leftover')), false, 'it was gone before the step’s first command');
    assert.equal(fs.existsSync(path.join(dir, 'pwned')), false, 'the value was never run as shell');
  });

  it('sends a one-line step as a script only when it is given values, and never for PowerShell', () => {
    assert.equal(terminalStepCommand('export NAMESPACE', 'bash').kind, 'line');
    assert.equal(terminalStepCommand('export NAMESPACE', 'zsh', [{ name: 'NAMESPACE', path: '/tmp/x' }]).kind, 'script');
    assert.equal(terminalStepCommand('Get-Date', 'pwsh', [{ name: 'X', path: '/tmp/x' }]).kind, 'line');
    assert.throws(() => valueFileReads([{ name: 'X; rm -rf /', path: '/tmp/x' }]), /Not a variable name/);
    assert.match(valueFileReads([{ name: 'X', path: "/tmp/it's" }]), /command cat -- '\/tmp\/it'\\''s'/);
  });
});
