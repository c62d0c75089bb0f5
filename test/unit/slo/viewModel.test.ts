import * as assert from 'node:assert/strict';
import { DEFAULT_SLO_BURN_POLICY } from '../../../src/core/policy/sections/sloBurn';
import { computeSloStatus, type SloCounts } from '../../../src/core/slo/budget';
import type { SloDefinition } from '../../../src/core/slo/types';
import { BURN_WINDOWS } from '../../../src/core/slo/windows';
import { budgetBar, declarationFromSlo, fastBurnWarning, serviceGroups } from '../../../src/editor/slo/viewModel';

// The SLOs view's model, in memory (it imports nothing from VS Code): the view itself
// is a thin TreeDataProvider over it.
function status(name: string, service: string, badShare: number, recentBadShare = badShare) {
  const slo: SloDefinition = { name, service, good: 'g', total: 't', target: 0.99, windowMs: 30 * 86_400_000, windowText: '30d', source: { file: 'f', line: 1 } };
  const counts: SloCounts = {
    window: { total: 10_000, bad: 10_000 * badShare },
    burn: Object.fromEntries(BURN_WINDOWS.map((w) => [w, { total: 1000, bad: 1000 * recentBadShare }])) as SloCounts['burn'],
  };
  return computeSloStatus(slo, counts, DEFAULT_SLO_BURN_POLICY);
}

describe('SLOs view model', () => {
  it('a budget bar of ten cells, clamped, with the real figure', () => {
    assert.equal(budgetBar(1), '██████████ 100%');
    assert.equal(budgetBar(0.52), '█████░░░░░ 52%');
    assert.equal(budgetBar(-0.5), '░░░░░░░░░░ -50%');
  });

  it('groups SLOs per service with the runbooks that name it and its open incidents; the worst state wins', () => {
    const groups = serviceGroups(
      [status('checkout-ok', 'checkout-api', 0.001), status('checkout-fast', 'checkout-api', 0.005, 0.5), status('settings', 'settings-web', 0)],
      [
        { path: 'runbooks/a.md', title: 'Triage', services: ['Checkout-API'] },
        { path: 'runbooks/b.md', title: 'Other', services: ['billing'] },
      ],
      [
        { id: 'INC-1', title: 'Open one', severity: 2, status: 'investigating', services: ['checkout-api'] },
        { id: 'INC-2', title: 'Done', severity: 3, status: 'resolved', services: ['checkout-api'] },
      ],
    );
    assert.deepEqual(groups.map((g) => [g.service, g.state]), [['checkout-api', 'fast burn'], ['settings-web', 'ok']]);
    assert.deepEqual(groups[0]?.runbooks, [{ path: 'runbooks/a.md', title: 'Triage' }]);
    assert.deepEqual(groups[0]?.incidents.map((i) => i.id), ['INC-1']);
    assert.match(groups[0]?.slos[1]?.description ?? '', /fast burn · 50\.0× \(1h\)$/);
    assert.match(groups[0]?.slos[1]?.tooltip ?? '', /Firing 1h\/5m, 6h\/30m, 3d\/6h/);
  });

  it('the status bar warns only while a fast pair fires', () => {
    assert.equal(fastBurnWarning([status('a', 's', 0.001)]), undefined);
    assert.equal(fastBurnWarning([status('a', 's', 0.001, 0.02)]), undefined, '2× fires only the slow pair');
    assert.equal(fastBurnWarning([status('a', 's', 0.001, 0.5)]), 'Fast burn: a');
    assert.equal(fastBurnWarning([status('a', 's', 0.001, 0.5), status('b', 's', 0.001, 0.2)]), 'Fast burn: 2 SLOs');
  });

  it('Declare from SLO: prefilled title, the service, the computed severity and the burn figures as the note', () => {
    const declaration = declarationFromSlo(status('checkout-fast', 'checkout-api', 0.005, 0.5));
    assert.equal(declaration.title, 'checkout-api: error budget fast burn on checkout-fast');
    assert.deepEqual(declaration.services, ['checkout-api']);
    // Half the budget left, burning 50×: 30d × 0.5 / 50 = 7.2 h → Sev 2.
    assert.equal(declaration.severity, 2);
    assert.match(declaration.note, /Budget left 50\.0%.*Burn 5m 50\.0×.*→ Sev 2/);
  });
});
