import * as assert from 'node:assert/strict';
import {
  RECENTLY_RESOLVED_DAYS,
  recentlyResolvedSince,
  resolvedContextValue,
  resolvedGroupDescription,
  resolvedRowDescription,
  resolvedRows,
  sameResolvedView,
} from '../../../src/core/incidents/recentlyResolved';
import { IncidentBuilder } from '../../support/builders';

const now = new Date('2026-11-21T12:00:00.000Z');
const minutesAgo = (minutes: number): number => now.getTime() - minutes * 60_000;

describe('recently resolved incidents', () => {
  it('reaches back the same 14 days as the incident picker', () => {
    assert.equal(RECENTLY_RESOLVED_DAYS, 14);
    assert.equal(recentlyResolvedSince(now).toISOString(), '2026-11-07T12:00:00.000Z');
  });

  it('describes the group: the window before it is loaded, the count once fetched', () => {
    assert.equal(resolvedGroupDescription(undefined, now), 'last 14 days');
    const incidents = [new IncidentBuilder().resolvedAt('2026-11-21T10:00:00.000Z').build()];
    assert.equal(resolvedGroupDescription({ state: 'fresh', incidents, fetchedAt: minutesAgo(1) }, now), '1 · last 14 days');
  });

  it('says offline, and how old the list shown is, when the backend cannot be reached', () => {
    const incidents = [new IncidentBuilder().resolvedAt('2026-11-21T10:00:00.000Z').build()];
    assert.equal(resolvedGroupDescription({ state: 'cached', incidents, fetchedAt: minutesAgo(12), error: 'ECONNREFUSED' }, now), 'offline — as of 12m ago');
    assert.equal(resolvedGroupDescription({ state: 'unavailable', error: 'ECONNREFUSED' }, now), 'offline — not loaded yet');
  });

  it('redraws the group only when an answer would draw it differently', () => {
    const one = [new IncidentBuilder().id('INC-1').resolvedAt('2026-11-21T10:00:00.000Z').build()];
    const retitled = [new IncidentBuilder().id('INC-1').title('Checkout errors after deploy').resolvedAt('2026-11-21T10:00:00.000Z').build()];
    const shown = { state: 'fresh' as const, incidents: one, fetchedAt: minutesAgo(5) };
    assert.equal(sameResolvedView(shown, { state: 'fresh', incidents: one, fetchedAt: minutesAgo(0) }, now), true, 'a newer answer with the same rows');
    assert.equal(sameResolvedView(undefined, shown, now), false, 'nothing drawn yet');
    assert.equal(sameResolvedView(shown, { state: 'fresh', incidents: retitled, fetchedAt: minutesAgo(0) }, now), false, 'a row changed');
    assert.equal(sameResolvedView(shown, { state: 'fresh', incidents: [], fetchedAt: minutesAgo(0) }, now), false, 'a row went');
    assert.equal(sameResolvedView(shown, { state: 'cached', incidents: one, fetchedAt: minutesAgo(5), error: 'ECONNREFUSED' }, now), false, 'now offline');
    const offline = { state: 'cached' as const, incidents: one, fetchedAt: minutesAgo(5), error: 'ECONNREFUSED' };
    assert.equal(sameResolvedView(offline, { ...offline, error: 'ETIMEDOUT' }, now), true, 'still offline, same list');
  });

  it('lists the newest resolution first and leaves out incidents this window still holds as active', () => {
    const older = new IncidentBuilder().id('INC-1').resolvedAt('2026-11-20T09:00:00.000Z').build();
    const newer = new IncidentBuilder().id('INC-2').resolvedAt('2026-11-21T09:00:00.000Z').build();
    const reopened = new IncidentBuilder().id('INC-3').resolvedAt('2026-11-21T11:00:00.000Z').build();
    assert.deepEqual(resolvedRows([older, reopened, newer], new Set(['INC-3'])).map((i) => i.id), ['INC-2', 'INC-1']);
  });

  it('puts severity and age before the title, which a narrow sidebar may cut', () => {
    const incident = new IncidentBuilder().severity(2).title('Checkout latency').resolvedAt('2026-11-21T09:55:00.000Z').build();
    assert.equal(resolvedRowDescription(incident, now), 'Sev 2 · resolved 2h 05m ago · Checkout latency');
    const { resolvedAt: _dropped, ...withoutTime } = incident;
    assert.equal(resolvedRowDescription(withoutTime, now), 'Sev 2 · resolved · Checkout latency');
  });

  it('marks rows as resolved incidents, with .link when the backend has a page', () => {
    const plain = new IncidentBuilder().resolvedAt('2026-11-21T09:00:00.000Z').build();
    assert.equal(resolvedContextValue(plain), 'incident.resolved');
    assert.equal(resolvedContextValue({ ...plain, htmlUrl: 'https://example.pagerduty.com/incidents/P1' }), 'incident.resolved.link');
  });
});
