import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childShellExecutor } from '../../../src/app/node/childShellExecutor';
import { runSession } from '../../../src/app/runbooks/runSession';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import { ShellSession } from '../../../src/runbooks/shellSession';
import { sessionFakes } from '../../support/runSessionFakes';
import { isAlive } from '../../support/processes';

const fence = '```';

describe('shell session: one shell for a run (real shells)', () => {
  let dir: string;
  let out: string;
  let session: ShellSession;
  const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir });

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'shell-session-')));
    out = '';
    session = new ShellSession({ env: env(), onOutput: (_stream, text) => (out += text), killGraceMs: 300 });
  });
  afterEach(async () => {
    await session.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps exported and plain variables and functions from step to step, with each exit code exact', async () => {
    assert.equal((await session.run({ commands: 'export REGION=eu-west-1\nCOUNT=3\ngreet() { echo "hi $1"; }', cwd: dir })).exitCode, 0);
    assert.equal((await session.run({ commands: 'echo "$REGION $COUNT"; greet you; false', cwd: dir })).exitCode, 1);
    assert.equal((await session.run({ commands: 'sh -c "echo child sees $REGION"; (exit 7)', cwd: dir })).exitCode, 7);
    assert.equal(out, 'eu-west-1 3\nhi you\nchild sees eu-west-1\n');
  });

  it('reports the code of a step that ends the shell, and the next step gets a fresh one', async () => {
    await session.run({ commands: 'export GONE=1', cwd: dir });
    assert.equal((await session.run({ commands: 'exit 3', cwd: dir })).exitCode, 3);
    assert.equal((await session.run({ commands: 'echo "[${GONE:-unset}]"', cwd: dir })).exitCode, 0);
    assert.equal(out, '[unset]\n');
  });

  it('runs each step in its folder and never evaluates the folder, variable values or the script path', async () => {
    const odd = path.join(dir, "it's $(touch pwned) `id`");
    fs.mkdirSync(odd);
    const result = await session.run({ commands: 'pwd; printf "%s\\n" "$ODD"', cwd: odd, env: { ODD: '$(touch pwned2); `id`' } });
    assert.equal(result.exitCode, 0);
    assert.equal(out, `${odd}\n$(touch pwned2); \`id\`\n`);
    assert.equal(fs.existsSync(path.join(dir, 'pwned')) || fs.existsSync(path.join(odd, 'pwned2')), false);
  });

  it('starts a background step without waiting, and close() stops it and what it started', async () => {
    const started = Date.now();
    const result = await session.run({ commands: 'sleep 30 &\necho $! > bg.pid\nsleep 30', cwd: dir, background: true });
    assert.equal(result.exitCode, 0);
    assert.ok(Date.now() - started < 5000, 'did not wait for the background step');
    await new Promise((r) => setTimeout(r, 300));
    const pid = Number(fs.readFileSync(path.join(dir, 'bg.pid'), 'utf8'));
    assert.ok(isAlive(pid));
    assert.equal((await session.run({ commands: 'echo still here', cwd: dir })).exitCode, 0);
    await session.close();
    for (let i = 0; i < 40 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(isAlive(pid), false);
  });

  it('times a step out and stops its whole group', async () => {
    const result = await session.run({ commands: 'sleep 30', cwd: dir, timeout: 0.3 });
    assert.equal(result.timedOut, true);
    assert.equal(result.exitCode, 143);
    assert.equal((await session.run({ commands: 'echo next', cwd: dir })).exitCode, 0);
  });

  it('keeps its scripts in a private folder', async () => {
    const script = session.writeScript('echo x');
    assert.equal(fs.statSync(path.dirname(script)).mode & 0o777, 0o700);
    assert.equal(fs.statSync(script).mode & 0o777, 0o600);
  });
});

describe('run session + child shell executor: --all with a server step and variables between steps', () => {
  it('finishes (the background step does not block), carries exports, asks for export X=placeholder and stops the server at the end', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'run-all-')));
    try {
      const parsed = parseRunbook(
        [
          `${fence}sh { name=server background=true }`,
          'sleep 60 & echo $! > server.pid; wait',
          fence,
          `${fence}bash { name=setup }`,
          '$ export NAMESPACE=placeholder-ns',
          '$ export TARGET=prod',
          fence,
          `${fence}sh { name=use }`,
          'echo "ns=$NAMESPACE target=$TARGET" > use.out',
          fence,
        ].join('\n'),
      );
      let output = '';
      const executor = childShellExecutor({ baseEnv: { PATH: process.env.PATH }, terminal: false, signal: new AbortController().signal, onOutput: (_s, t) => (output += t) });
      const fakes = sessionFakes({});
      const asked: string[] = [];
      const outcome = await runSession(
        { parsed, mode: 'all', runbook: 'r.md', assumeYes: true },
        {
          ...fakes.ports,
          executor,
          folders: { folderFor: async () => dir },
          exports: { valueFor: async (name, placeholder) => (asked.push(`${name}:${placeholder}`), name === 'NAMESPACE' ? 'checkout' : undefined) },
        },
      );
      assert.equal(outcome.status, 'completed', output);
      assert.deepEqual(asked, ['NAMESPACE:placeholder-ns', 'TARGET:prod']);
      assert.equal(fs.readFileSync(path.join(dir, 'use.out'), 'utf8'), 'ns=checkout target=prod\n');
      const pid = Number(fs.readFileSync(path.join(dir, 'server.pid'), 'utf8'));
      for (let i = 0; i < 40 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
      assert.equal(isAlive(pid), false, 'the server step was stopped when the run ended');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
