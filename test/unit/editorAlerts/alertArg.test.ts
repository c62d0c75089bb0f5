import * as assert from 'node:assert/strict';
import type { Incident, IncidentAlert } from '../../../src/core/incidents/model';
import { alertArg } from '../../../src/editor/alerts/alertArg';
import { fittingRunbooks } from '../../../src/editor/incidents/fittingRunbooks';
import type { RunbookSummary } from '../../../src/editor/shared/runbookCatalog';

describe('alert rows in the editor', () => {
  describe('the alert argument of Open Alert Source / Open Alert Runbook Link', () => {
    it('takes a tree row or { incidentId, fingerprint } and keeps only those two', () => {
      const row = { kind: 'alert', incidentId: ' INC-4 ', fingerprint: 'a1b2', row: { generatorUrl: 'javascript:alert(1)' } };
      assert.deepEqual(alertArg(row), { ok: true, value: { incidentId: 'INC-4', fingerprint: 'a1b2' } });
      assert.deepEqual(alertArg({ incidentId: 'INC-4', fingerprint: 'ff' }), { ok: true, value: { incidentId: 'INC-4', fingerprint: 'ff' } });
    });

    it('refuses a URL, nothing, a missing fingerprint, control characters and oversized ids', () => {
      for (const bad of [undefined, null, 'https://example.com', ['INC-4', 'ff'], { incidentId: 'INC-4' }, { fingerprint: 'ff' }, { incidentId: 'INC-4', fingerprint: 'f\nf' }, { incidentId: 'x'.repeat(10_000), fingerprint: 'ff' }, { incidentId: 'INC-4', fingerprint: '  ' }]) {
        const checked = alertArg(bad);
        assert.equal(checked.ok, false, `refuses ${JSON.stringify(bad)}`);
        assert.ok(!checked.ok && /alert/.test(checked.problem), 'says it wanted an alert');
      }
    });
  });

  describe('why a runbook fits', () => {
    const alert = (name: string, status: IncidentAlert['status']): IncidentAlert => ({ fingerprint: name, name, status, labels: { alertname: name }, annotations: {}, startsAt: '2026-12-01T10:00:00Z' });
    const incident = (alerts: IncidentAlert[] | undefined, services: string[], tags: string[]): Incident =>
      ({ id: 'INC-1', title: 'Checkout errors', severity: 2, status: 'investigating', services, tags, roles: { smes: [] }, declaredAt: '2026-12-01T10:00:00Z', summary: '', version: 1, ...(alerts ? { alerts } : {}) }) as unknown as Incident;
    const runbook = (path: string, services: string[], alerts: string[]): RunbookSummary => ({ uri: undefined as never, path, title: path, services, alerts, stale: false, shipped: false });

    it('names the incident’s alert the runbook lists first, once, then the service', () => {
      const fits = fittingRunbooks([runbook('rollback.md', ['checkout-api'], ['DeployErrorRateHigh'])], incident([alert('deployerrorratehigh', 'firing')], ['checkout-api'], ['deployerrorratehigh']));
      assert.deepEqual(fits.map((fit) => fit.reasons), [['alert DeployErrorRateHigh', 'service checkout-api']]);
    });

    it('keeps the service or tag reason for an incident a person declared', () => {
      const fits = fittingRunbooks([runbook('db.md', ['orders-db'], []), runbook('tagged.md', [], ['HighLatency']), runbook('other.md', ['search'], [])], incident(undefined, ['orders-db'], ['HighLatency']));
      assert.deepEqual(fits.map((fit) => [fit.runbook.path, fit.reasons]), [['db.md', ['service orders-db']], ['tagged.md', ['alert HighLatency']]]);
    });
  });
});
