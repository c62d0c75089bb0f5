import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, parseConfig } from '../../../src/server/config/loader';
import { SECTIONS } from '../../../src/server/config/schema';
import { DEFAULT_ALERT_POLICY } from '../../../src/server/integrations/alertNotification';
import { resolveSecret, SecretError } from '../../../src/server/config/secretReference';
import { CLI, spawnServer, stopProcess, type ServerProcess } from './cliProcess';

function problemsOf(text: string, file = '/etc/incident-desk/config.yaml'): readonly string[] {
  try {
    parseConfig(text, file);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  assert.fail('expected the config to be refused');
}

describe('server config file', function () {
  this.timeout(30_000);
  let dir: string;
  let server: ServerProcess | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'incident-desk-config-'));
  });

  afterEach(async () => {
    await stopProcess(server);
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads server: and tokens:, data relative to the file, every section present', () => {
    const config = parseConfig(
      ['server:', '  host: 0.0.0.0', '  port: 7070', '  data: ./data', '  demo: true', 'tokens:', '  - name: alertmanager', '    scope: integration', '    secret: { env: AM_TOKEN }', ''].join('\n'),
      '/srv/desk/config.yaml',
    );
    assert.deepEqual(config.server, { host: '0.0.0.0', port: 7070, data: '/srv/desk/data', demo: true });
    assert.deepEqual(config.tokens, [{ name: 'alertmanager', scope: 'integration', secret: { env: 'AM_TOKEN' } }]);
    assert.deepEqual(parseConfig('', '/x.yaml'), {
      server: {},
      tokens: [],
      alerts: DEFAULT_ALERT_POLICY,
      notify: SECTIONS.notify.absent(),
      status_page: SECTIONS.status_page.absent(),
    });
  });

  it('takes a PostgreSQL server.database without a password, and not beside server.data', () => {
    const config = parseConfig(['server:', '  database: postgres://desk@db.internal:5432/incident_desk', ''].join('\n'), '/srv/desk/config.yaml');
    assert.deepEqual(config.server, { database: 'postgres://desk@db.internal:5432/incident_desk' });
    assert.deepEqual(problemsOf(['server:', '  database: postgres://desk:hunter2@db/incident_desk', ''].join('\n')), [
      '/etc/incident-desk/config.yaml:2:13: server.database: must not contain a password; set PGPASSWORD in the environment instead.',
    ]);
    assert.deepEqual(problemsOf(['server:', '  data: ./data', '  database: postgres://desk@db/incident_desk', ''].join('\n')), [
      '/etc/incident-desk/config.yaml:3:13: server.database (PostgreSQL) and server.data (SQLite) exclude each other; keep one.',
    ]);
    assert.match(problemsOf(['server:', '  database: mysql://x@y/z', ''].join('\n'))[0] ?? '', /:2:13: server\.database: the URL must start with postgres:\/\//);
  });

  it('reports every mistake as FILE:LINE:COL: message', () => {
    const problems = problemsOf(
      [
        'server:', //                       1
        '  port: eighty', //                2
        '  colour: red', //                 3
        'tokens:', //                       4
        '  - name: bot', //                 5
        '    secret: hunter2hunter2', //    6
        'notfy: {}', //                     7
      ].join('\n'),
    );
    assert.deepEqual(problems, [
      '/etc/incident-desk/config.yaml:2:9: server.port must be a whole number from 0 to 65535.',
      "/etc/incident-desk/config.yaml:3:3: server has an unknown key 'colour'; known: host, port, data, database, demo.",
      '/etc/incident-desk/config.yaml:6:13: tokens[0].secret must not be the secret itself; write { env: VARIABLE } or { file: PATH } (a file with mode 0600).',
      "/etc/incident-desk/config.yaml:7:1: unknown section 'notfy'; known: server, tokens, alerts, notify, status_page.",
    ]);
  });

  it('refuses broken YAML, duplicate keys and custom tags with their position', () => {
    assert.match(problemsOf('server:\n  port: [1, 2\n')[0] ?? '', /^\/etc\/incident-desk\/config\.yaml:\d+:\d+: YAML: /);
    assert.match(problemsOf('server:\n  port: 1\n  port: 2\n')[0] ?? '', /config\.yaml:3:3: YAML: .*[Uu]nique|config\.yaml:3:3: YAML/);
    assert.match(problemsOf('server:\n  host: !!js/function "x"\n').join('\n'), /config\.yaml:2:/);
    assert.match(problemsOf('- a\n- b\n')[0] ?? '', /config\.yaml:1:1: the config file must be a mapping/);
  });

  it('reads secrets from the environment or from a file only its owner can read', () => {
    assert.equal(resolveSecret({ env: 'DESK_SECRET' }, { DESK_SECRET: ' s3cret \n' }), 's3cret');
    assert.throws(() => resolveSecret({ env: 'DESK_SECRET' }, {}), (e: unknown) => e instanceof SecretError && /DESK_SECRET is not set/.test(e.message));

    const file = path.join(dir, 'secret');
    fs.writeFileSync(file, 'from-a-file\n', { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    assert.equal(resolveSecret({ file }, {}), 'from-a-file');
    fs.chmodSync(file, 0o644);
    assert.throws(
      () => resolveSecret({ file }, {}),
      (e: unknown) => e instanceof SecretError && /mode 0644/.test(e.message) && /chmod 600/.test(e.message),
    );
    assert.throws(() => resolveSecret({ file: path.join(dir, 'missing') }, {}), /does not exist/);
  });

  it('serve --config refuses to start on a mistake and prints it line-accurately', async () => {
    const file = path.join(dir, 'config.yaml');
    fs.writeFileSync(file, 'server:\n  port: 99999\n');
    const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [CLI, 'serve', '--config', file], { encoding: 'utf8' }, (error, _stdout, stderr) =>
        resolve({ code: error ? (error as { code?: number }).code ?? 1 : 0, stderr }),
      );
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:9: server\\.port must be`, 'm'));
    assert.match(run.stderr, /not starting/);
  });

  it('serve --config takes data from the file, flags override it, and provisions tokens from env and 0600 files', async () => {
    const botSecret = 'b'.repeat(40);
    const fileSecret = 'f'.repeat(40);
    fs.writeFileSync(path.join(dir, 'viewer.secret'), fileSecret, { mode: 0o600 });
    fs.chmodSync(path.join(dir, 'viewer.secret'), 0o600);
    const file = path.join(dir, 'config.yaml');
    fs.writeFileSync(
      file,
      [
        'server:',
        '  port: 1', // overridden by the fixture's --port 0
        '  data: ./from-file',
        'tokens:',
        '  - name: alertmanager',
        '    scope: integration',
        '    secret: { env: AM_TOKEN }',
        '  - name: wallboard',
        '    scope: viewer',
        '    secret: { file: viewer.secret }',
      ].join('\n'),
    );
    // spawnServer passes --data; pointing it at the file's own folder keeps the override visible.
    server = await spawnServer(path.join(dir, 'from-flag'), ['--config', file], { env: { ...process.env, AM_TOKEN: botSecret } });
    const me = async (token: string): Promise<unknown> =>
      (await fetch(`${server?.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json();
    assert.deepEqual(await me(botSecret), { name: 'alertmanager', scope: 'integration' });
    assert.deepEqual(await me(fileSecret), { name: 'wallboard', scope: 'viewer' });
    assert.ok(fs.existsSync(path.join(dir, 'from-flag')), '--data overrides server.data');
    assert.ok(!fs.existsSync(path.join(dir, 'from-file')));
  });

  it('serve --config never brings back a secret revoked by hand: it stops and names the token; a new secret starts', async () => {
    const leaked = 'l'.repeat(40);
    const file = path.join(dir, 'config.yaml');
    const data = path.join(dir, 'data');
    fs.writeFileSync(file, ['tokens:', '  - name: ci-bot', '    secret: { env: CI_BOT_TOKEN }', ''].join('\n'));
    const env = (secret: string) => ({ env: { ...process.env, CI_BOT_TOKEN: secret } });
    server = await spawnServer(data, ['--config', file], env(leaked));
    const me = async (token: string): Promise<number> => (await fetch(`${server?.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
    assert.equal(await me(leaked), 200);
    await stopProcess(server);
    server = undefined;

    const revoke = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(process.execPath, [CLI, 'token', 'revoke', 'ci-bot', '--data', data], { encoding: 'utf8' }, (error, stdout) => resolve({ code: error ? 1 : 0, stdout }));
    });
    assert.equal(revoke.code, 0, revoke.stdout);
    await assert.rejects(spawnServer(data, ['--config', file], env(leaked)), /token 'ci-bot': its secret was revoked \(as 'ci-bot', \d{4}-.*put a new secret in the config file/s);

    const fresh = 'n'.repeat(40);
    server = await spawnServer(data, ['--config', file], env(fresh));
    assert.equal(await me(fresh), 200);
    assert.equal(await me(leaked), 401);
  });

  it('serve --config refuses a secret file others can read', async () => {
    fs.writeFileSync(path.join(dir, 'open.secret'), 'x'.repeat(40));
    fs.chmodSync(path.join(dir, 'open.secret'), 0o644);
    const file = path.join(dir, 'config.yaml');
    fs.writeFileSync(file, 'tokens:\n  - name: bot\n    secret: { file: open.secret }\n');
    await assert.rejects(spawnServer(path.join(dir, 'data'), ['--config', file]), /mode 0644.*chmod 600/s);
  });
});
