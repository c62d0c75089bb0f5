import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import type { RunbookStep } from '../../../src/core/runbooks/types';
import { runStep, shellFor, type StepRunOptions } from '../../../src/runbooks/stepRunner';
import { nodeFileSystem } from '../../../src/app/node/nodeFileSystem';
import { resolveStepCwd as resolveIn, StepCwdError } from '../../../src/app/runbooks/stepCwd';
import { findRepoRoot, findRunbookFiles } from '../../../src/runbooks/workspace';

function step(commands: string, attributes: Partial<RunbookStep['attributes']> = {}, language = 'bash') {
  return { language, commands, attributes: { unknown: {}, ...attributes } };
}

/** Alive and not a zombie: in a container nobody may reap an orphan, but a zombie runs nothing. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let stat = '';
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  return !/^\d+ \(.*\) Z/.test(stat);
}

async function waitUntil(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`gave up waiting for ${what}`);
}

const resolveStepCwd = (runbook: string, root: string, cwd: string | undefined) => resolveIn(nodeFileSystem, runbook, root, cwd);

describe('step runner (real shells)', () => {
  let dir: string;
  const env = () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir });

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-runner-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function run(commands: string, extra: Partial<StepRunOptions> = {}, attributes: Partial<RunbookStep['attributes']> = {}) {
    let stdout = '';
    let stderr = '';
    const result = await runStep({
      step: step(commands, attributes),
      cwd: dir,
      env: env(),
      onOutput: (stream, text) => (stream === 'stdout' ? (stdout += text) : (stderr += text)),
      ...extra,
    });
    return { result, stdout, stderr };
  }

  it('runs the commands in the given folder and environment and reports the exit code', async () => {
    const ok = await run('echo "region=$REGION"; pwd; echo oops >&2', { env: { ...env(), REGION: 'eu-west-1' } });
    assert.equal(ok.result.exitCode, 0);
    assert.equal(ok.stdout, `region=eu-west-1\n${dir}\n`);
    assert.equal(ok.stderr, 'oops\n');
    assert.ok(ok.result.durationMs >= 0);
    assert.ok(ok.result.startedAt instanceof Date);
    const failing = await run('echo before; exit 3; echo after');
    assert.deepEqual([failing.result.exitCode, failing.stdout, failing.result.timedOut], [3, 'before\n', false]);
  });

  it('hands the commands to the shell as one argument: param values are never parsed as shell', async () => {
    const marker = path.join(dir, 'pwned');
    const hostile = `$(touch ${marker}); \`touch ${marker}\`; "'`;
    const out = await run('printf "%s" "$VALUE"', { env: { ...env(), VALUE: hostile } });
    assert.equal(out.stdout, hostile);
    assert.equal(fs.existsSync(marker), false);
    assert.deepEqual(shellFor('sh', 'echo hi').args.at(-1), 'echo hi');
    assert.deepEqual(shellFor('pwsh', 'Get-Date').args.at(-1), 'Get-Date');
  });

  it('kills the whole process group when the timeout passes', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const out = await run(`sleep 60 & echo $! > ${pidFile}; wait`, {}, { timeout: 0.5 });
    assert.equal(out.result.timedOut, true);
    assert.equal(out.result.exitCode, 128 + os.constants.signals.SIGTERM);
    const childPid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    assert.ok(childPid > 0);
    await waitUntil(() => !isAlive(childPid), 'the background sleep to be killed');
  });

  it('interrupts a step with SIGINT when aborted, like Ctrl-C', async () => {
    const controller = new AbortController();
    const pending = run('trap "echo got-int; exit 130" INT; echo ready; while :; do sleep 0.1; done', {
      signal: controller.signal,
      onOutput: (_stream, text) => {
        if (text.includes('ready')) controller.abort();
      },
    });
    const { result } = await pending;
    assert.equal(result.aborted, true);
    assert.equal(result.exitCode, 130);
  });

  it('reports a shell that cannot start, without throwing', async () => {
    const out = await run('echo hi', { env: { PATH: path.join(dir, 'no-such-bin') } });
    assert.equal(out.result.exitCode, null);
    assert.match(out.result.spawnError ?? '', /bash is not installed or not on PATH/);
  });
});

describe('runbook workspace helpers', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-ws-')));
    fs.mkdirSync(path.join(root, '.git'));
    fs.mkdirSync(path.join(root, 'runbooks', 'db', 'scripts'), { recursive: true });
    fs.mkdirSync(path.join(root, 'runbooks', '.hidden'), { recursive: true });
    fs.mkdirSync(path.join(root, 'runbooks', 'node_modules'), { recursive: true });
    for (const file of ['runbooks/b.md', 'runbooks/a.md', 'runbooks/db/c.MD', 'runbooks/notes.txt', 'runbooks/.hidden/x.md', 'runbooks/node_modules/y.md']) {
      fs.writeFileSync(path.join(root, file), '# x\n');
    }
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('finds the repository root from a nested folder', () => {
    assert.equal(findRepoRoot(path.join(root, 'runbooks', 'db')), root);
  });

  it('lists markdown runbooks sorted, skipping hidden folders and node_modules', async () => {
    const files = await findRunbookFiles(path.join(root, 'runbooks'));
    assert.deepEqual(files.map((f) => path.relative(root, f)), ['runbooks/a.md', 'runbooks/b.md', 'runbooks/db/c.MD']);
  });

  it('resolves cwd against the runbook folder and refuses anything outside the repository', async () => {
    const runbook = path.join(root, 'runbooks', 'db', 'c.MD');
    assert.equal(await resolveStepCwd(runbook, root, undefined), path.join(root, 'runbooks', 'db'));
    assert.equal(await resolveStepCwd(runbook, root, 'scripts'), path.join(root, 'runbooks', 'db', 'scripts'));
    assert.equal(await resolveStepCwd(runbook, root, '../..'), root);
    // Attribute text straight from a hostile runbook: data, never a shell.
    const cwd = parseRunbook('```sh { cwd=../../.. }\nls\n```').steps[0]?.attributes.cwd;
    await assert.rejects(resolveStepCwd(runbook, root, cwd), (e: unknown) => e instanceof StepCwdError && /outside the repository/.test(e.message));
    await assert.rejects(resolveStepCwd(runbook, root, '/etc'), /is absolute/);
    await assert.rejects(resolveStepCwd(runbook, root, root), /is absolute/);
    await assert.rejects(resolveStepCwd(runbook, root, 'missing;touch x'), /does not exist/);
    fs.symlinkSync(os.tmpdir(), path.join(root, 'runbooks', 'db', 'escape'));
    await assert.rejects(resolveStepCwd(runbook, root, 'escape'), /outside the repository/);
  });
});
