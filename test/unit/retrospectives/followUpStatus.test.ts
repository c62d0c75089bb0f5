import * as assert from 'node:assert/strict';
import { applyIssueStates, linkedIssueNumber, renderRetrospective } from '../../../src/core/retrospectives';
import { NOW, resolvedIncident } from './fixtures';

function withFollowUps(lines: string[], newline = '\n'): string {
  const markdown = renderRetrospective({ incident: resolvedIncident(), executions: [], commits: [] }, NOW);
  const at = markdown.indexOf('## Follow-up actions');
  const end = markdown.indexOf('\n## ', at + 1);
  return (markdown.slice(0, end) + '\n' + lines.join('\n') + '\n' + markdown.slice(end)).replace(/\n/g, newline);
}

describe('retrospectives: follow-up status from issues', () => {
  it('reads issue links in both forms', () => {
    assert.equal(linkedIssueNumber({ issue: 12 }), 12);
    assert.equal(linkedIssueNumber({ issue: 'https://github.com/acme/shop/issues/34' }), 34);
    assert.equal(linkedIssueNumber({ issue: null }), undefined);
  });

  it('ticks closed ones (short and URL links), keeps CRLF, and leaves unlinked lines alone', () => {
    const markdown = withFollowUps([
      '- [ ] Alert on replica lag — @alice, due 2026-12-05 (#2)',
      '- [ ] Document the failover — Platform team, due 2026-12-01 (https://github.com/acme/shop/issues/3)',
      '- [ ] Not filed yet — @bob, due 2026-12-09',
    ], '\r\n');
    const result = applyIssueStates(markdown, new Map([[2, 'closed'], [3, 'closed']] as const));
    assert.deepEqual(result.ticked.map((f) => f.issue), [2, 'https://github.com/acme/shop/issues/3']);
    assert.ok(result.markdown.includes('- [x] Alert on replica lag — @alice, due 2026-12-05 (#2)\r\n'));
    assert.ok(result.markdown.includes('- [x] Document the failover — Platform team, due 2026-12-01 (https://github.com/acme/shop/issues/3)\r\n'));
    assert.ok(result.markdown.includes('- [ ] Not filed yet — @bob, due 2026-12-09\r\n'));
    assert.ok(!/[^\r]\n/.test(result.markdown), 'every line ending is still CRLF');
  });

  it('never unticks: a done follow-up whose issue is open is reported', () => {
    const markdown = withFollowUps(['- [x] Alert on replica lag — @alice, due 2026-12-05 (#2)']);
    const result = applyIssueStates(markdown, new Map([[2, 'open']] as const));
    assert.equal(result.markdown, markdown);
    assert.deepEqual(result.doneButOpen.map((f) => f.issue), [2]);
  });
});
