import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fastPath } from '../../../src/cli/fastPath';
import { runCli } from '../../../src/cli/main';

// The bin (dist/cli.mjs) answers `--version` itself and `runbook steps` from one file,
// dist/cli-chunks/runbook-steps.mjs (src/cli/fastPath.ts); everything else goes
// through main.ts and its chunks. These tests hold the
// fast path to the normal one: the built bin's stdout, stderr and exit code, byte for
// byte, against main.ts's runCli on the same command line in the same folder.

/** The repository root, from out/test/unit/cli/ where this file runs. */
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const BIN = path.join(repoRoot, 'dist', 'cli.mjs');
const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built bin as a child process, with its compile cache in `home` (never the real one). */
function bin(args: string[], cwd: string, home: string): Outcome {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CACHE_HOME: path.join(home, 'cache') };
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** main.ts's runCli in this process: the normal path, with nothing short-circuited. */
async function normal(args: string[], cwd: string, home: string): Promise<Outcome> {
  const out: Outcome = { code: null, stdout: '', stderr: '' };
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home };
  out.code = await runCli(args, { cwd, env, stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) });
  return out;
}

describe('incident-desk bin: the fast path answers like main.ts', function () {
  this.timeout(30_000);
  let dir: string;
  let home: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-fast-path-'));
    home = path.join(dir, 'home');
    fs.mkdirSync(home);
    fs.mkdirSync(path.join(dir, 'runbooks'));
    fs.copyFileSync(path.join(repoRoot, 'runbooks', 'rollback-bad-deploy.md'), path.join(dir, 'runbooks', 'rollback.md'));
    // An HTML block and a setext heading: too rich for the quick parser, so the bin
    // loads markdown-it's parser from dist/cli-chunks/runbook-parse.mjs.
    const fence = '```';
    fs.writeFileSync(path.join(dir, 'rich.md'), ['---', 'title: Rich', '---', '', '<div>html</div>', '', 'Restart', '-------', '', `${fence}sh`, 'kubectl delete pod web-0', fence, ''].join('\n'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cases: [string, string[]][] = [
    ['runbook steps FILE', ['runbook', 'steps', 'runbooks/rollback.md']],
    ['runbook steps FILE --json', ['runbook', 'steps', 'runbooks/rollback.md', '--json']],
    ['runbook steps on a runbook that needs markdown-it', ['runbook', 'steps', 'rich.md', '--json']],
    ['runbook steps --help', ['runbook', 'steps', '--help']],
    ['runbook steps FILE -h', ['runbook', 'steps', 'rich.md', '-h']],
    ['runbook steps without FILE (usage error)', ['runbook', 'steps']],
    ['runbook steps with an unknown option (usage error)', ['runbook', 'steps', 'rich.md', '--bogus']],
    ['runbook steps with an extra argument (usage error)', ['runbook', 'steps', 'rich.md', 'more']],
    ['runbook steps on a missing file', ['runbook', 'steps', 'missing.md']],
    // Not on the fast path: proof that the bin hands these to main.ts intact.
    ['runbook run without --step (main.ts)', ['runbook', 'run', 'rich.md']],
    ['runbook --help (main.ts)', ['runbook', '--help']],
    ['--help (main.ts)', ['--help']],
    ['an unknown command (main.ts)', ['nope']],
  ];
  for (const [title, args] of cases) {
    it(`${title}: same stdout, stderr and exit code`, async () => {
      const expected = await normal(args, dir, home);
      const actual = bin(args, dir, home);
      assert.deepEqual(actual, expected);
    });
  }

  it('the usage error and the missing file exit 2 and 1, as the normal path does', async () => {
    assert.equal(bin(['runbook', 'steps'], dir, home).code, 2);
    assert.equal(bin(['runbook', 'steps', 'missing.md'], dir, home).code, 1);
    assert.match(bin(['runbook', 'steps', 'rich.md'], dir, home).stdout, /^Rich\n {2}1\. restart {2}\[sh, lines 10-12; asks first\]\n$/);
  });

  it('--version and -v print package.json\'s version (the test bundle has none to compare with)', () => {
    for (const flag of ['--version', '-v']) assert.deepEqual(bin([flag], dir, home), { code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('takes only `runbook steps` and --version: `runbook run` and the rest go to main.ts', () => {
    assert.ok(fastPath(['runbook', 'steps', 'x.md']));
    assert.ok(fastPath(['--version']));
    for (const argv of [['runbook', 'run', 'x.md'], ['runbook', '--json', 'steps'], ['runbooks', 'lint'], ['runbook'], [], ['--help'], ['serve']]) {
      assert.equal(fastPath(argv), undefined, argv.join(' '));
    }
  });

  it('runs when its compile cache folder cannot be created', () => {
    // A file where the cache's parent folder would be: Node reports the failure and carries on.
    const blocked = path.join(dir, 'blocked-home');
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    fs.mkdirSync(blocked);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: blocked, XDG_CACHE_HOME: path.join(dir, 'not-a-folder') };
    const result = spawnSync(process.execPath, [BIN, 'runbook', 'steps', 'runbooks/rollback.md'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /^Roll back a bad deploy\n/);
  });

  it('keeps its compile cache in the user\'s cache folder, not the shared temporary one', function () {
    if (!('enableCompileCache' in nodeModule)) this.skip();
    const own = path.join(dir, 'own-home');
    fs.mkdirSync(own);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: own };
    const result = spawnSync(process.execPath, [BIN, 'runbook', 'steps', 'rich.md'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const cache = path.join(own, '.cache', 'incident-desk', 'node-compile-cache');
    assert.ok(fs.readdirSync(cache, { recursive: true }).length > 0, `nothing cached in ${cache}`);
  });
});
