import * as assert from 'node:assert/strict';
import { parsePolicyFile } from '../../../src/core/policy/policyFile';
import { DEFAULT_SLO_BURN_POLICY } from '../../../src/core/policy/sections/sloBurn';
import { globToRegExp } from '../../../src/core/slo/glob';
import { parseSloFile } from '../../../src/core/slo/parse';
import { sloRules } from '../../../src/core/slo/rules';

const GOOD = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout
spec:
  service: checkout-api
  indicator:
    metadata: { name: ok }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{code!~"5.."}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: http_requests_total } } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.999 }]
`;

describe('OpenSLO files', () => {
  it('reads a ratio SLO', () => {
    const { slos, problems } = parseSloFile(GOOD, 'a.yaml');
    assert.deepEqual(problems, []);
    assert.equal(slos[0]?.name, 'checkout');
    assert.equal(slos[0]?.good, 'http_requests_total{code!~"5.."}');
    assert.equal(slos[0]?.target, 0.999);
    assert.equal(slos[0]?.windowMs, 28 * 86_400_000);
  });

  it('reports mistakes at their line and column, and no SLO from a file with errors', () => {
    const text = GOOD.replace('target: 0.999', 'target: 99.9').replace('Occurrences', 'Timeslices').replace('http_requests_total }', 'sum(x) }');
    const { slos, problems } = parseSloFile(text, 'a.yaml');
    assert.deepEqual(slos, []);
    const at = problems.map((p) => `${p.line}:${p.col} ${p.message.split(':')[0]}`);
    assert.deepEqual(at, [
      '13:67 spec.indicator.spec.ratioMetric.total.metricSource.spec.query',
      '15:20 spec.budgetingMethod',
      '16:26 spec.objectives[0].target',
    ]);
  });

  it('refuses aliases, custom tags and duplicate keys', () => {
    const aliased = GOOD.replace('  service: checkout-api', '  service: &s checkout-api\n  description: *s');
    assert.ok(parseSloFile(aliased, 'a.yaml').problems.some((p) => p.severity === 'error' && /aliases/.test(p.message) && p.line === 7));
    assert.ok(parseSloFile(GOOD.replace('kind: SLO', 'kind: !!js/function SLO'), 'a.yaml').problems.some((p) => p.severity === 'error' || p.severity === 'warning'));
    assert.ok(parseSloFile(GOOD.replace('kind: SLO', 'kind: SLO\nkind: SLO'), 'a.yaml').problems.some((p) => p.severity === 'error' && p.line === 3));
  });

  it('an alias bomb costs nothing: read node by node, never expanded', () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n`;
    const started = Date.now();
    const { slos, problems } = parseSloFile(bomb, 'bomb.yaml');
    assert.deepEqual(slos, []);
    assert.ok(problems.length > 0);
    assert.ok(Date.now() - started < 5000);
  });

  it('several documents in one file; other kinds are skipped with a warning; one name per file', () => {
    const text = `${GOOD}---\napiVersion: openslo/v1\nkind: Service\nmetadata: { name: checkout-api }\nspec: {}\n---\n${GOOD}`;
    const { problems } = parseSloFile(text, 'a.yaml');
    assert.ok(problems.some((p) => p.severity === 'warning' && /kind: Service/.test(p.message) && p.line === 19 && p.col === 7));
    assert.ok(problems.some((p) => p.severity === 'error' && /named `checkout`/.test(p.message) && p.line === 23));
  });

  it('globs', () => {
    assert.ok(globToRegExp('slos/**/*.yaml').test('slos/a.yaml'));
    assert.ok(globToRegExp('slos/**/*.yaml').test('slos/x/y/a.yaml'));
    assert.ok(!globToRegExp('slos/**/*.yaml').test('slos/a.yml'));
    assert.ok(globToRegExp('.incident-desk/slos/**/*.{yaml,yml}').test('.incident-desk/slos/a.yml'));
  });
});

describe('slo_burn policy section and the generated rules', () => {
  it('the defaults are DOMAIN.md’s; the file overrides steps and pair severities, with line-accurate errors', () => {
    assert.deepEqual(parsePolicyFile('').policy.sloBurn, DEFAULT_SLO_BURN_POLICY);
    const { policy, diagnostics } = parsePolicyFile('slo_burn:\n  exhaustion: [{ within: 1h, severity: 0 }, { within: 2d, severity: 2 }]\n  otherwise: 3\n  alerts: { 1h/5m: 1 }\n');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(policy.sloBurn.exhaustion, [
      { withinMs: 3_600_000, severity: 0 },
      { withinMs: 2 * 86_400_000, severity: 2 },
    ]);
    assert.equal(policy.sloBurn.otherwise, 3);
    assert.deepEqual(policy.sloBurn.alerts, { '1h/5m': 1, '6h/30m': 3, '3d/6h': 4 });
    const bad = parsePolicyFile('slo_burn:\n  otherwise: 7\n');
    assert.equal(bad.fromFile, false);
    assert.deepEqual(bad.diagnostics.map((d) => [d.line, d.severity]), [[1, 'error']]);
  });

  it('rules carry the policy severity per pair, service, slo and the runbook only when one fits', () => {
    const slo = parseSloFile(GOOD, 'a.yaml').slos[0];
    assert.ok(slo);
    const policy = { ...DEFAULT_SLO_BURN_POLICY, alerts: { '1h/5m': 1, '6h/30m': 2, '3d/6h': 3 } as const };
    const text = sloRules({ slos: [slo], policy, runbookFor: (_s, alert) => (alert === 'ErrorBudgetBurnSlow' ? { url: 'runbooks/slow.md' } : undefined) });
    assert.match(text, /alert: ErrorBudgetBurnFast\n\s+expr: slo:error_ratio:1h\{slo="checkout", service="checkout-api"\} > 0\.0144 and slo:error_ratio:5m\{[^}]*\} > 0\.0144\n\s+labels:\n\s+severity: critical\n\s+incident_desk_severity: "1"/);
    assert.match(text, /> 0\.006 and slo:error_ratio:30m/);
    assert.match(text, /alert: ErrorBudgetBurnSlow[\s\S]*severity: warning[\s\S]*runbook_url: runbooks\/slow\.md/);
    assert.equal(text.match(/runbook_url/g)?.length, 1);
    assert.ok(!/[&*]a1/.test(text), 'no YAML anchors in the generated file');
  });
});
