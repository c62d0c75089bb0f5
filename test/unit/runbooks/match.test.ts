import * as assert from 'node:assert/strict';
import { matchReasons, runbooksForIncident } from '../../../src/core/runbooks/match';
import { parseRunbook } from '../../../src/core/runbooks/parse';
import { IncidentBuilder } from '../../support/builders';

function summary(path: string, services: string[], alerts: string[]) {
  const text = ['---', `services: [${services.join(', ')}]`, `alerts: [${alerts.join(', ')}]`, '---'].join('\n');
  return { path, frontMatter: parseRunbook(text).frontMatter };
}

describe('runbooksForIncident', () => {
  const runbooks = [
    summary('runbooks/rollback.md', ['checkout-api'], []),
    summary('runbooks/latency.md', ['settings-web', 'checkout-api'], ['HighLatencyP99', 'ErrorBudgetBurnFast']),
    summary('runbooks/atlas.md', ['orders-db'], ['MongoClusterDown']),
    { path: 'runbooks/broken.md', frontMatter: undefined },
  ];

  it('matches services and alerts against services and tags, ignoring case, best first', () => {
    // No tags setter on the builder; an Incident is plain data.
    const incident = { ...new IncidentBuilder().services('Checkout-API').build(), tags: ['errorbudgetburnfast'] };
    const found = runbooksForIncident(runbooks, incident);
    assert.deepEqual(found.map((r) => r.path), ['runbooks/latency.md', 'runbooks/rollback.md']);
    assert.deepEqual(matchReasons(found[0]?.frontMatter, { services: ['Checkout-API'], tags: ['errorbudgetburnfast'], title: '' }), [
      'service checkout-api',
      'alert ErrorBudgetBurnFast',
    ]);
  });

  it('matches an alert named in the title, and nothing for unrelated incidents', () => {
    assert.deepEqual(
      runbooksForIncident(runbooks, { services: [], tags: [], title: 'MongoClusterDown: orders primary unreachable' }).map((r) => r.path),
      ['runbooks/atlas.md'],
    );
    assert.deepEqual(runbooksForIncident(runbooks, { services: ['billing'], tags: ['customer:acme'], title: 'Invoices late' }), []);
  });
});
