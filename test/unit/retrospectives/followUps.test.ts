import * as assert from 'node:assert/strict';
import {
  githubLogin,
  linkFollowUpIssues,
  parseFollowUpLine,
  parseRetrospective,
  renderRetrospective,
  type FollowUp,
} from '../../../src/core/retrospectives';
import { NOW, resolvedIncident } from './fixtures';

function withFollowUps(lines: string[]): string {
  const markdown = renderRetrospective({ incident: resolvedIncident(), executions: [], commits: [] }, NOW);
  return markdown.replace('## Contributing factors', `${lines.join('\n')}\n\n## Contributing factors`);
}

function lineOf(markdown: string, fragment: string): number {
  return markdown.split('\n').findIndex((l) => l.includes(fragment)) + 1;
}

describe('retrospectives: follow-up actions', () => {
  it('reads open and done tasks, owners, due dates and issue references', () => {
    const cases: [string, Omit<FollowUp, 'line'>][] = [
      ['- [ ] Alert on replica lag > 10 s — @alice, due 2026-12-05', { title: 'Alert on replica lag > 10 s', owner: '@alice', due: '2026-12-05', done: false, issue: null }],
      ['- [x] Document the failover — Platform team, due 2026-12-01 (#123)', { title: 'Document the failover', owner: 'Platform team', due: '2026-12-01', done: true, issue: 123 }],
      ['* [X] Fix retry — storm — @bob-b, due 2027-01-31 (https://github.com/o/r/issues/9)', { title: 'Fix retry — storm', owner: '@bob-b', due: '2027-01-31', done: true, issue: 'https://github.com/o/r/issues/9' }],
      ['- [ ] Add canary – @c, due 2026-02-28 https://ghe.example.com/o/r/issues/77', { title: 'Add canary', owner: '@c', due: '2026-02-28', done: false, issue: 'https://ghe.example.com/o/r/issues/77' }],
      ['  - [ ] Nested task -- Ops, due 2028-02-29', { title: 'Nested task', owner: 'Ops', due: '2028-02-29', done: false, issue: null }],
    ];
    for (const [text, expected] of cases) {
      assert.deepEqual(parseFollowUpLine(text, 5), { kind: 'follow-up', followUp: { line: 5, ...expected } }, text);
    }
    assert.deepEqual(parseFollowUpLine('Prose about follow-ups.', 1), { kind: 'other' });
  });

  it('malformed lines become diagnostics with their line numbers and are never dropped', () => {
    const bad = [
      '- [ ] Rotate the keys',
      '- [ ] Rotate the keys — @alice',
      '- [ ] Rotate the keys — due 2026-12-05',
      '- [ ] Rotate the keys — @alice, due 2026-02-30',
      '- [ ] Rotate the keys — @alice, due tomorrow',
      '- [?] Rotate the keys — @alice, due 2026-12-05',
      '- Rotate the keys — @alice, due 2026-12-05',
      '- [ ] Rotate the keys — @-alice, due 2026-12-05',
      '- [ ]',
    ];
    const good = '- [ ] Keep this one — @carol, due 2026-12-05';
    const markdown = withFollowUps([good, ...bad, 'A sentence of prose is fine.']);
    const parsed = parseRetrospective(markdown);
    assert.deepEqual(parsed.followUps.map((f) => f.title), ['Keep this one']);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => d.line), bad.map((text) => lineOf(markdown, text === '- [ ]' ? '- [ ]\n' : text) || markdown.split('\n').indexOf(text) + 1));
    for (const error of errors) {
      assert.equal(markdown.split('\n')[error.line - 1], bad[errors.indexOf(error)]);
      assert.match(error.message, new RegExp(`^Line ${error.line}`));
    }
    assert.match(errors[0]?.message ?? '', /needs an owner and a due date/);
    assert.match(errors[3]?.message ?? '', /'2026-02-30' is not a real date/);
    assert.match(errors[6]?.message ?? '', /without a checkbox/);
  });

  it('ignores task lines in other sections, code blocks and comments', () => {
    const markdown = withFollowUps(['```', '- [ ] in a code block', '```', '<!--', '- [ ] in a comment', '-->']).replace(
      '## Narrative\n',
      '## Narrative\n\n- [ ] a checklist someone kept in the narrative\n',
    );
    const parsed = parseRetrospective(markdown);
    assert.deepEqual(parsed.followUps, []);
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('writes issue numbers back into the lines and the front matter, leaving the rest alone', () => {
    const markdown = withFollowUps(['- [ ] First — @alice, due 2026-12-05', '- [ ] Second — Ops, due 2026-12-06', '- [x] Third — @bob, due 2026-12-07 (#3)']);
    const first = lineOf(markdown, 'First');
    const second = lineOf(markdown, 'Second');
    const linked = linkFollowUpIssues(markdown, [
      { line: first, title: 'First', issueNumber: 11 },
      { line: second, title: 'Second', issueNumber: 12 },
    ]);
    // The front matter grew, so the body moved down: look the lines up again.
    const lines = linked.split('\n');
    assert.equal(lines[lineOf(linked, '- [ ] First') - 1], '- [ ] First — @alice, due 2026-12-05 (#11)');
    assert.equal(lines[lineOf(linked, '- [ ] Second') - 1], '- [ ] Second — Ops, due 2026-12-06 (#12)');
    const parsed = parseRetrospective(linked);
    assert.deepEqual(parsed.frontMatter?.follow_ups.map((f) => f.issue), [11, 12, 3]);
    assert.deepEqual(parsed.followUps.map((f) => f.issue), [11, 12, 3]);
    assert.equal(linked.slice(linked.indexOf('\n# Retro')).replace(/ \(#1[12]\)/g, ''), markdown.slice(markdown.indexOf('\n# Retro')));
  });

  it('refuses to write a number onto a line that no longer holds that follow-up', () => {
    const markdown = withFollowUps(['- [ ] First — @alice, due 2026-12-05']);
    const line = lineOf(markdown, 'First');
    assert.throws(() => linkFollowUpIssues(markdown, [{ line, title: 'Something else', issueNumber: 4 }]), /no longer holds the follow-up 'Something else'/);
    assert.throws(() => linkFollowUpIssues(markdown, [{ line: line + 1, title: 'First', issueNumber: 4 }]), /no longer holds/);
  });

  it('recognises GitHub logins as assignees and leaves names alone', () => {
    assert.equal(githubLogin('@alice'), 'alice');
    assert.equal(githubLogin('@bob-b2'), 'bob-b2');
    assert.equal(githubLogin('alice'), undefined);
    assert.equal(githubLogin('@-bad'), undefined);
    assert.equal(githubLogin('@a--b'), undefined);
    assert.equal(githubLogin('Platform team'), undefined);
  });
});
