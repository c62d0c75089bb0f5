import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, packageVsix, unzip, zipEntries } from '../../support/packaging';
import { spawnServer, stopProcess, type ServerProcess } from '../server/cliProcess';

/** True when some folder from `dir` up to the root holds a node_modules. */
function nodeModulesAbove(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, 'node_modules'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

describe('the packaged extension (.vsix) on its own', function () {
  this.timeout(180_000);
  let work: string;
  let vsix: string;
  let server: ServerProcess | undefined;

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-vsix-'));
    vsix = await packageVsix(path.join(work, 'incident-desk.vsix'));
  });

  afterEach(async () => {
    await stopProcess(server);
    server = undefined;
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('holds the extension, the whole command line, the store worker and the runbooks, and nothing from node_modules, sources or tests', async () => {
    const files = (await zipEntries(vsix)).filter((name) => name.startsWith('extension/'));
    const chunks = fs.readdirSync(path.join(REPO_ROOT, 'dist', 'cli-chunks')).filter((f) => f.endsWith('.mjs'));
    assert.ok(chunks.length > 0, 'the build writes command-line chunks');
    for (const expected of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/cli.mjs', 'extension/dist/store-worker.mjs', ...chunks.map((c) => `extension/dist/cli-chunks/${c}`)]) {
      assert.ok(files.includes(expected), `${expected} is in the package`);
    }
    assert.ok(files.some((f) => f.startsWith('extension/runbooks/') && f.endsWith('.md')), 'the shipped runbooks are in the package');
    const unexpected = files.filter((f) => /node_modules|\.map$|^extension\/(src|test|out)\//.test(f));
    assert.deepEqual(unexpected, [], 'no dependencies, source maps, sources or tests');
  });

  it('holds every picture its README shows, so the installed extension\'s page has no broken image', async () => {
    const files = new Set(await zipEntries(vsix));
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const pictures = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1] ?? '').filter((target) => !/^[a-z]+:/i.test(target));
    assert.ok(pictures.length > 0, 'the README shows pictures');
    assert.deepEqual(pictures.filter((picture) => !files.has(`extension/${path.posix.normalize(picture)}`)), [], 'pictures missing from the package');
  });

  it('serves from an unpacked copy with no node_modules anywhere above it, and keeps a declare across a restart', async () => {
    const unpacked = path.join(work, 'unpacked');
    await unzip(vsix, unpacked);
    assert.equal(nodeModulesAbove(unpacked), undefined, 'the test folder must not see any node_modules');
    const cli = path.join(unpacked, 'extension', 'dist', 'cli.mjs');
    const dataDir = path.join(work, 'data');
    // The same runtime Start Local Server uses: the editor's Node (here the test's own).
    const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_PATH: '' };
    const token = execFileSync(process.execPath, [cli, 'token', 'create', '--name', 'packaged', '--data', dataDir], { cwd: work, env, encoding: 'utf8' }).trim();
    assert.match(token, /^idt_/);

    server = await spawnServer(dataDir, [], { cli, env });
    const health = await fetch(`${server.url}/v1/health`);
    assert.equal(health.status, 200);
    const declared = await fetch(`${server.url}/v1/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Declared through the unpacked .vsix', severity: 2 }),
    });
    assert.equal(declared.status, 201, await declared.clone().text());
    const { id } = (await declared.json()) as { id: string };
    server.child.kill('SIGTERM');
    await server.exited;

    server = await spawnServer(dataDir, [], { cli, env });
    const reread = await fetch(`${server.url}/v1/incidents/${id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(reread.status, 200);
    assert.equal(((await reread.json()) as { title: string }).title, 'Declared through the unpacked .vsix');
    assert.ok(fs.existsSync(path.join(dataDir, 'incident-desk.sqlite')), 'the data lives in the folder it was given');
  });
});
