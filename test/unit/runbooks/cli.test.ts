import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/command';
import { createRunbookCommand } from '../../../src/cli/commands/runbook';
import type { Prompter } from '../../../src/cli/terminalPrompter';
import { runCli } from '../../../src/cli/main';
import { parseExecutionLog } from '../../../src/core/runbooks/executionRecord';
import { parseRunbook } from '../../../src/core/runbooks/parse';

/** The repository root, from out/test/unit/runbooks/ where this file runs. */
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const shippedRunbooks = path.join(repoRoot, 'runbooks');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function io(cwd: string, env: NodeJS.ProcessEnv): CliIo & { out: Outcome } {
  const out: Outcome = { code: -1, stdout: '', stderr: '' };
  return { cwd, env, out, stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) };
}

async function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = baseEnv(cwd)): Promise<Outcome> {
  const captured = io(cwd, env);
  captured.out.code = await runCli(args, captured);
  return captured.out;
}

function baseEnv(home: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, USER: 'maya' };
}

/** Every file under `dir`, as text, to prove a value was written nowhere. */
function allText(dir: string): string {
  let text = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  }
  return text;
}

const fence = '```';
const TEST_RUNBOOK = [
  '---',
  'title: Test runbook',
  'services: [demo]',
  'last_reviewed: 2026-11-20',
  'params:',
  '  TICKET: { description: "ticket id" }',
  '  REGION: { default: us-east-1 }',
  '  API_KEY: { description: "api key", secret: true }',
  '---',
  '## First',
  `${fence}sh { name=first }`,
  'echo "first $TICKET $REGION" > first.out',
  'test -n "$API_KEY" && echo "key-length=${#API_KEY}"',
  fence,
  '## Fails',
  `${fence}sh { name=fails }`,
  'echo failing; exit 3',
  fence,
  '## Third',
  `${fence}sh { name=third }`,
  'touch third.out',
  fence,
  '## Manual',
  `${fence}sh { name=manual excludeFromRunAll=true }`,
  'touch manual.out',
  fence,
].join('\n');

const SECRET = 's3cr3t-value-123';

