import * as assert from 'node:assert/strict';
import { groupByService, NO_SERVICE } from '../../../src/editor/runbooks/serviceGroups';
import { hasRunbookFrontMatter } from '../../../src/core/runbooks/runbookDetection';
import { parseRunbook } from '../../../src/core/runbooks/parse';

describe('Runbooks view grouping (editor)', () => {
  it('lists a runbook under each of its services, sorted, with "No service" last', () => {
    const groups = groupByService([
      { title: 'Zeta', services: ['checkout', 'payments'] },
      { title: 'Alpha', services: ['payments'] },
      { title: 'Loose', services: [] },
      { title: 'Twice', services: ['checkout', 'checkout'] },
    ]);
    assert.deepEqual(
      groups.map((g) => [g.service, g.runbooks.map((r) => r.title)]),
      [
        ['checkout', ['Twice', 'Zeta']],
        ['payments', ['Alpha', 'Zeta']],
        [NO_SERVICE, ['Loose']],
      ],
    );
  });
});

describe('runbook detection outside the globs (editor)', () => {
  it('counts front matter with runbook-only keys, not a retrospective or a page with just a title', () => {
    assert.equal(hasRunbookFrontMatter(parseRunbook('---\ntitle: T\nowner: team\n---\n')), true);
    assert.equal(hasRunbookFrontMatter(parseRunbook('---\ntitle: T\nparams:\n  A: {}\n---\n')), true);
    assert.equal(hasRunbookFrontMatter(parseRunbook('---\ntitle: Outage\nservices: [api]\nseverity: 1\nstatus: draft\n---\n')), false);
    assert.equal(hasRunbookFrontMatter(parseRunbook('---\ntitle: Blog post\n---\n')), false);
    assert.equal(hasRunbookFrontMatter(parseRunbook('# No front matter\n```sh\necho\n```\n')), false);
  });
});
