import * as assert from 'node:assert/strict';
import {
  InvalidBranchNameError,
  branchNameProblem,
  defaultApiBaseUrl,
  isRetrospectiveFileOf,
  parseRemoteUrl,
  retroBranchName,
  retrospectiveFileName,
  slugify,
} from '../../../src/core/retrospectives';

describe('retrospectives: names, branches and remotes', () => {
  it('names the file retrospectives/<date>-<id>-<slug>.md from the declaration day in UTC', () => {
    const incident = { id: 'INC-42', title: 'Checkout: latency in eu-west (again!)', declaredAt: '2026-11-01T23:30:00-02:00' };
    assert.equal(retrospectiveFileName(incident), 'retrospectives/2026-11-02-INC-42-checkout-latency-in-eu-west-again.md');
    assert.equal(retrospectiveFileName(incident, 'docs/retros/'), 'docs/retros/2026-11-02-INC-42-checkout-latency-in-eu-west-again.md');
    assert.ok(isRetrospectiveFileOf('2026-11-02-INC-42-anything.md', 'INC-42'));
    assert.ok(!isRetrospectiveFileOf('2026-11-02-INC-421-anything.md', 'INC-42'));
    assert.throws(() => retrospectiveFileName(incident, '../outside'), /relative path inside the repository/);
    assert.throws(() => retrospectiveFileName(incident, '/etc'), /relative path/);
  });

  it('slugs are short, lowercase ASCII and never empty', () => {
    assert.equal(slugify('Ünïcödé  — Straße'), 'unicode-strasse');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('🔥🔥'), 'incident');
    assert.ok(slugify('word '.repeat(40)).length <= 60);
  });

  it('branch names from incident ids are retro/<id> and validated', () => {
    assert.equal(retroBranchName('INC-42'), 'retro/INC-42');
    assert.equal(retroBranchName('PT4KHLK'), 'retro/PT4KHLK');
    const rejected = ['-x', '--upload-pack=evil', 'a..b', 'has space', 'tab\there', 'nul\u0000', 'a~1', 'a^2', 'a:b', 'a?', 'a*', 'a[b', 'a\\b', 'x.lock', '.hidden', 'end.', 'a@{b', 'a//b', 'é'];
    for (const id of rejected) {
      assert.throws(() => retroBranchName(id), InvalidBranchNameError, JSON.stringify(id));
    }
    assert.equal(branchNameProblem('-x'), "it starts with '-'");
    assert.equal(branchNameProblem('retro/a..b'), "it contains '..'");
    assert.equal(branchNameProblem('retro/INC-1'), undefined);
    assert.doesNotMatch(String(catchError(() => retroBranchName('bell\u0007'))), /\u0007/);
  });

  it('reads owner, repo and host from https and ssh remotes', () => {
    const expected = { host: 'github.com', owner: 'acme', repo: 'shop' };
    assert.deepEqual(parseRemoteUrl('https://github.com/acme/shop.git'), { ...expected, transport: 'https' });
    assert.deepEqual(parseRemoteUrl('https://x-access-token:secret@github.com/acme/shop'), { ...expected, transport: 'https' });
    assert.deepEqual(parseRemoteUrl('git@github.com:acme/shop.git'), { ...expected, transport: 'ssh' });
    assert.deepEqual(parseRemoteUrl('ssh://git@github.com/acme/shop'), { ...expected, transport: 'ssh' });
    assert.deepEqual(parseRemoteUrl('ssh://git@ghe.example.com:2222/acme/shop.git/'), { host: 'ghe.example.com', owner: 'acme', repo: 'shop', transport: 'ssh' });
    assert.deepEqual(parseRemoteUrl('http://127.0.0.1:8080/acme/shop.git'), { host: '127.0.0.1:8080', owner: 'acme', repo: 'shop', transport: 'http' });
    for (const notGitHub of ['/srv/git/shop.git', 'file:///srv/git/shop.git', 'C:\\repos\\shop', 'https://github.com/acme', 'https://github.com/a/b/c', 'git@github.com:acme/../x', '']) {
      assert.equal(parseRemoteUrl(notGitHub), undefined, notGitHub);
    }
    assert.equal(defaultApiBaseUrl({ ...expected, transport: 'ssh' }), 'https://api.github.com');
    assert.equal(defaultApiBaseUrl({ host: 'ghe.example.com', owner: 'a', repo: 'b', transport: 'ssh' }), 'https://ghe.example.com/api/v3');
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : error;
  }
}
