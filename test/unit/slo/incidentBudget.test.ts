import * as assert from 'node:assert/strict';
import { sloImpactLines } from '../../../src/app/retrospectives/sloImpact';
import { incidentBudgets } from '../../../src/app/slo/incidentBudgets';
import { incidentBudget, incidentBudgetLine, incidentBudgetRange } from '../../../src/core/slo/incidentBudget';
import type { SloDefinition } from '../../../src/core/slo/types';
import { resolvedIncident } from '../retrospectives/fixtures';

const DAY = 86_400_000;
function near(actual: number | null, expected: number): void {
  assert.ok(actual !== null && Math.abs(actual - expected) <= Math.abs(expected) * 1e-9, `${actual} ≠ ${expected}`);
}

const slo: SloDefinition = { name: 'checkout-ok', service: 'checkout', good: 'http_requests_total{code="ok"}', total: 'http_requests_total', target: 0.999, windowMs: 28 * DAY, windowText: '28d', source: { file: 'slos/checkout.yaml', line: 1 } };

describe('error budget an incident consumed', () => {
  it('consumed = bad in the incident / ((1 − target) × events over the window), and as minutes of the budget', () => {
    const range = incidentBudgetRange(slo, { declaredAt: '2026-11-01T10:00:00.000Z', resolvedAt: '2026-11-01T11:30:00.000Z' }, Date.parse('2026-11-02T00:00:00Z'));
    assert.deepEqual(range, { atS: Date.parse('2026-11-01T11:30:00Z') / 1000, rangeS: 5400, clipped: false, ongoing: false });
    const b = incidentBudget(slo, range, { badInIncident: 500, totalOverWindow: 2_000_000 });
    // The window allows 0.1% of 2,000,000 = 2,000 bad events: 500 is a quarter of them.
    near(b.consumed, 0.25);
    // The whole budget is 0.1% of 28 days = 40.32 minutes; a quarter of it is 10.08.
    assert.ok(Math.abs(b.budgetTotalMinutes - 40.32) < 1e-9);
    assert.ok(Math.abs((b.budgetMinutes ?? 0) - 10.08) < 1e-9);
    assert.equal(
      incidentBudgetLine(b),
      'Error budget: SLO checkout-ok (checkout, 99.9% over 28d) — 25% of the error budget consumed during the incident (500 bad of 2,000,000 events over the window; 10 min of its 40 min of budget).',
    );
  });

  it('no traffic in the window: nothing consumed, said as such (not 0 % of an unknown budget, not NaN)', () => {
    const range = incidentBudgetRange(slo, { declaredAt: '2026-11-01T10:00:00Z', resolvedAt: '2026-11-01T10:30:00Z' }, 0);
    const b = incidentBudget(slo, range, { badInIncident: 0, totalOverWindow: 0 });
    assert.equal(b.consumed, null);
    assert.equal(b.budgetMinutes, null);
    assert.match(incidentBudgetLine(b), /had no traffic in its window, so the incident consumed none of its budget\.$/);
    // Prometheus's NaN (0/0 in a query) counts as no events.
    assert.equal(incidentBudget(slo, range, { badInIncident: Number.NaN, totalOverWindow: Number.NaN }).consumed, null);
  });

  it('an incident longer than the SLO window counts only its last window, and says so', () => {
    const short: SloDefinition = { ...slo, windowMs: 3_600_000, windowText: '1h' };
    const range = incidentBudgetRange(short, { declaredAt: '2026-11-01T10:00:00Z', resolvedAt: '2026-11-01T13:00:00Z' }, 0);
    assert.equal(range.rangeS, 3600);
    assert.equal(range.clipped, true);
    // Everything failed for the whole window: the budget is spent a thousand times over, and the figure says so.
    const b = incidentBudget(short, range, { badInIncident: 1000, totalOverWindow: 1000 });
    near(b.consumed, 1000);
    assert.ok(Math.abs((b.budgetMinutes ?? 0) - 60) < 1e-9, 'a full outage over the window is the whole window in minutes');
    assert.match(incidentBudgetLine(b), /100000% of the error budget .* only its last 1h 00m count\.$/);
  });

  it('an unresolved incident is counted up to now and marked as ongoing', () => {
    const now = Date.parse('2026-11-01T10:45:10.600Z');
    const range = incidentBudgetRange(slo, { declaredAt: '2026-11-01T10:00:00.900Z' }, now);
    assert.equal(range.ongoing, true);
    assert.equal(range.atS, Math.floor(now / 1000));
    assert.equal(range.rangeS, 45 * 60 + 10);
    assert.match(incidentBudgetLine(incidentBudget(slo, range, { badInIncident: 20, totalOverWindow: 1e6 })), /2% of the error budget consumed so far during the incident \(not resolved yet\)/);
  });

  it('a resolution before the declaration (clock skew) or a zero-length incident still queries a range of 1 s; bad never exceeds total', () => {
    const range = incidentBudgetRange(slo, { declaredAt: '2026-11-01T10:00:00Z', resolvedAt: '2026-11-01T09:59:00Z' }, 0);
    assert.equal(range.rangeS, 1);
    assert.equal(range.atS, Date.parse('2026-11-01T10:00:00Z') / 1000);
    near(incidentBudget(slo, range, { badInIncident: 12, totalOverWindow: 10 }).consumed, 1000);
    assert.throws(() => incidentBudgetRange(slo, { declaredAt: 'not a time' }, 0), /no valid declaration time/);
  });

  it('escapes the SLO name and service in the markdown line (they come from files anyone may edit)', () => {
    const odd = { ...slo, name: 'a*b', service: '<img src=x>' };
    const line = incidentBudgetLine(incidentBudget(odd, incidentBudgetRange(odd, { declaredAt: '2026-11-01T10:00:00Z', resolvedAt: '2026-11-01T10:10:00Z' }, 0), { badInIncident: 1, totalOverWindow: 1e6 }));
    assert.ok(line.includes('a\\*b'), line);
    assert.ok(line.includes('\\<img src=x\\>'), line);
  });

  it('asks Prometheus for the bad events over the incident and all events over the window, both at the resolution', async () => {
    const asked: { query: string; atS: number }[] = [];
    const metrics = { instant: async (query: string, atS: number) => (asked.push({ query, atS }), query.startsWith('(') ? 30 : 100_000) };
    const [b] = await incidentBudgets([slo], { declaredAt: '2026-11-01T10:00:00Z', resolvedAt: '2026-11-01T11:30:00Z' }, metrics, 0);
    const atS = Date.parse('2026-11-01T11:30:00Z') / 1000;
    assert.deepEqual(asked.map((a) => a.atS), [atS, atS]);
    assert.equal(asked[0]?.query, '(sum(increase(http_requests_total[90m]))) - (sum(increase(http_requests_total{code="ok"}[90m])))');
    assert.equal(asked[1]?.query, 'sum(increase(http_requests_total[28d]))');
    near(b?.consumed ?? null, 30 / (0.001 * 100_000));
  });

  describe('the customer-impact lines', () => {
    const incident = resolvedIncident({ services: ['Checkout'] });
    const other: SloDefinition = { ...slo, name: 'search-ok', service: 'search' };

    it('one line per SLO of the incident’s services (case-folded); none for other services', async () => {
      const result = await sloImpactLines(incident, { slos: async () => [slo, other], metrics: { instant: async (q) => (q.startsWith('(') ? 1 : 1000) }, configureHint: 'set it' }, new Date());
      assert.equal(result.lines.length, 1);
      assert.match(result.lines[0] ?? '', /^Error budget: SLO checkout-ok .* 100% of the error budget consumed during the incident/);
      assert.deepEqual(result.warnings, []);
      assert.deepEqual(await sloImpactLines(incident, { slos: async () => [other], configureHint: 'x' }, new Date()), { lines: [], warnings: [] });
    });

    it('without Prometheus the line says where the figure would come from', async () => {
      const result = await sloImpactLines(incident, { slos: async () => [slo], configureHint: 'pass --prometheus-url' }, new Date());
      assert.deepEqual(result.warnings, []);
      assert.match(result.lines[0] ?? '', /^Error budget consumed: not computed — pass --prometheus-url to cite the budget the incident consumed of checkout-ok \(bad events between declaration and resolution, from Prometheus/);
    });

    it('a Prometheus that fails is a warning and a line saying the figure is missing, never a failed retrospective', async () => {
      const result = await sloImpactLines(incident, { slos: async () => [slo], metrics: { instant: async () => Promise.reject(new Error('connect ECONNREFUSED')) }, configureHint: 'x' }, new Date());
      assert.match(result.lines[0] ?? '', /Prometheus did not answer when this was written/);
      assert.match(result.warnings[0] ?? '', /ECONNREFUSED/);
    });
  });
});
