import * as assert from 'node:assert/strict';
import { executionRecordsFromFiles } from '../../../src/app/retrospectives/executionFiles';
import { writeRetrospective, type WriteRetrospectivePorts, type WriteRetrospectiveRequest } from '../../../src/app/retrospectives/writeRetrospective';
import { TIMELINE_END, TIMELINE_START } from '../../../src/core/retrospectives/timeline';
import { MemoryFileSystem } from '../../support/memoryFileSystem';
import { NOW, resolvedIncident, restartRecord } from '../retrospectives/fixtures';

const REPO = '/repo';
const FILE = '/repo/retrospectives/2026-11-01-INC-42-checkout-latency-in-eu-west.md';
const LOG = '/repo/.incident-desk/executions.jsonl';

/** The use case's ports over `files`, recording which incidents were fetched. */
function portsOver(files: MemoryFileSystem, overrides: Partial<WriteRetrospectivePorts> = {}): { ports: WriteRetrospectivePorts; fetched: string[] } {
  const fetched: string[] = [];
  const ports: WriteRetrospectivePorts = {
    incidents: {
      get: async (id) => {
        fetched.push(id);
        return resolvedIncident();
      },
    },
    executions: executionRecordsFromFiles(files, [LOG]),
    commits: async () => [{ sha: 'abc1234def', at: '2026-11-01T10:30:00.000Z', author: 'dana', subject: 'Raise the pool size' }],
    files,
    clock: { now: () => NOW },
    ...overrides,
  };
  return { ports, fetched };
}

function request(whenExists: WriteRetrospectiveRequest['whenExists']): WriteRetrospectiveRequest {
  return { incidentId: 'INC-42', repoRoot: REPO, folder: 'retrospectives', whenExists };
}

describe('write retrospective (in-memory file system)', () => {
  it('creates the file from the incident, the runbook runs and the commits, each run once', async () => {
    const files = new MemoryFileSystem({ [LOG]: `${JSON.stringify(restartRecord())}\nnot json\n` });
    const result = await writeRetrospective(request('keep'), portsOver(files).ports);
    assert.equal(result.action, 'created');
    assert.ok(result.action === 'created' && result.path === FILE && result.executions === 1 && result.commits === 1);
    assert.ok(result.action === 'created' && /executions\.jsonl: line\(s\) 2 are not execution records/.test(result.warnings.join('\n')));
    const text = (await files.readText(FILE)) ?? '';
    assert.equal(text.split('\n').filter((line) => line.includes('Restart replica')).length, 1, 'the event and the record are one run, one line');
    assert.match(text, /Commit abc1234 Raise the pool size \(dana\)/);
  });

  it('keeps an existing retrospective untouched, without fetching the incident', async () => {
    const files = new MemoryFileSystem({ [FILE]: 'the team wrote this' });
    const all = portsOver(files);
    const result = await writeRetrospective(request('keep'), all.ports);
    assert.deepEqual(result, { action: 'exists', path: FILE });
    assert.equal(await files.readText(FILE), 'the team wrote this');
    assert.deepEqual(all.fetched, []);
  });

  it('refreshes only the timeline of an existing retrospective', async () => {
    const human = `# Retro\n\nOur own words.\n\n${TIMELINE_START}\n- old line\n${TIMELINE_END}\n\nMore of our words.\n`;
    const files = new MemoryFileSystem({ [FILE]: human });
    const result = await writeRetrospective(request('refresh'), portsOver(files).ports);
    assert.equal(result.action, 'refreshed');
    const text = (await files.readText(FILE)) ?? '';
    assert.ok(text.startsWith('# Retro\n\nOur own words.\n\n'));
    assert.ok(text.endsWith('\n\nMore of our words.\n'));
    assert.ok(!text.includes('- old line'));
    assert.match(text, /Raise the pool size/);
  });

  it('still writes the retrospective when the commits cannot be read, and says so', async () => {
    const files = new MemoryFileSystem();
    const result = await writeRetrospective(request('keep'), portsOver(files, { commits: async () => Promise.reject(new Error('not a git repository')) }).ports);
    assert.ok(result.action === 'created' && result.commits === 0);
    assert.ok(result.action === 'created' && /commits could not be read.*not a git repository/.test(result.warnings.join('\n')));
  });

  it('refuses a folder outside the repository before fetching anything', async () => {
    const all = portsOver(new MemoryFileSystem());
    await assert.rejects(writeRetrospective({ ...request('keep'), folder: '../elsewhere' }, all.ports), /relative path inside the repository/);
    assert.deepEqual(all.fetched, []);
  });
});
