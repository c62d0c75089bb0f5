import * as assert from 'node:assert/strict';
import { applyLineEdit, formatRunDuration, formatStepResult, resultForStep, type ShownResult } from '../../../src/core/runbooks/runResults';

const result = (startLine: number, endLine: number, commands = 'echo'): ShownResult => ({ range: { startLine, endLine }, commands, exitCode: 0, durationMs: 1200 });

describe('step results (editor)', () => {
  it('formats success, failure and unknown distinctly; unknown never looks like success', () => {
    assert.equal(formatStepResult({ exitCode: 0, durationMs: 1234 }), '✓ exit 0 · 1.2 s');
    assert.equal(formatStepResult({ exitCode: 3, durationMs: 400 }), '✗ exit 3 · 0.4 s');
    assert.equal(formatStepResult({ exitCode: null, durationMs: 2000 }), '? exit unknown · 2.0 s');
    assert.doesNotMatch(formatStepResult({ exitCode: null, durationMs: 0 }), /✓|exit 0/);
  });

  it('formats durations from milliseconds to hours without rounding up into the next unit', () => {
    assert.equal(formatRunDuration(0), '0.0 s');
    assert.equal(formatRunDuration(59_999), '59.9 s');
    assert.equal(formatRunDuration(65_000), '1 m 05 s');
    assert.equal(formatRunDuration(2 * 3600_000 + 3 * 60_000), '2 h 03 m');
    assert.equal(formatRunDuration(-5), '0.0 s');
    assert.equal(formatRunDuration(Number.NaN), '0.0 s');
  });

  it('moves results below an edit by the lines it added or removed', () => {
    const kept = applyLineEdit([result(10, 13)], { startLine: 2, endLine: 2, insertedLineBreaks: 3 });
    assert.deepEqual(kept.map((r) => r.range), [{ startLine: 13, endLine: 16 }]);
    const removed = applyLineEdit([result(10, 13)], { startLine: 2, endLine: 5, insertedLineBreaks: 0 });
    assert.deepEqual(removed.map((r) => r.range), [{ startLine: 7, endLine: 10 }]);
  });

  it('drops a result when the edit touches its step, fence lines included', () => {
    for (const line of [10, 11, 13]) {
      assert.deepEqual(applyLineEdit([result(10, 13)], { startLine: line, endLine: line, insertedLineBreaks: 0 }), [], `edit on line ${line}`);
    }
    assert.deepEqual(applyLineEdit([result(10, 13)], { startLine: 5, endLine: 11, insertedLineBreaks: 0 }), [], 'an edit spanning into the step');
  });

  it('keeps results above the edit, and the same objects when nothing moved', () => {
    const above = result(1, 3);
    const same = result(10, 12);
    const kept = applyLineEdit([above, same], { startLine: 5, endLine: 5, insertedLineBreaks: 0 });
    assert.equal(kept[0], above);
    assert.equal(kept[1], same);
  });

  it('shows a result only for the same lines and the same commands', () => {
    const stored = [result(4, 6, 'echo a')];
    assert.ok(resultForStep(stored, { range: { startLine: 4, endLine: 6 }, commands: 'echo a' }));
    assert.equal(resultForStep(stored, { range: { startLine: 4, endLine: 6 }, commands: 'echo b' }), undefined);
    assert.equal(resultForStep(stored, { range: { startLine: 4, endLine: 7 }, commands: 'echo a' }), undefined);
  });
});