describe('incident-desk runbook run (real shell, temp git repo)', () => {
  let tmp: string;
  let repo: string;
  let runbooks: string;
  const logFile = () => path.join(repo, '.incident-desk', 'executions.jsonl');
  const records = () => parseExecutionLog(fs.readFileSync(logFile(), 'utf8')).records;

  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-cli-')));
    repo = path.join(tmp, 'repo');
    runbooks = path.join(repo, 'runbooks');
    fs.mkdirSync(runbooks, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: repo });
    fs.writeFileSync(path.join(runbooks, 'test.md'), TEST_RUNBOOK);
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const env = (extra: NodeJS.ProcessEnv = {}) => ({ ...baseEnv(tmp), ...extra });

  it('runs --all in order, stops at the step that exits 3, skips excludeFromRunAll and records each run', async () => {
    const out = await cli(['runbook', 'run', 'runbooks/test.md', '--all', '--param', 'TICKET=OPS-1'], repo, env({ API_KEY: SECRET }));
    assert.equal(out.code, 1, out.stderr);
    assert.match(out.stderr, /skipped: manual \(marked excludeFromRunAll\)/);
    assert.match(out.stderr, /✗ exit 3 · \d+\.\d s/);
    assert.match(out.stderr, /Stopped at step 'fails'; 1 later step not run/);
    assert.equal(fs.readFileSync(path.join(runbooks, 'first.out'), 'utf8'), 'first OPS-1 us-east-1\n');
    assert.match(out.stdout, new RegExp(`key-length=${SECRET.length}\\n`));
    assert.equal(fs.existsSync(path.join(runbooks, 'third.out')), false);
    assert.equal(fs.existsSync(path.join(runbooks, 'manual.out')), false);

    const written = records();
    assert.deepEqual(
      written.map((r) => [r.runbook, r.step, r.stepIndex, r.exitCode, r.user]),
      [
        ['runbooks/test.md', 'first', 0, 0, 'maya'],
        ['runbooks/test.md', 'fails', 1, 3, 'maya'],
      ],
    );
    assert.equal(written[1]?.command, 'echo failing; exit 3');
    assert.ok(!Number.isNaN(Date.parse(written[0]?.startedAt ?? '')));
  });

  it('never writes a secret param value anywhere, and refuses secrets on the command line', async () => {
    const out = await cli(['runbook', 'run', 'runbooks/test.md', '--step', 'first', '--param', 'TICKET=OPS-2'], repo, env({ API_KEY: SECRET }));
    assert.equal(out.code, 0, out.stderr);
    assert.equal(records().length, 1);
    assert.equal(allText(tmp).includes(SECRET), false, 'the secret value was written to a file');
    assert.equal(out.stderr.includes(SECRET), false);

    const onArgv = await cli(['runbook', 'run', 'runbooks/test.md', '--step', 'first', '--param', `API_KEY=${SECRET}`], repo, env());
    assert.equal(onArgv.code, 2);
    assert.match(onArgv.stderr, /secret params are read from the environment only/);
    assert.equal(onArgv.stderr.includes(SECRET), false);
  });

  it('masks a secret value that the runbook also writes literally, as the editor does (one run session)', async () => {
    fs.writeFileSync(
      path.join(runbooks, 'literal.md'),
      ['---', 'title: Literal', 'params:', '  API_KEY: { secret: true }', '---', `${fence}sh { name=literal }`, `test "$API_KEY" = "${SECRET}"`, fence].join('\n'),
    );
    const out = await cli(['runbook', 'run', 'runbooks/literal.md', '--step', 'literal'], repo, env({ API_KEY: SECRET }));
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(records().map((r) => r.command), ['test "$API_KEY" = "[redacted]"']);
    assert.equal(fs.readFileSync(logFile(), 'utf8').includes(SECRET), false);
  });

  it('on a terminal, asks for missing params (a secret without echo) and the answers reach only the step', async () => {
    const asked: [string, boolean][] = [];
    const answers: Record<string, string> = { TICKET: 'OPS-9', API_KEY: SECRET };
    const prompter: Prompter = {
      interactive: true,
      confirm: async () => true,
      ask: async (question, { secret }) => {
        asked.push([question, secret]);
        return answers[question.split(' ')[0] ?? ''];
      },
    };
    const command = createRunbookCommand({ prompter: () => prompter, onInterrupt: () => () => undefined });
    const captured = io(repo, env());
    assert.equal(await command.run(['run', 'runbooks/test.md', '--step', 'first'], captured), 0, captured.out.stderr);
    assert.deepEqual(asked, [['TICKET (ticket id)', false], ['API_KEY (api key)', true]]);
    assert.equal(fs.readFileSync(path.join(runbooks, 'first.out'), 'utf8'), 'first OPS-9 us-east-1\n');
    assert.match(captured.out.stdout + captured.out.stderr, new RegExp(`key-length=${SECRET.length}`));
    assert.equal(allText(tmp).includes(SECRET), false, 'the typed secret was written nowhere');

    const declining: Prompter = { ...prompter, ask: async () => undefined };
    const refused = io(repo, env());
    const declined = createRunbookCommand({ prompter: () => declining, onInterrupt: () => () => undefined });
    assert.equal(await declined.run(['run', 'runbooks/test.md', '--step', 'first'], refused), 1);
    assert.match(refused.out.stderr, /API_KEY \(api key\): secret: set it in the environment/);
  });

  it('refuses before running anything when a required param is missing or unknown', async () => {
    const missing = await cli(['runbook', 'run', 'runbooks/test.md', '--all'], repo, env());
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /TICKET \(ticket id\): --param TICKET=\.\.\. or the environment/);
    assert.match(missing.stderr, /API_KEY \(api key\): secret: set it in the environment/);
    assert.equal(fs.existsSync(path.join(runbooks, 'first.out')), false);
    assert.equal(fs.existsSync(logFile()), false);

    const unknown = await cli(['runbook', 'run', 'runbooks/test.md', '--all', '--param', 'PATH=/tmp'], repo, env());
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /not declared under params/);
  });

  it('runs one step by name, needing only its params, and writes to --log', async () => {
    const out = await cli(['runbook', 'run', 'runbooks/test.md', '--step', 'third', '--log', 'custom/log.jsonl'], repo, env());
    assert.equal(out.code, 0, out.stderr);
    assert.ok(fs.existsSync(path.join(runbooks, 'third.out')));
    const custom = parseExecutionLog(fs.readFileSync(path.join(repo, 'custom', 'log.jsonl'), 'utf8')).records;
    assert.deepEqual(custom.map((r) => [r.step, r.exitCode]), [['third', 0]]);
    assert.equal(fs.existsSync(logFile()), false);

    const unknownStep = await cli(['runbook', 'run', 'runbooks/test.md', '--step', 'nope'], repo, env());
    assert.equal(unknownStep.code, 2);
    assert.match(unknownStep.stderr, /no step named 'nope'; steps: first, fails, third, manual/);
    const both = await cli(['runbook', 'run', 'runbooks/test.md', '--step', 'third', '--all'], repo, env());
    assert.equal(both.code, 2);
  });

  describe('confirmation', () => {
    const dangerous = [
      '---',
      'title: Dangerous',
      'services: [demo]',
      '---',
      `${fence}sh { name=prepare }`,
      'touch prepared.out',
      fence,
      `${fence}sh { name=wipe }`,
      'rm -rf ./scratch',
      fence,
      `${fence}sh { name=after confirm=true }`,
      'touch after.out',
      fence,
    ].join('\n');

    beforeEach(() => {
      fs.writeFileSync(path.join(runbooks, 'danger.md'), dangerous);
      fs.mkdirSync(path.join(runbooks, 'scratch'));
    });

    it('refuses without a terminal and without --yes, before running anything', async () => {
      const out = await cli(['runbook', 'run', 'runbooks/danger.md', '--all'], repo, env());
      assert.equal(out.code, 1);
      assert.match(out.stderr, /wipe: rm -rf \(recursive forced delete\)/);
      assert.match(out.stderr, /after: marked confirm=true/);
      assert.ok(fs.existsSync(path.join(runbooks, 'scratch')));
      assert.equal(fs.existsSync(path.join(runbooks, 'prepared.out')), false);
      assert.equal(fs.existsSync(logFile()), false);
    });

    it('runs everything with --yes', async () => {
      const out = await cli(['runbook', 'run', 'runbooks/danger.md', '--all', '--yes'], repo, env());
      assert.equal(out.code, 0, out.stderr);
      assert.equal(fs.existsSync(path.join(runbooks, 'scratch')), false);
      assert.ok(fs.existsSync(path.join(runbooks, 'after.out')));
      assert.deepEqual(records().map((r) => r.step), ['prepare', 'wipe', 'after']);
    });

    it('on a terminal asks once for the run, then again for each dangerous step, showing the full command', async () => {
      const asked: string[] = [];
      const answers = [true, false];
      const prompter: Prompter = {
        interactive: true,
        confirm: async (question) => {
          asked.push(question);
          return answers.shift() ?? false;
        },
        ask: async () => undefined,
      };
      const command = createRunbookCommand({ prompter: () => prompter, onInterrupt: () => () => undefined });
      const captured = io(repo, env());
      const code = await command.run(['run', 'runbooks/danger.md', '--all'], captured);
      assert.equal(code, 1);
      assert.deepEqual(asked, ['Run these 3 steps?', "Run step 'wipe'?"]);
      assert.match(captured.out.stderr, /It runs:\n {4}rm -rf \.\/scratch\n/);
      assert.match(captured.out.stderr, /step 'wipe' was not confirmed; 2 steps not run/);
      assert.ok(fs.existsSync(path.join(runbooks, 'prepared.out')));
      assert.ok(fs.existsSync(path.join(runbooks, 'scratch')));
      assert.deepEqual(records().map((r) => r.step), ['prepare']);
    });
  });

  it('refuses a cwd outside the repository and a runbook with errors', async () => {
    fs.writeFileSync(
      path.join(runbooks, 'escape.md'),
      ['---', 'title: Escape', '---', `${fence}sh { cwd=../.. }`, 'touch escaped.out', fence].join('\n'),
    );
    const escape = await cli(['runbook', 'run', 'runbooks/escape.md', '--all'], repo, env());
    assert.equal(escape.code, 1);
    assert.match(escape.stderr, /outside the repository; refusing to run it/);
    assert.equal(fs.existsSync(path.join(tmp, 'escaped.out')), false);
    assert.equal(fs.existsSync(logFile()), false);

    fs.writeFileSync(path.join(runbooks, 'broken.md'), ['# Broken', `${fence}sh`, 'touch broken.out'].join('\n'));
    const broken = await cli(['runbook', 'run', 'runbooks/broken.md', '--all', '--yes'], repo, env());
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /runbooks\/broken\.md:2: error \[unclosed-fence\]/);
    assert.equal(fs.existsSync(path.join(runbooks, 'broken.out')), false);
  });

  it('runs a Runme-style runbook in one shell: prompts stripped, exports carried, a server step that does not block, front matter cwd', async () => {
    fs.mkdirSync(path.join(runbooks, 'work'));
    fs.writeFileSync(
      path.join(runbooks, 'runme.md'),
      [
        '---',
        'cwd: work',
        'skipPrompts: true',
        '---',
        '## Server',
        `${fence}sh { background=true }`,
        'sleep 30 & echo $! > server.pid; wait',
        fence,
        '## Set up',
        `${fence}bash`,
        '$ export GREETING=hello',
        '$ echo set',
        'set',
        fence,
        `${fence}sh`,
        'echo "$GREETING from $(basename "$PWD")" > greeting.out',
        fence,
      ].join('\n'),
    );
    const out = await cli(['runbook', 'run', 'runbooks/runme.md', '--all', '--yes'], repo, env());
    assert.equal(out.code, 0, out.stderr);
    assert.equal(fs.readFileSync(path.join(runbooks, 'work', 'greeting.out'), 'utf8'), 'hello from work\n');
    assert.equal(out.stdout, 'set\n', 'the transcript line after the prompt is output, not a command');
    const pid = Number(fs.readFileSync(path.join(runbooks, 'work', 'server.pid'), 'utf8'));
    // Gone or a zombie (in a container nobody may reap it; a zombie runs nothing).
    const running = () => {
      try {
        process.kill(pid, 0);
        return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 40 && running(); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(running(), false, 'the background step was stopped when the run ended');

    const byRunmeName = await cli(['runbook', 'run', 'runbooks/runme.md', '--step', 'echo-greeting', '--yes'], repo, env({ GREETING: 'hi' }));
    assert.equal(byRunmeName.code, 0, byRunmeName.stderr);
    assert.equal(fs.readFileSync(path.join(runbooks, 'work', 'greeting.out'), 'utf8'), 'hi from work\n');
  });

  it('refuses a runbook whose later step has an absolute cwd before the first step runs', async () => {
    fs.writeFileSync(path.join(runbooks, 'abs.md'), [`${fence}sh { name=first }`, 'touch first.out', fence, `${fence}sh { name=later cwd=/tmp }`, 'pwd', fence].join('\n'));
    const out = await cli(['runbook', 'run', 'runbooks/abs.md', '--all', '--yes'], repo, env());
    assert.equal(out.code, 1);
    assert.match(out.stderr, /Nothing was run: Step 'later': .*absolute/);
    assert.equal(fs.existsSync(path.join(runbooks, 'first.out')), false);
  });

  it('prints the parsed steps as JSON', async () => {
    const out = await cli(['runbook', 'steps', 'runbooks/test.md', '--json'], repo, env());
    assert.equal(out.code, 0, out.stderr);
    const json = JSON.parse(out.stdout) as { runbook: string; steps: { name: string; range: unknown; needsConfirmation: boolean }[] };
    const parsed = parseRunbook(TEST_RUNBOOK);
    assert.equal(json.runbook, 'runbooks/test.md');
    assert.deepEqual(json.steps.map((s) => [s.name, s.range, s.needsConfirmation]), parsed.steps.map((s) => [s.name, s.range, false]));
  });
});

