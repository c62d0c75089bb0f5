import * as assert from 'node:assert/strict';
import { DEFAULT_SLO_BURN_POLICY } from '../../../src/core/policy/sections/sloBurn';
import { computeSloStatus, type SloCounts } from '../../../src/core/slo/budget';
import { declareSnapshotNote, sloFigureLines, slosOfServices } from '../../../src/core/slo/snapshot';
import type { SloDefinition } from '../../../src/core/slo/types';
import { BURN_WINDOWS } from '../../../src/core/slo/windows';
import { sloSectionDescription, sloSectionMarkdown } from '../../../src/editor/incidents/sloSection';
import { declarationFromSlo, sloRow } from '../../../src/editor/slo/viewModel';

function status(name: string, service: string, recentBadShare: number) {
  const slo: SloDefinition = { name, service, good: 'g', total: 't', target: 0.99, windowMs: 30 * 86_400_000, windowText: '30d', source: { file: 'f', line: 1 } };
  const counts: SloCounts = {
    window: { total: 10_000, bad: 20 },
    burn: Object.fromEntries(BURN_WINDOWS.map((w) => [w, { total: 1000, bad: 1000 * recentBadShare }])) as SloCounts['burn'],
  };
  return computeSloStatus(slo, counts, DEFAULT_SLO_BURN_POLICY);
}

describe('SLO snapshot at declare time (one formatter for the view, Declare from SLO and Declare Incident)', () => {
  const fast = status('checkout-ok', 'checkout-api', 0.5);
  const calm = status('checkout-latency', 'checkout-api', 0);

  it('one SLO: the figures on one line, the same text Declare from SLO posts and the view’s tooltip shows', () => {
    const note = declareSnapshotNote([fast]);
    assert.equal(note, `SLO at declare time — ${sloFigureLines(fast).join('; ')}.`);
    assert.match(note ?? '', /^SLO at declare time — checkout-ok — 99\.00% over 30d; SLI 99\.800%; Budget left 80\.0%.*; Burn 5m 50\.0×.*; Firing 1h\/5m, 6h\/30m, 3d\/6h; budget gone in \d+h \d+m → Sev 2\.$/);
    assert.equal(declarationFromSlo(fast).note, note);
    assert.equal(sloRow(fast).tooltip, sloFigureLines(fast).join('\n'));
  });

  it('several SLOs: a line each with its state; none: no note', () => {
    const note = declareSnapshotNote([fast, calm]) ?? '';
    const lines = note.split('\n');
    assert.equal(lines[0], 'SLOs at declare time:');
    assert.match(lines[1] ?? '', /^- checkout-ok — .* \(fast burn\)\.$/);
    assert.match(lines[2] ?? '', /^- checkout-latency — .*Firing none; not burning → Sev 4 \(ok\)\.$/);
    assert.equal(declareSnapshotNote([]), undefined);
  });

  it('the SLOs of an incident’s services, compared trimmed and case-folded', () => {
    const other = status('search-ok', 'search', 0);
    assert.deepEqual(slosOfServices([fast, other, calm], [' Checkout-API ']).map((s) => s.name), ['checkout-ok', 'checkout-latency']);
    assert.deepEqual(slosOfServices([fast], []), []);
  });

  it('the incident’s SLOs section: worst state and count; the document section escapes names and is empty without SLOs', () => {
    assert.equal(sloSectionDescription([calm, fast]), 'fast burn · 2 SLOs');
    assert.equal(sloSectionDescription([calm]), 'ok · 1 SLO');
    assert.equal(sloSectionMarkdown([]), '');
    const markdown = sloSectionMarkdown([{ ...fast, name: 'a*b' }]);
    assert.match(markdown, /^\n## SLOs\n/);
    assert.ok(markdown.includes('- **a\\*b — 99.00% over 30d** (fast burn)'), markdown);
    assert.match(markdown, /\n {2}- Firing 1h\/5m, 6h\/30m, 3d\/6h\n/);
  });
});
