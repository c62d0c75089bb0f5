import * as assert from 'node:assert/strict';
import {
  RetrospectiveFormatError,
  TIMELINE_END,
  TIMELINE_START,
  buildTimeline,
  mergeTimeline,
  refreshTimeline,
  renderRetrospective,
  renderTimelineBlock,
  commandOnOneLine,
  type CommitInfo,
} from '../../../src/core/retrospectives';
import { NOW, resolvedIncident, restartRecord } from './fixtures';

describe('retrospectives: timeline merge and refresh', () => {
  const commit: CommitInfo = { sha: '0123456789abcdef0123456789abcdef01234567', at: '2026-11-01T10:15:00Z', author: 'dave', subject: 'Raise pool size', url: 'https://github.com/o/r/commit/0123456789abcdef0123456789abcdef01234567' };

  it('merges events, runbook records and commits in time order', () => {
    const incident = resolvedIncident();
    const lateRecord = restartRecord({ step: 'Check lag', stepIndex: 3, startedAt: '2026-11-01T10:50:00Z', command: 'lagcheck', durationMs: 800 });
    const entries = mergeTimeline({ incident, executions: [lateRecord, restartRecord()], commits: [commit] });
    const times = entries.map((e) => Date.parse(e.at));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.deepEqual(entries.map((e) => e.source), ['incident', 'incident', 'incident', 'commit', 'runbook', 'runbook', 'incident']);
    assert.match(entries[3]?.text ?? '', /^Commit \[0123456\]\(https:\/\/github\.com\/o\/r\/commit\/0123456789abcdef0123456789abcdef01234567\) Raise pool size \(dave\)$/);
  });

  it('a runbook_step event and the execution record of the same run are one line, at the start time', () => {
    const incident = resolvedIncident();
    const entries = mergeTimeline({ incident, executions: [restartRecord()], commits: [] });
    const runs = entries.filter((e) => e.source === 'runbook');
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.at, '2026-11-01T10:20:00.000Z');
    assert.match(runs[0]?.text ?? '', /Restart replica.*`systemctl restart replica`.*exit 0 after 3\.0 s/);
    // A different run of the same step (another duration) is its own line.
    const twice = mergeTimeline({ incident, executions: [restartRecord(), restartRecord({ startedAt: '2026-11-01T10:25:00Z', durationMs: 4100 })], commits: [] });
    assert.equal(twice.filter((e) => e.source === 'runbook').length, 2);
  });

  it('shows a multi-line command readably: its lines joined with ⏎, on the one line the entry has', () => {
    const incident = resolvedIncident();
    const record = restartRecord({ command: 'kubectl logs -n prod api --tail 10\n\n  echo done\r\necho "again"\n' });
    const entries = mergeTimeline({ incident, executions: [record], commits: [] });
    const run = entries.find((e) => e.source === 'runbook');
    assert.ok(run?.text.includes('`kubectl logs -n prod api --tail 10 ⏎ echo done ⏎ echo "again"`'), run?.text);
    const block = renderTimelineBlock(entries);
    assert.equal(block.split('\n').filter((line) => line.includes('⏎')).length, 1, 'still one line per entry');
    // Written and read back, the entry is the same, so a refresh keeps it once.
    const input = { incident, executions: [record], commits: [] };
    const markdown = renderRetrospective(input, NOW);
    assert.equal(markdown.split('\n').filter((line) => line.includes('⏎')).length, 1);
    assert.equal(refreshTimeline(markdown, buildTimeline(input, NOW)), markdown);
    assert.equal(commandOnOneLine('   \n  '), '');
  });

  it('pairs a run by its id when both sides carry one, where timing alone would guess wrong', () => {
    const base = resolvedIncident();
    const withRunId = (runId: string, at: string) => ({
      ...base,
      timeline: base.timeline.map((e) => (e.type === 'runbook_step' ? { ...e, runId, at } : e)),
    });
    // A teammate's run, only on the timeline, beside mine, only in my log: same step, result and duration.
    const teammates = withRunId('run-teammate', '2026-11-01T10:20:03.000Z');
    const two = mergeTimeline({ incident: teammates, executions: [restartRecord({ runId: 'run-mine' })], commits: [] });
    assert.equal(two.filter((e) => e.source === 'runbook').length, 2, 'two different runs stay two lines');
    // My run, posted from the offline queue an hour later: the server stamped it on arrival.
    const replayed = withRunId('run-mine', '2026-11-01T11:21:00.000Z');
    const one = mergeTimeline({ incident: replayed, executions: [restartRecord({ runId: 'run-mine' })], commits: [] });
    const runs = one.filter((e) => e.source === 'runbook');
    assert.equal(runs.length, 1, 'one run is one line however late its event arrived');
    assert.equal(runs[0]?.at, '2026-11-01T10:20:00.000Z', 'at the time it ran');
  });

  it('removes duplicates: repeated events, records and commits appear once', () => {
    const incident = resolvedIncident();
    const note = incident.timeline.find((e) => e.type === 'note');
    assert.ok(note);
    const doubled = { ...incident, timeline: [...incident.timeline, note, { ...note, id: 'copy-of-e3' }] };
    const entries = mergeTimeline({ incident: doubled, executions: [restartRecord(), restartRecord()], commits: [commit, { ...commit }] });
    assert.equal(entries.filter((e) => e.text.includes('Replica lag is 40 s')).length, 1);
    assert.equal(entries.filter((e) => e.source === 'runbook').length, 1);
    assert.equal(entries.filter((e) => e.source === 'commit').length, 1);
    assert.equal(entries.length, 6);
  });

  it('keeps only the incident window: its own runs, unlabelled runs while open, commits shortly before and after', () => {
    const incident = resolvedIncident();
    const executions = [
      restartRecord({ incidentId: 'INC-7', startedAt: '2026-11-01T10:30:00Z', step: 'other incident' }),
      restartRecord({ incidentId: undefined, startedAt: '2026-11-01T10:45:00Z', step: 'unlabelled, during' }),
      restartRecord({ incidentId: undefined, startedAt: '2026-11-01T12:45:00Z', step: 'unlabelled, after' }),
    ];
    const commits: CommitInfo[] = [
      { ...commit, sha: 'aaaaaaa1', at: '2026-11-01T08:30:00Z', subject: 'deploy before' },
      { ...commit, sha: 'aaaaaaa2', at: '2026-11-01T07:00:00Z', subject: 'too early' },
      { ...commit, sha: 'aaaaaaa3', at: '2026-11-01T11:45:00Z', subject: 'fix after' },
      { ...commit, sha: 'aaaaaaa4', at: '2026-11-01T13:00:00Z', subject: 'too late' },
    ];
    const text = buildTimeline({ incident, executions, commits }, NOW).map((e) => e.text).join('\n');
    assert.match(text, /unlabelled, during/);
    assert.doesNotMatch(text, /other incident|unlabelled, after/);
    assert.match(text, /deploy before/);
    assert.match(text, /fix after/);
    assert.doesNotMatch(text, /too early|too late/);
  });

  it('refresh replaces only the block between the markers and keeps every edit elsewhere', () => {
    const incident = resolvedIncident();
    const original = renderRetrospective({ incident, executions: [], commits: [] }, NOW);
    const edited = original
      .replace('## Narrative\n', '## Narrative\n\nAlice paged the database team at 10:05.\n')
      .replace(TIMELINE_START, `Context the team added above the markers.\n\n${TIMELINE_START}`)
      .replace(TIMELINE_END, `${TIMELINE_END}\n\n![lag graph](lag.png)`)
      .replace('## Technical analysis\n', '## Technical analysis\n\nThe pool was exhausted.\n')
      .replace('status: draft', 'status: in-review # set by hand');
    const refreshed = refreshTimeline(edited, buildTimeline({ incident, executions: [restartRecord()], commits: [commit] }, NOW));

    const before = edited.slice(0, edited.indexOf(TIMELINE_START));
    const after = edited.slice(edited.indexOf(TIMELINE_END) + TIMELINE_END.length);
    assert.ok(refreshed.startsWith(before));
    assert.ok(refreshed.endsWith(after));
    const block = refreshed.slice(refreshed.indexOf(TIMELINE_START), refreshed.indexOf(TIMELINE_END));
    assert.match(block, /· commit · Commit \[0123456\]/);
    assert.match(block, /· runbook · Ran `runbooks\/replica\.md`/);
    assert.doesNotMatch(edited.slice(edited.indexOf(TIMELINE_START), edited.indexOf(TIMELINE_END)), /· commit ·/);
    // Refreshing again with the same data is a no-op.
    assert.equal(refreshTimeline(refreshed, buildTimeline({ incident, executions: [restartRecord()], commits: [commit] }, NOW)), refreshed);
  });

  it('keeps CRLF line endings when refreshing', () => {
    const crlf = renderRetrospective({ incident: resolvedIncident(), executions: [], commits: [] }, NOW).replace(/\n/g, '\r\n');
    const refreshed = refreshTimeline(crlf, [{ at: '2026-11-01T10:00:00Z', source: 'incident', text: 'one' }]);
    assert.doesNotMatch(refreshed.replace(/\r\n/g, ''), /\n/);
    assert.match(refreshed, /· incident · one\r\n/);
  });

  it('missing, duplicated or reversed markers are a clear error and nothing changes', () => {
    const markdown = renderRetrospective({ incident: resolvedIncident(), executions: [], commits: [] }, NOW);
    const cases: [string, RegExp][] = [
      [markdown.replace(TIMELINE_END, ''), /markers are missing \(<!-- incident-desk:timeline:end -->\)/],
      [markdown.replace(TIMELINE_START, '').replace(TIMELINE_END, ''), /markers are missing/],
      [`${markdown}\n${TIMELINE_START}\n${TIMELINE_END}\n`, /more than once/],
      [markdown.replace(TIMELINE_START, 'XX').replace(TIMELINE_END, TIMELINE_START).replace('XX', TIMELINE_END), /end marker comes before/],
    ];
    for (const [broken, message] of cases) {
      const copy = broken.slice();
      assert.throws(() => refreshTimeline(broken, []), (error: unknown) => error instanceof RetrospectiveFormatError && message.test(error.message));
      assert.equal(broken, copy);
    }
  });

  it('markers inside a code block are not markers', () => {
    const markdown = renderRetrospective({ incident: resolvedIncident(), executions: [], commits: [] }, NOW).replace(
      TIMELINE_START,
      `\`\`\`\n${TIMELINE_END}\n\`\`\`\n${TIMELINE_START}`,
    );
    const refreshed = refreshTimeline(markdown, [{ at: '2026-11-01T10:00:00Z', source: 'incident', text: 'fresh' }]);
    assert.match(refreshed, /```\n<!-- incident-desk:timeline:end -->\n```\n<!-- incident-desk:timeline:start -->\n- 2026-11-01 10:00:00 UTC · incident · fresh\n/);
  });
});
