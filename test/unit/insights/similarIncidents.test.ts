import * as assert from 'node:assert/strict';
import { similarIncidents } from '../../../src/core/insights/similarIncidents';
import { retro } from './fixtures';

describe('similar past incidents', () => {
  const retros = [
    retro('INC-1', '2026-09-01T10:00:00Z', { title: 'Checkout 5xx above 2%', services: ['checkout-api'], contributing_factors: ['Cache stampede'] }),
    retro('INC-2', '2026-10-01T10:00:00Z', { title: 'Search latency', services: ['checkout-api'] }),
    retro('INC-3', '2026-10-05T10:00:00Z', { title: 'Checkout 5xx above 7%', services: ['payments'] }),
    retro('INC-4', '2026-10-06T10:00:00Z', { title: 'Disk full', services: ['batch'], tags: ['alert:DiskFull'] }),
    retro('INC-9', '2026-11-01T10:00:00Z', { title: 'Checkout 5xx above 3%', services: ['checkout-api'] }),
  ];

  it('ranks shared factors over the same alert over a shared service, and leaves the incident itself out', () => {
    const found = similarIncidents({ id: 'INC-9', title: 'Checkout 5xx above 3%', services: ['checkout-api'], tags: [], contributingFactors: ['cache stampede.'] }, retros);
    assert.deepEqual(found.map((f) => f.id), ['INC-1', 'INC-3', 'INC-2']);
    assert.deepEqual(found[0]?.reasons.map((r) => r.kind), ['factor', 'alert', 'service']);
    assert.equal(found[0]?.retrospectivePath, 'retrospectives/INC-1.md');
    assert.deepEqual(found[1]?.reasons, [{ kind: 'alert', value: 'title:checkout #xx above #%' }]);
  });

  it('matches alert tags and finds nothing for an unrelated incident', () => {
    assert.deepEqual(similarIncidents({ id: 'INC-10', title: 'Node out of space', services: [], tags: ['alert:diskfull'] }, retros).map((f) => f.id), ['INC-4']);
    assert.deepEqual(similarIncidents({ id: 'INC-11', title: 'Login loop', services: ['auth'], tags: [] }, retros), []);
  });
});
