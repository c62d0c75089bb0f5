import * as assert from 'node:assert/strict';
import { parseExecutionLog } from '../../../src/core/runbooks/executionRecord';
import { executionRecordFor, redact, REDACTED, timelineEventFor } from '../../../src/core/runbooks/runRecord';

const step = { name: 'apply', index: 2, commands: './deploy.sh --token "$API_KEY" --region "$REGION"' };

describe('execution records (editor)', () => {
  it('records the step text, not its expansion, with the fields the log parser accepts', () => {
    const record = executionRecordFor({
      runbook: 'runbooks/deploy.md',
      step,
      startedAt: new Date('2026-11-21T10:00:00.000Z'),
      durationMs: 1234.6,
      exitCode: 0,
      user: 'Ada',
      incidentId: 'inc-1',
      secrets: ['s3cr3t-value'],
    });
    assert.equal(record.command, step.commands);
    assert.equal(record.durationMs, 1235);
    assert.equal(record.incidentId, 'inc-1');
    const { records, badLines } = parseExecutionLog(`${JSON.stringify(record)}\n`);
    assert.deepEqual(badLines, []);
    assert.deepEqual(records, [record]);
  });

  it('gives the record and its timeline event the same run id, which survives the log round trip', () => {
    const record = executionRecordFor({ runId: 'run-7f3a', runbook: 'runbooks/deploy.md', step, startedAt: new Date('2026-11-21T10:00:00.000Z'), durationMs: 5, exitCode: 0, user: 'Ada', secrets: [] });
    assert.equal(record.runId, 'run-7f3a');
    assert.equal(timelineEventFor(record).runId, 'run-7f3a');
    assert.equal(parseExecutionLog(`${JSON.stringify(record)}\n`).records[0]?.runId, 'run-7f3a');
    assert.deepEqual(parseExecutionLog(`${JSON.stringify({ ...record, runId: 42 })}\n`).badLines, [1], 'a run id that is not text is a bad line');
  });

  it('masks a secret value that appears literally in the step text, in the record and the timeline event', () => {
    const leaky = { ...step, commands: 'curl -H "Authorization: Bearer tok-123-abc" https://x' };
    const record = executionRecordFor({ runbook: 'r.md', step: leaky, startedAt: new Date(0), durationMs: 1, exitCode: 1, user: 'u', secrets: ['tok-123-abc'] });
    assert.ok(!record.command.includes('tok-123-abc'));
    assert.ok(record.command.includes(REDACTED));
    const event = timelineEventFor(record);
    assert.equal(event.type, 'runbook_step');
    assert.ok(!JSON.stringify(event).includes('tok-123-abc'));
    assert.deepEqual([event.runbook, event.step, event.exitCode, event.author], ['r.md', 'apply', 1, 'u']);
  });

  it('masks the longest secret first and ignores empty values', () => {
    assert.equal(redact('a=abcdef b=abc', ['abc', 'abcdef', '']), `a=${REDACTED} b=${REDACTED}`);
    assert.equal(redact('unchanged', ['']), 'unchanged');
  });

  it('keeps an unknown exit code as null, never 0', () => {
    const record = executionRecordFor({ runbook: 'r.md', step, startedAt: new Date(0), durationMs: 5, exitCode: null, user: 'u', secrets: [] });
    assert.equal(record.exitCode, null);
    assert.equal(record.incidentId, undefined);
  });
});
