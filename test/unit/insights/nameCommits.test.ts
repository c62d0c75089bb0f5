import * as assert from 'node:assert/strict';
import { retrospectiveFacts } from '../../../src/core/insights/retrospectiveFacts';
import { renderRetrospective } from '../../../src/core/retrospectives/render';
import { updateFrontMatter } from '../../../src/core/retrospectives/frontMatter';
import { timelineCommits } from '../../../src/core/retrospectives/timelineCommits';
import { NOW, resolvedIncident } from '../retrospectives/fixtures';

describe('retrospectives: trigger and fix commits', () => {
  const commits = [
    { sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678', at: '2026-11-01T09:30:00.000Z', author: 'dev', subject: 'cache: drop ttl', url: 'https://github.com/acme/shop/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678' },
    { sha: 'ffeeddccbbaa99887766554433221100ffeeddcc', at: '2026-11-01T11:00:00.000Z', author: 'dev', subject: 'cache: restore ttl' },
  ];
  const markdown = renderRetrospective({ incident: resolvedIncident(), executions: [], commits }, NOW);

  it('starts with empty lists in the template and lists the timeline commits to pick from', () => {
    assert.match(markdown, /^trigger_commits: \[\]$/m);
    assert.match(markdown, /^fix_commits: \[\]$/m);
    assert.deepEqual(timelineCommits(markdown).map((c) => c.sha), ['a1b2c3d', 'ffeeddc']);
    assert.match(timelineCommits(markdown)[0]?.line ?? '', /cache: drop ttl/);
  });

  it('writes picked commits into the front matter, keeping the rest of the file, and insights read them back', () => {
    const updated = updateFrontMatter(updateFrontMatter(markdown, { trigger_commits: [commits[0]!.sha] }), { fix_commits: [commits[1]!.sha] });
    assert.match(updated, new RegExp(`^trigger_commits: \\[ ${commits[0]!.sha} \\]$`, 'm'));
    assert.equal(updated.slice(updated.indexOf('# Retrospective')), markdown.slice(markdown.indexOf('# Retrospective')));
    const facts = retrospectiveFacts('r.md', updated);
    assert.deepEqual(facts?.frontMatter.trigger_commits, [commits[0]!.sha]);
    assert.deepEqual(facts?.frontMatter.fix_commits, [commits[1]!.sha]);
  });
});
