import type { IncidentWithTimeline, Severity, TimelineEvent } from '../../../src/core/incidents/model';
import type { FollowUp } from '../../../src/core/retrospectives/followUps';
import type { RetroFrontMatter } from '../../../src/core/retrospectives/frontMatter';
import type { InsightsInput, RetrospectiveFacts } from '../../../src/core/insights/types';

let counter = 0;

/** An incident declared at `declared`, optionally checked in and resolved after so many seconds. */
export function incident(
  id: string,
  declared: string,
  options: { severity?: Severity; checkInS?: number; resolveS?: number; services?: string[]; roles?: { role: 'commander' | 'technical' | 'sme'; who: string; atS: number }[]; title?: string } = {},
): IncidentWithTimeline {
  const declaredMs = Date.parse(declared);
  const at = (s: number): string => new Date(declaredMs + s * 1000).toISOString();
  const severity = options.severity ?? 1;
  const timeline: TimelineEvent[] = [{ id: `e${++counter}`, incidentId: id, at: at(0), author: 'alert', type: 'declared', severity, title: id }];
  for (const r of options.roles ?? []) timeline.push({ id: `e${++counter}`, incidentId: id, at: at(r.atS), author: 'lead', type: 'role_assigned', role: r.role, assignee: r.who });
  if (options.checkInS !== undefined) timeline.push({ id: `e${++counter}`, incidentId: id, at: at(options.checkInS), author: 'bob', type: 'check_in' });
  if (options.resolveS !== undefined) timeline.push({ id: `e${++counter}`, incidentId: id, at: at(options.resolveS), author: 'bob', type: 'resolved' });
  const roles: IncidentWithTimeline['roles'] = { smes: [] };
  for (const r of options.roles ?? []) {
    if (r.role === 'sme') roles.smes.push(r.who);
    else roles[r.role] = r.who;
  }
  return {
    id,
    title: options.title ?? id,
    severity,
    status: options.resolveS === undefined ? 'investigating' : 'resolved',
    services: options.services ?? [],
    customers: [],
    tags: [],
    roles,
    declaredAt: new Date(declaredMs).toISOString(),
    ...(options.resolveS === undefined ? {} : { resolvedAt: at(options.resolveS) }),
    summary: '',
    version: 1,
    timeline,
  };
}

export function retro(id: string, declared: string, fields: Partial<RetroFrontMatter> = {}, extra: { factors?: string[]; followUps?: Partial<FollowUp>[] } = {}): RetrospectiveFacts {
  const frontMatter: RetroFrontMatter = {
    id,
    title: `Retro of ${id}`,
    severity: 1,
    status: 'published',
    services: [],
    customers: [],
    tags: [],
    declared_at: declared,
    acknowledged_at: null,
    resolved_at: null,
    time_to_action_s: null,
    duration_s: null,
    roles: { smes: [] },
    contributing_factors: [],
    follow_ups: [],
    trigger_commits: [],
    fix_commits: [],
    ...fields,
  };
  return {
    path: `retrospectives/${id}.md`,
    frontMatter,
    contributingFactors: [...frontMatter.contributing_factors, ...(extra.factors ?? [])],
    followUps: (extra.followUps ?? []).map((f, i) => ({ line: 10 + i, title: `Task ${i}`, owner: '@alice', due: '2026-12-01', done: false, issue: null, ...f })),
  };
}

export function input(overrides: Partial<InsightsInput> = {}): InsightsInput {
  return {
    window: { sinceMs: Date.parse('2026-10-01T00:00:00Z'), untilMs: Date.parse('2026-12-01T00:00:00Z') },
    nowMs: Date.parse('2026-12-01T12:00:00Z'),
    incidents: [],
    retrospectives: [],
    deploys: [],
    settings: { timeZone: 'Europe/Berlin', workingHours: { startMinute: 9 * 60, endMinute: 18 * 60 }, timeToActionKpiMs: { 0: 5 * 60_000, 1: 30 * 60_000 } },
    ...overrides,
  };
}
