import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../../support/packaging';
import { spawnServer, stopProcess, type ServerProcess } from '../server/cliProcess';

const run = promisify(execFile);

/** The environment a user's shell would have: no npm run-script variables, `node` from `nodeBinary`. */
function userEnv(nodeBinary: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  env.PATH = `${path.dirname(nodeBinary)}${path.delimiter}${process.env.PATH ?? ''}`;
  return env;
}

describe('the command line as an npm package (npm pack → npm install -g)', function () {
  this.timeout(180_000);
  let work: string;
  let bin: string;
  let server: ServerProcess | undefined;
  // The Node that runs `npm test` (20 on this machine); the tier itself runs on one with node:sqlite.
  const systemNode = process.env.INCIDENT_DESK_SYSTEM_NODE ?? process.execPath;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-pack-'));
    const env = userEnv(systemNode);
    // --ignore-scripts: pack the dist/ this test run built instead of rebuilding it (prepack).
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: REPO_ROOT, env });
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    const prefix = path.join(work, 'prefix');
    fs.mkdirSync(prefix);
    // --offline proves the package needs nothing from the registry: everything is bundled.
    await run('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, path.join(work, filename)], { cwd: work, env });
    bin = path.join(prefix, 'bin', 'incident-desk');
  });

  afterEach(async () => {
    await stopProcess(server);
    server = undefined;
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('installs a runnable incident-desk whose runbook commands work on the Node that ran npm test', async () => {
    const env = userEnv(systemNode);
    const version = await run(bin, ['--version'], { cwd: work, env });
    const { version: expected } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), expected);
    const lint = await run(bin, ['runbooks', 'lint', path.join(REPO_ROOT, 'runbooks')], { cwd: work, env });
    assert.match(lint.stdout, /5 runbooks checked: 0 errors/);
  });

  it('runs token create and serve on a Node with node:sqlite, and explains itself on an older one', async () => {
    const dataDir = path.join(work, 'data');
    const env = userEnv(process.execPath);
    const token = (await run(bin, ['token', 'create', '--name', 'installed', '--data', dataDir], { cwd: work, env })).stdout.trim();
    assert.match(token, /^idt_/);
    server = await spawnServer(dataDir, [], { cli: fs.realpathSync(bin), env });
    const list = await fetch(`${server.url}/v1/incidents?status=active`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(list.status, 200);

    const systemVersion = (await run(systemNode, ['-p', 'process.versions.node'])).stdout.trim();
    const [systemMajor, systemMinor] = systemVersion.split('.').map(Number) as [number, number];
    // Where npm test itself runs on a Node without node:sqlite (20 here), serve must say so.
    if (systemMajor < 22 || (systemMajor === 22 && systemMinor < 13)) {
      const refused = await run(bin, ['serve', '--port', '0', '--data', dataDir], { cwd: work, env: userEnv(systemNode) }).then(
        () => assert.fail('serve must refuse a Node without node:sqlite'),
        (error: { code: number; stderr: string }) => error,
      );
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /needs Node\.js 22\.13\.0 or newer/);
    }
  });
});
