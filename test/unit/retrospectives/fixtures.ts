import type { IncidentWithTimeline, TimelineEvent } from '../../../src/core/incidents/model';
import type { ExecutionRecord } from '../../../src/core/runbooks/executionRecord';
import { IncidentBuilder } from '../../support/builders';

/** A resolved Sev 1 with a check-in, a note, a runbook step and a resolution. */
export function resolvedIncident(overrides: Partial<IncidentWithTimeline> = {}): IncidentWithTimeline {
  const incident = new IncidentBuilder()
    .id('INC-42')
    .title('Checkout latency in eu-west')
    .severity(1)
    .services('checkout', 'payments')
    .customers('acme')
    .roles({ commander: 'alice', technical: 'bob', smes: ['carol'] })
    .declaredAt('2026-11-01T10:00:00.000Z')
    .acknowledgedAt('2026-11-01T10:06:00.000Z')
    .resolvedAt('2026-11-01T11:30:00.000Z')
    .summary('Replica lag made checkout slow.')
    .build();
  const timeline: TimelineEvent[] = [
    { id: 'e1', incidentId: 'INC-42', at: '2026-11-01T10:00:00.000Z', author: 'alice', type: 'declared', severity: 1, title: incident.title },
    { id: 'e2', incidentId: 'INC-42', at: '2026-11-01T10:04:00.000Z', author: 'bob', type: 'check_in' },
    { id: 'e3', incidentId: 'INC-42', at: '2026-11-01T10:10:00.000Z', author: 'bob', type: 'note', text: 'Replica lag is 40 s' },
    {
      id: 'e4', incidentId: 'INC-42', at: '2026-11-01T10:20:03.000Z', author: 'bob', type: 'runbook_step',
      runbook: 'runbooks/replica.md', step: 'Restart replica', exitCode: 0, durationMs: 3000, command: 'systemctl restart replica',
    },
    { id: 'e5', incidentId: 'INC-42', at: '2026-11-01T11:30:00.000Z', author: 'alice', type: 'resolved' },
  ];
  return { ...incident, tags: ['database'], timeline, ...overrides };
}

/** The execution record of the same run as event e4. */
export function restartRecord(overrides: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    runbook: 'runbooks/replica.md',
    step: 'Restart replica',
    stepIndex: 2,
    command: 'systemctl restart replica',
    startedAt: '2026-11-01T10:20:00.000Z',
    durationMs: 3000,
    exitCode: 0,
    user: 'bob',
    incidentId: 'INC-42',
    ...overrides,
  };
}

export const NOW = new Date('2026-11-02T09:00:00.000Z');
