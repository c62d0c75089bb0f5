import { SINGLE_ROLES, type IncidentWithTimeline, type Severity } from '../incidents/model';
import type { RetrospectiveFacts } from './types';

/** One incident as the measures see it: the backend's record, filled in from its retrospective. */
export interface IncidentFacts {
  id: string;
  title: string;
  severity: Severity;
  services: string[];
  customers: string[];
  tags: string[];
  declaredMs: number;
  resolvedMs: number | undefined;
  /** Declared → first check-in (or acknowledgement); undefined when nobody checked in. */
  timeToActionMs: number | undefined;
  /** Who held a role, from when to when (undefined: still holding it on an active incident). */
  roleSpans: RoleSpan[];
  retrospective: RetrospectiveFacts | undefined;
}

export interface RoleSpan {
  person: string;
  fromMs: number;
  toMs: number | undefined;
}

/**
 * The incidents declared in [since, until): the backend's, and those only a
 * retrospective knows (the backend forgot them, or insights runs offline). Lists such
 * as services are the union of both, because PagerDuty has no customers or tags and a
 * retrospective is where a team adds them.
 */
export function incidentFacts(
  incidents: readonly IncidentWithTimeline[],
  retrospectives: readonly RetrospectiveFacts[],
  window: { sinceMs: number; untilMs: number },
): IncidentFacts[] {
  const retroById = new Map<string, RetrospectiveFacts>();
  for (const retro of retrospectives) if (!retroById.has(retro.frontMatter.id)) retroById.set(retro.frontMatter.id, retro);
  const seen = new Set<string>();
  const out: IncidentFacts[] = [];
  const inWindow = (ms: number): boolean => ms >= window.sinceMs && ms < window.untilMs;
  for (const incident of incidents) {
    if (seen.has(incident.id)) continue;
    seen.add(incident.id);
    const declaredMs = Date.parse(incident.declaredAt);
    if (Number.isNaN(declaredMs) || !inWindow(declaredMs)) continue;
    out.push(fromBackend(incident, declaredMs, retroById.get(incident.id)));
  }
  for (const retro of retroById.values()) {
    if (seen.has(retro.frontMatter.id)) continue;
    const declaredMs = Date.parse(retro.frontMatter.declared_at);
    if (Number.isNaN(declaredMs) || !inWindow(declaredMs)) continue;
    out.push(fromRetrospective(retro, declaredMs));
  }
  return out.sort((a, b) => a.declaredMs - b.declaredMs || a.id.localeCompare(b.id));
}

function fromBackend(incident: IncidentWithTimeline, declaredMs: number, retro: RetrospectiveFacts | undefined): IncidentFacts {
  const resolved = incident.resolvedAt === undefined ? Number.NaN : Date.parse(incident.resolvedAt);
  const resolvedMs = Number.isNaN(resolved) ? undefined : resolved;
  let firstCheckIn = Number.POSITIVE_INFINITY;
  for (const event of incident.timeline) {
    if (event.type !== 'check_in') continue;
    const at = Date.parse(event.at);
    if (at < firstCheckIn) firstCheckIn = at;
  }
  if (firstCheckIn === Number.POSITIVE_INFINITY && incident.acknowledgedAt !== undefined) firstCheckIn = Date.parse(incident.acknowledgedAt);
  const fm = retro?.frontMatter;
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    services: union(incident.services, fm?.services),
    customers: union(incident.customers, fm?.customers),
    tags: union(incident.tags, fm?.tags),
    declaredMs,
    resolvedMs,
    timeToActionMs: Number.isFinite(firstCheckIn) ? Math.max(0, firstCheckIn - declaredMs) : undefined,
    roleSpans: roleSpansOf(incident, declaredMs, resolvedMs),
    retrospective: retro,
  };
}

function fromRetrospective(retro: RetrospectiveFacts, declaredMs: number): IncidentFacts {
  const fm = retro.frontMatter;
  const resolved = fm.resolved_at === null ? Number.NaN : Date.parse(fm.resolved_at);
  const resolvedMs = Number.isNaN(resolved) ? undefined : resolved;
  const people = [fm.roles.commander, fm.roles.communications, fm.roles.technical, fm.roles.scribe, ...fm.roles.smes].filter(
    (p): p is string => typeof p === 'string' && p !== '',
  );
  // The front matter keeps who held a role, not since when: each is counted for the whole incident.
  const roleSpans = [...new Set(people)].map((person) => ({ person, fromMs: declaredMs, toMs: resolvedMs }));
  return {
    id: fm.id,
    title: fm.title,
    severity: fm.severity,
    services: [...fm.services],
    customers: [...fm.customers],
    tags: [...fm.tags],
    declaredMs,
    resolvedMs,
    timeToActionMs: fm.time_to_action_s === null ? undefined : fm.time_to_action_s * 1000,
    roleSpans,
    retrospective: retro,
  };
}

/**
 * Role assignments become spans: a single role (commander …) passes to the next
 * assignee; an SME keeps the role until the incident ends. Roles the incident holds
 * with no assignment event (a backend without role events) count from the declaration.
 */
function roleSpansOf(incident: IncidentWithTimeline, declaredMs: number, resolvedMs: number | undefined): RoleSpan[] {
  const spans: RoleSpan[] = [];
  const holding = new Map<string, RoleSpan>();
  const assignments = incident.timeline
    .filter((e) => e.type === 'role_assigned')
    .map((e) => ({ role: e.role, assignee: e.assignee, at: Date.parse(e.at) }))
    .filter((e) => !Number.isNaN(e.at))
    .sort((a, b) => a.at - b.at);
  const seenRoles = new Set<string>();
  for (const assignment of assignments) {
    seenRoles.add(assignment.role);
    const key = assignment.role === 'sme' ? `sme:${assignment.assignee}` : assignment.role;
    const current = holding.get(key);
    if (current?.person === assignment.assignee) continue;
    if (current) current.toMs = assignment.at;
    const span: RoleSpan = { person: assignment.assignee, fromMs: Math.max(declaredMs, assignment.at), toMs: resolvedMs };
    holding.set(key, span);
    spans.push(span);
  }
  for (const role of SINGLE_ROLES) {
    const holder = incident.roles[role];
    if (holder && !seenRoles.has(role)) spans.push({ person: holder, fromMs: declaredMs, toMs: resolvedMs });
  }
  if (!seenRoles.has('sme')) for (const sme of incident.roles.smes) spans.push({ person: sme, fromMs: declaredMs, toMs: resolvedMs });
  return spans;
}

function union(a: readonly string[], b: readonly string[] | undefined): string[] {
  return [...new Set([...a, ...(b ?? [])])];
}
