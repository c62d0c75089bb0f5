import * as assert from 'node:assert/strict';
import { incidentClocks, missingRoles, needsAttention } from '../../../src/core/incidents/clocks';
import { formatDuration, parseDuration } from '../../../src/core/incidents/duration';
import type { TimelineEvent } from '../../../src/core/incidents/model';
import { DEFAULT_POLICY } from '../../../src/core/incidents/policy';
import { IncidentBuilder } from '../../support/builders';

const declared = '2026-11-21T10:00:00.000Z';
const at = (minutes: number): Date => new Date(Date.parse(declared) + minutes * 60_000);

describe('incident clocks', () => {
  it('time to action runs, then is overdue past the Sev 0 KPI of 5 minutes', () => {
    const incident = new IncidentBuilder().severity(0).declaredAt(declared).build();
    const early = incidentClocks(incident, [], DEFAULT_POLICY, at(2)).find((c) => c.kind === 'time_to_action');
    const late = incidentClocks(incident, [], DEFAULT_POLICY, at(7)).find((c) => c.kind === 'time_to_action');
    assert.equal(early?.state, 'ok');
    assert.equal(late?.state, 'overdue');
    assert.equal(late?.label, 'No check-in for 7m');
  });

  it('records a met or missed KPI once somebody checked in', () => {
    const met = new IncidentBuilder().severity(1).declaredAt(declared).acknowledgedAt(at(12).toISOString()).build();
    const missed = new IncidentBuilder().severity(1).declaredAt(declared).acknowledgedAt(at(45).toISOString()).build();
    assert.equal(incidentClocks(met, [], DEFAULT_POLICY, at(60))[0]?.state, 'met');
    assert.equal(incidentClocks(missed, [], DEFAULT_POLICY, at(60))[0]?.state, 'missed');
  });

  it('escalates to an SME after the policy interval (Sev 1: 2 h)', () => {
    const incident = new IncidentBuilder().severity(1).declaredAt(declared).acknowledgedAt(at(1).toISOString()).build();
    const sme = (minutes: number) => incidentClocks(incident, [], DEFAULT_POLICY, at(minutes)).find((c) => c.kind === 'consult_sme');
    assert.equal(sme(30)?.state, 'ok');
    assert.equal(sme(100)?.state, 'due_soon');
    assert.equal(sme(121)?.state, 'overdue');
    assert.equal(sme(150)?.label, 'Consult an SME overdue by 30m');
  });

  it('status update cadence restarts at the latest update', () => {
    const incident = new IncidentBuilder().severity(1).declaredAt(declared).acknowledgedAt(at(1).toISOString()).build();
    const update: TimelineEvent = { id: 'e1', incidentId: incident.id, at: at(20).toISOString(), author: 'bob', type: 'status_update', audience: 'executive', conditions: 'c', actions: 'a', needs: 'n' };
    const cadence = (timeline: TimelineEvent[]) => incidentClocks(incident, timeline, DEFAULT_POLICY, at(30)).find((c) => c.kind === 'status_update');
    assert.equal(cadence([])?.state, 'overdue');
    assert.equal(cadence([update])?.state, 'ok');
    assert.equal(cadence([update])?.label, 'Status update due in 5m');
  });

  it('Sev 3 has no status cadence and no time-to-action KPI', () => {
    const incident = new IncidentBuilder().severity(3).declaredAt(declared).build();
    const clocks = incidentClocks(incident, [], DEFAULT_POLICY, at(600));
    assert.equal(clocks.find((c) => c.kind === 'status_update'), undefined);
    assert.equal(clocks.find((c) => c.kind === 'time_to_action')?.state, 'ok');
  });

  it('asks for a commander handoff on long incidents', () => {
    const incident = new IncidentBuilder().severity(2).declaredAt(declared).acknowledgedAt(at(1).toISOString()).build();
    assert.equal(incidentClocks(incident, [], DEFAULT_POLICY, at(60)).find((c) => c.kind === 'commander_handoff'), undefined);
    assert.equal(incidentClocks(incident, [], DEFAULT_POLICY, at(9 * 60)).find((c) => c.kind === 'commander_handoff')?.state, 'overdue');
  });

  it('a resolved incident keeps only its time to action', () => {
    const incident = new IncidentBuilder().severity(0).declaredAt(declared).acknowledgedAt(at(3).toISOString()).resolvedAt(at(90).toISOString()).build();
    assert.deepEqual(incidentClocks(incident, [], DEFAULT_POLICY, at(600)).map((c) => c.kind), ['time_to_action']);
  });

  it('flags required roles nobody holds', () => {
    const incident = new IncidentBuilder().severity(0).roles({ commander: 'alice' }).build();
    assert.deepEqual(missingRoles(incident, DEFAULT_POLICY), ['communications', 'technical']);
    assert.equal(needsAttention(incident, [], DEFAULT_POLICY, new Date(incident.declaredAt)), true);
    const sev3 = new IncidentBuilder().severity(3).declaredAt(declared).build();
    assert.equal(needsAttention(sev3, [], DEFAULT_POLICY, at(1)), false);
  });
});

describe('durations', () => {
  it('parses policy durations', () => {
    assert.equal(parseDuration('15m'), 15 * 60_000);
    assert.equal(parseDuration('1h30m'), 90 * 60_000);
    assert.equal(parseDuration(5), 5 * 60_000);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseDuration('-5m'), undefined);
  });

  it('formats for the tree', () => {
    assert.equal(formatDuration(42_000), '42s');
    assert.equal(formatDuration(3 * 3_600_000 + 5 * 60_000), '3h 05m');
    assert.equal(formatDuration(50 * 3_600_000), '2d 2h');
  });
});
