import * as assert from 'node:assert/strict';
import { DEFAULT_SLO_BURN_POLICY } from '../../../src/core/policy/sections/sloBurn';
import { burnState, computeSloStatus, firingPairs, severityFromExhaustion, type SloCounts, type WindowCounts } from '../../../src/core/slo/budget';
import type { SloDefinition } from '../../../src/core/slo/types';
import { BURN_WINDOWS, burnWindowMs, promDuration } from '../../../src/core/slo/windows';

const DAY_S = 86_400;
const slo: SloDefinition = {
  name: 'checkout',
  service: 'checkout-api',
  good: 'ok_total',
  total: 'all_total',
  target: 0.995,
  windowMs: 30 * DAY_S * 1000,
  windowText: '30d',
  source: { file: 'x.yaml', line: 1 },
};

function counts(window: WindowCounts, burn: Partial<Record<(typeof BURN_WINDOWS)[number], WindowCounts>> = {}): SloCounts {
  return { window, burn: Object.fromEntries(BURN_WINDOWS.map((w) => [w, burn[w] ?? window])) as SloCounts['burn'] };
}

describe('SLO maths', () => {
  it('no traffic: no SLI, the whole budget left, nothing burning, the lowest severity', () => {
    const status = computeSloStatus(slo, counts({ total: 0, bad: 0 }), DEFAULT_SLO_BURN_POLICY);
    assert.equal(status.sli, null);
    assert.equal(status.budgetRemaining, 1);
    assert.deepEqual(Object.values(status.burnRates), [0, 0, 0, 0, 0]);
    assert.deepEqual(status.firing, []);
    assert.equal(status.exhaustionS, null);
    assert.equal(status.budgetRemainingS, null);
    assert.equal(status.severity, 4);
    assert.equal(burnState(status), 'ok');
  });

  it('100% errors: SLI 0, the budget overspent 200-fold, every pair firing, exhausted now → Sev 1', () => {
    const status = computeSloStatus(slo, counts({ total: 1000, bad: 1000 }), DEFAULT_SLO_BURN_POLICY);
    assert.equal(status.sli, 0);
    assert.ok(Math.abs(status.budgetRemaining - (1 - 1 / 0.005)) < 1e-9);
    assert.ok(Math.abs(status.burnRates['5m'] - 200) < 1e-9);
    assert.deepEqual(status.firing, ['1h/5m', '6h/30m', '3d/6h']);
    assert.equal(status.exhaustionS, 0);
    assert.equal(status.severity, 1);
    assert.equal(burnState(status), 'fast burn');
  });

  it('the budget as time: 99.5% over 30 days is 3.6 hours; remaining at the current traffic', () => {
    // 0.25% bad over the window: half the budget spent; current traffic 3600 events per hour.
    const status = computeSloStatus(slo, counts({ total: 1_000_000, bad: 2500 }, { '1h': { total: 3600, bad: 9 } }), DEFAULT_SLO_BURN_POLICY);
    assert.ok(Math.abs(status.budgetTotalS - 3.6 * 3600) < 1e-6);
    assert.ok(Math.abs(status.budgetRemaining - 0.5) < 1e-9);
    // 2500 bad events still allowed, at one event a second.
    assert.ok(Math.abs((status.budgetRemainingS ?? 0) - 2500) < 1e-6);
    assert.ok(Math.abs(status.consumedPerDay - 0.5 / 30) < 1e-9);
    // Current burn 0.5×: half the budget lasts 30 days at that pace.
    assert.ok(Math.abs(status.burnRates['1h'] - 0.5) < 1e-9);
    assert.ok(Math.abs((status.exhaustionS ?? 0) - 30 * DAY_S) < 1e-3);
    assert.equal(status.severity, 4, 'exactly 30 days is not "within 30 days"');
  });

  it('the exhaustion thresholds are strict: just under each boundary moves a level up', () => {
    const p = DEFAULT_SLO_BURN_POLICY;
    assert.equal(severityFromExhaustion(0, p), 1);
    assert.equal(severityFromExhaustion(30 * 60 - 1, p), 1);
    assert.equal(severityFromExhaustion(30 * 60, p), 2);
    assert.equal(severityFromExhaustion(24 * 3600 - 1, p), 2);
    assert.equal(severityFromExhaustion(24 * 3600, p), 3);
    assert.equal(severityFromExhaustion(30 * DAY_S - 1, p), 3);
    assert.equal(severityFromExhaustion(30 * DAY_S, p), 4);
    assert.equal(severityFromExhaustion(null, p), 4);
  });

  it('a pair fires only when both its windows burn strictly above the threshold', () => {
    const rates = { '5m': 14.4, '30m': 0, '1h': 20, '6h': 0, '3d': 0 };
    assert.deepEqual(firingPairs(rates), [], 'exactly 14.4 does not fire, as the rule uses >');
    assert.deepEqual(firingPairs({ ...rates, '5m': 14.5 }), ['1h/5m']);
    assert.deepEqual(firingPairs({ '5m': 100, '30m': 100, '1h': 1, '6h': 1.5, '3d': 1.2 }), ['3d/6h'], 'a spike in the short windows alone does not page');
    assert.equal(burnState({ firing: ['3d/6h'] }), 'slow burn');
  });

  it('burn windows: standard for 28 days and longer, scaled in proportion below', () => {
    assert.equal(promDuration(burnWindowMs('1h', 28 * DAY_S * 1000)), '1h');
    assert.equal(promDuration(burnWindowMs('3d', 90 * DAY_S * 1000)), '3d');
    assert.equal(promDuration(burnWindowMs('5m', 7 * DAY_S * 1000)), '70s');
    assert.equal(promDuration(burnWindowMs('1h', 12 * 3600 * 1000)), '1m');
    assert.equal(burnWindowMs('5m', 60_000), 1000, 'never under a second');
  });

  it('a budget already spent with nothing failing now: no exhaustion time, the lowest severity', () => {
    const status = computeSloStatus(slo, counts({ total: 1000, bad: 10 }, { '1h': { total: 100, bad: 0 } }), DEFAULT_SLO_BURN_POLICY);
    assert.ok(status.budgetRemaining < 0);
    assert.equal(status.exhaustionS, null);
    assert.equal(status.severity, 4);
    assert.equal(status.budgetRemainingS, 0);
  });
});
