import * as assert from 'node:assert/strict';
import { incidentRow } from '../../../src/core/incidents/incidentRow';
import type { Incident } from '../../../src/core/incidents/model';

function incident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 'INC-1',
    title: 'Checkout API returning 5xx in eu-west-1 for a very long time and then some more words',
    severity: 1,
    status: 'identified',
    services: ['checkout-api'],
    customers: [],
    tags: [],
    roles: { smes: [] },
    declaredAt: '2026-11-01T10:00:00Z',
    summary: 'Pool exhausted',
    version: 1,
    ...overrides,
  };
}

const now = new Date('2026-11-01T10:12:00Z');

describe('incidents: the tree row', () => {
  it('puts id, status and age first, where a narrow sidebar does not cut, and the title last', () => {
    const row = incidentRow(incident(), { now, current: false, attention: false });
    assert.equal(row.label, 'INC-1 · identified · 12m');
    assert.equal(row.description, incident().title);
  });

  it('keeps the current and needs-attention flags ahead of the title', () => {
    const row = incidentRow(incident(), { now, current: true, attention: true });
    assert.equal(row.description, `● current · ⚠ needs attention · ${incident().title}`);
    assert.match(row.accessibilityLabel, /identified, declared 12m ago, .*needs attention$/);
  });

  it('shows status and age in the hover, with the title, summary and services', () => {
    const row = incidentRow(incident(), { now, current: false, attention: false });
    assert.equal(row.hover[0], 'INC-1 · Sev 1 · identified · declared 12m ago (2026-11-01T10:00:00Z)');
    assert.deepEqual(row.hover.slice(1), [incident().title, 'Pool exhausted', 'Services: checkout-api']);
  });
});
