import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseExecutionLog, type ExecutionRecord } from '../../../src/core/runbooks/executionRecord';
import { appendExecutionRecord } from '../../../src/runbooks/executionLog';

function record(step: string, exitCode: number | null = 0): ExecutionRecord {
  return {
    runbook: 'runbooks/rollback.md',
    step,
    stepIndex: 1,
    command: 'git log -1\necho "done"',
    startedAt: '2026-11-21T10:00:00.000Z',
    durationMs: 1200,
    exitCode,
    user: 'maya',
  };
}

describe('appendExecutionRecord', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runbook-log-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the folders and appends one JSON line per record, readable by parseExecutionLog', async () => {
    const file = path.join(dir, '.incident-desk', 'nested', 'executions.jsonl');
    await appendExecutionRecord(file, record('one'));
    await appendExecutionRecord(file, { ...record('two', null), incidentId: 'INC-7' });
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text.split('\n').length, 3);
    assert.ok(text.endsWith('\n'));
    const { records, badLines } = parseExecutionLog(text);
    assert.deepEqual(badLines, []);
    assert.deepEqual(records, [record('one'), { ...record('two', null), incidentId: 'INC-7' }]);
  });

  it('writes only the record fields, whatever else the object carries', async () => {
    const file = path.join(dir, 'log.jsonl');
    const withExtras = { ...record('x'), params: { API_KEY: 'hunter2' }, env: { TOKEN: 'hunter2' } } as ExecutionRecord;
    await appendExecutionRecord(file, withExtras);
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text.includes('hunter2'), false);
    assert.deepEqual(Object.keys(JSON.parse(text) as object), ['runbook', 'step', 'stepIndex', 'command', 'startedAt', 'durationMs', 'exitCode', 'user']);
  });

  it('starts on a new line after a line cut short by a crash, and keeps what was there', async () => {
    const file = path.join(dir, 'log.jsonl');
    fs.writeFileSync(file, `${JSON.stringify(record('before'))}\n{"runbook":"cut sh`);
    await appendExecutionRecord(file, record('after'));
    const { records, badLines } = parseExecutionLog(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(records.map((r) => r.step), ['before', 'after']);
    assert.deepEqual(badLines, [2]);
  });

  it('keeps every line whole when many records are appended at once', async () => {
    const file = path.join(dir, 'log.jsonl');
    const big = 'x'.repeat(20_000);
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendExecutionRecord(file, { ...record(`s${i}`), command: big })));
    const { records, badLines } = parseExecutionLog(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(badLines, []);
    assert.deepEqual(records.map((r) => r.step).sort(), Array.from({ length: 40 }, (_, i) => `s${i}`).sort());
  });
});
