import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dangerReasons, needsConfirmation } from '../../../src/core/runbooks/danger';
import { lintRunbook } from '../../../src/core/runbooks/lint';
import { parseRunbook } from '../../../src/core/runbooks/parse';

/** The repository's runbooks/ folder, from out/test/unit/runbooks/ where this file runs. */
const folder = path.resolve(__dirname, '..', '..', '..', '..', 'runbooks');
const shipped = fs
  .readdirSync(folder)
  .filter((f) => f.endsWith('.md'))
  .map((file) => ({ file, parsed: parseRunbook(fs.readFileSync(path.join(folder, file), 'utf8')) }));

describe('shipped runbooks', () => {
  it('has the four the issue asks for', () => {
    const titles = shipped.map((s) => s.parsed.frontMatter?.title ?? '');
    for (const expected of [/MongoDB Atlas cluster/, /error-budget burn/i, /handoff/i, /Roll back a bad deploy/]) {
      assert.ok(titles.some((t) => expected.test(t)), `no runbook titled like ${String(expected)} in ${JSON.stringify(titles)}`);
    }
  });

  // Review age is measured from the newest review among them, so the test does not expire with the calendar.
  const newest = shipped.map((s) => s.parsed.frontMatter?.lastReviewed ?? '').sort().at(-1) ?? '';
  const today = new Date(`${newest}T12:00:00Z`);

  for (const { file, parsed } of shipped) {
    describe(file, () => {
      it('lints clean: no errors, warnings or notes', () => {
        assert.deepEqual(lintRunbook(parsed, { today }), []);
      });

      it('has complete front matter and several runnable steps', () => {
        const fm = parsed.frontMatter;
        assert.ok(fm?.title && fm.owner && fm.lastReviewed);
        assert.ok(fm.services.length > 0 && fm.alerts.length > 0);
        assert.ok(parsed.steps.filter((s) => s.runnable).length >= 3);
      });

      it('asks before any step that can change something real', () => {
        for (const step of parsed.steps.filter((s) => s.runnable)) {
          const changesThings = step.commands.includes('DRY_RUN') || dangerReasons(step.commands).length > 0;
          if (changesThings) assert.equal(needsConfirmation(step) && step.attributes.confirm, true, `step ${step.name}`);
        }
      });
    });
  }
});