describe('incident-desk runbooks lint', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-lint-')));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('passes the shipped runbooks (default folder "runbooks") with no errors', async () => {
    const out = await cli(['runbooks', 'lint', '--json'], repoRoot);
    assert.equal(out.code, 0, out.stdout);
    const report = JSON.parse(out.stdout) as { runbooks: { path: string }[]; summary: { runbooks: number; errors: number } };
    assert.ok(report.summary.runbooks >= 4);
    assert.equal(report.summary.errors, 0);
    assert.ok(report.runbooks.every((r) => r.path.startsWith('runbooks/')));
  });

  it('exits non-zero on a broken runbook and names the file and line', async () => {
    fs.mkdirSync(path.join(tmp, 'runbooks'));
    fs.writeFileSync(path.join(tmp, 'runbooks', 'ok.md'), ['---', 'title: Ok', 'services: [a]', 'last_reviewed: 2026-11-01', '---', `${fence}sh`, 'ls', fence].join('\n'));
    fs.writeFileSync(path.join(tmp, 'runbooks', 'broken.md'), ['---', 'title: !js x', '---', `${fence}sh`, 'echo $UNDECLARED'].join('\n'));
    const out = await cli(['runbooks', 'lint', '--today', '2026-11-21'], tmp);
    assert.equal(out.code, 1);
    assert.match(out.stdout, /^runbooks\/broken\.md:2: error \[front-matter-tag\]/m);
    assert.match(out.stdout, /^runbooks\/broken\.md:4: error \[unclosed-fence\]/m);
    assert.match(out.stdout, /^runbooks\/broken\.md:5: warning \[undeclared-param\]/m);
    assert.doesNotMatch(out.stdout, /ok\.md/);
    assert.match(out.stdout, /2 runbooks checked: 2 errors/);
  });

  it('takes the review interval from the policy file, the flag overriding it', async () => {
    fs.mkdirSync(path.join(tmp, '.incident-desk'));
    fs.writeFileSync(path.join(tmp, '.incident-desk', 'policy.yaml'), 'runbook_review_interval_days: 10\n');
    fs.writeFileSync(path.join(tmp, 'old.md'), ['---', 'title: Old', 'services: [a]', 'last_reviewed: 2026-11-01', '---', `${fence}sh`, 'ls', fence].join('\n'));
    const strict = await cli(['runbooks', 'lint', 'old.md', '--today', '2026-11-21'], tmp);
    assert.equal(strict.code, 0, 'staleness is a warning, not an error');
    assert.match(strict.stdout, /old\.md:1: warning \[stale-review\] .*20 days ago; the review interval is 10 days/);
    const lenient = await cli(['runbooks', 'lint', 'old.md', '--today', '2026-11-21', '--review-interval-days', '30'], tmp);
    assert.doesNotMatch(lenient.stdout, /stale-review/);
  });

  it('answers bad arguments with usage (exit 2) and a missing folder with an error', async () => {
    assert.equal((await cli(['runbooks', 'lint', '--bogus'], tmp)).code, 2);
    assert.equal((await cli(['runbooks', 'check'], tmp)).code, 2);
    assert.equal((await cli(['runbooks', 'lint', '--today', '2026-13-01'], tmp)).code, 2);
    const missing = await cli(['runbooks', 'lint'], tmp);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /runbooks: no such file or folder/);
  });

  it('exits 0 from the real binary on the shipped runbooks', () => {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.mjs'), 'runbooks', 'lint'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
    assert.match(result.stdout, /runbooks checked: 0 errors/);
  });
});

