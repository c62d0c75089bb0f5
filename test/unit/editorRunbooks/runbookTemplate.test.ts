import * as assert from 'node:assert/strict';
import { lintRunbook } from '../../../src/core/runbooks/lint';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import { runbookFileName, runbookFolderFromGlobs, runbookTemplate, validateRunbookTitle } from '../../../src/core/runbooks/runbookTemplate';

const today = new Date('2026-11-21T12:00:00Z');

describe('new runbook template (editor)', () => {
  it('has front matter that parses and lints without errors, reviewed today, with runnable steps', () => {
    const parsed = parseRunbook(runbookTemplate('Roll back a bad deploy', today));
    assert.equal(parsed.frontMatter?.title, 'Roll back a bad deploy');
    assert.equal(parsed.frontMatter?.lastReviewed, '2026-11-21');
    assert.deepEqual(Object.keys(parsed.frontMatter?.params ?? {}), ['TARGET_ENV']);
    const problems = lintRunbook(parsed, { today });
    assert.deepEqual(problems.filter((d) => d.severity !== 'info'), []);
    assert.deepEqual(parsed.steps.map((s) => s.name), ['check', 'fix']);
    assert.equal(parsed.steps[1]?.attributes.confirm, true);
  });

  it('keeps any title as data in the YAML: quotes, colons, hashes, YAML tags', () => {
    for (const title of ['Fix "prod": now', "It's #1 !!js/function 'x'", '- [list] {map}: &anchor *alias', '--- x ---']) {
      const checked = validateRunbookTitle(title);
      assert.ok(checked.ok, title);
      const parsed = parseRunbook(runbookTemplate(checked.title, today));
      assert.equal(parsed.frontMatter?.title, title);
      assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), [], title);
    }
  });

  it('refuses empty, control-character, overlong and letterless titles; folds whitespace', () => {
    assert.equal(validateRunbookTitle('   ').ok, false);
    assert.equal(validateRunbookTitle('a\u0007b').ok, false);
    assert.equal(validateRunbookTitle('x'.repeat(201)).ok, false);
    assert.equal(validateRunbookTitle('!!!').ok, false);
    const folded = validateRunbookTitle('  Two\n lines\there ');
    assert.deepEqual(folded, { ok: true, title: 'Two lines here' });
  });

  it('names the file after the title and puts it where the first glob looks', () => {
    assert.equal(runbookFileName('3. Roll Back: the Deploy!'), 'roll-back-the-deploy.md');
    assert.equal(runbookFolderFromGlobs(['runbooks/**/*.md']), 'runbooks');
    assert.equal(runbookFolderFromGlobs(['docs/ops/runbooks/*.md', 'other/**']), 'docs/ops/runbooks');
    assert.equal(runbookFolderFromGlobs(['**/*.runbook.md']), 'runbooks');
    assert.equal(runbookFolderFromGlobs(['../outside/*.md']), 'outside');
    assert.equal(runbookFolderFromGlobs([]), 'runbooks');
  });
});