describe('shipped runbooks run safely in a demo workspace', () => {
  let tmp: string;
  let server: http.Server;
  let baseUrl: string;
  const requests: { method: string; url: string; authorization: string; body: string }[] = [];
  const TOKEN = 'demo-token-not-for-records';
  const ATLAS_KEY = 'atlas-private-key-value';

  before(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-demo-')));
    // The same shape as the integration harness's demo workspace: the runbooks, one commit.
    fs.cpSync(shippedRunbooks, path.join(tmp, 'runbooks'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=oncall@example.com', '-c', 'user.name=On-call', ...args], { cwd: tmp, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'Add runbooks');
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('every shipped runbook passes Run all (dry run), and nothing secret lands in a file', async () => {
    const env = {
      ...baseEnv(tmp),
      BASE_URL: baseUrl,
      JOBS_URL: baseUrl,
      INCIDENT_DESK_URL: baseUrl,
      INCIDENT_DESK_TOKEN: TOKEN,
      MONGODB_ATLAS_PRIVATE_KEY: ATLAS_KEY,
    };
    const params: Record<string, string[]> = {
      'create-mongodb-atlas-cluster.md': ['--param', 'TICKET=OPS-42'],
      'on-call-handoff.md': ['--param', 'INCIDENT_ID=INC-3', '--param', 'HANDOFF_TO=Sam Lee'],
      'late-data-file-delivery.md': ['--param', 'CUSTOMER=Northwind Traders'],
    };
    const files = fs.readdirSync(path.join(tmp, 'runbooks')).filter((f) => f.endsWith('.md'));
    assert.ok(files.length >= 4);
    for (const file of files) {
      const out = await cli(['runbook', 'run', `runbooks/${file}`, '--all', '--yes', ...(params[file] ?? [])], tmp, env);
      assert.equal(out.code, 0, `${file}:\n${out.stderr}`);
    }
    const log = parseExecutionLog(fs.readFileSync(path.join(tmp, '.incident-desk', 'executions.jsonl'), 'utf8'));
    assert.deepEqual(log.badLines, []);
    assert.ok(log.records.every((r) => r.exitCode === 0));
    assert.deepEqual([...new Set(log.records.map((r) => r.runbook))].sort(), files.map((f) => `runbooks/${f}`).sort());

    const announce = requests.find((r) => r.method === 'POST' && r.url === '/v1/incidents/INC-3/events');
    assert.ok(announce, 'the handoff posts a note to the incident');
    assert.equal(announce.authorization, `Bearer ${TOKEN}`);
    assert.deepEqual(JSON.parse(announce.body), {
      type: 'note',
      author: 'maya',
      text: 'Commander handoff: Sam Lee now commands INC-3 (from maya). Written handoff shared in the channel.',
    });
    assert.ok(fs.readFileSync(path.join(tmp, 'handoff-INC-3.md'), 'utf8').startsWith('# Handoff for INC-3: maya to Sam Lee'));
    const written = allText(tmp);
    assert.equal(written.includes(TOKEN), false);
    assert.equal(written.includes(ATLAS_KEY), false);
    assert.equal(execFileSync('git', ['status', '--porcelain', '--', 'runbooks'], { cwd: tmp, encoding: 'utf8' }), '', 'runbooks untouched');
  });
});
