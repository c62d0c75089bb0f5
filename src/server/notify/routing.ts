import type { Audience, Incident, Severity } from '../../core/incidents/model';
import type { EventDraft } from '../incidentChanges';
import { NOTIFY_EVENTS, type ChannelSummary, type NotifyEvent, type Route, type RoutingTable } from './types';

/**
 * Who is looped in by default (DOMAIN.md's "loop in" column): Sev 0–1 reach managers
 * and leadership (executive channels); Sev 0–2 reach the team (technical channels);
 * Sev 3–4 stay with on-call, who work in the incident itself. External channels carry
 * only external status updates and the resolution of customer-visible (Sev 0–2)
 * incidents: the status page's audience, never the responders' traffic.
 */
export function defaultRoutes(channels: readonly ChannelSummary[]): Route[] {
  return channels.map((channel) => defaultRoute(channel.name, channel.audience));
}

function defaultRoute(name: string, audience: Audience): Route {
  switch (audience) {
    case 'executive':
      return { channels: [name], severities: [0, 1], events: [...NOTIFY_EVENTS], audiences: ['executive'] };
    case 'technical':
      return { channels: [name], severities: [0, 1, 2], events: [...NOTIFY_EVENTS], audiences: ['technical'] };
    case 'external':
      return { channels: [name], severities: [0, 1, 2], events: ['status_update', 'resolved'], audiences: ['external'] };
  }
}

export interface RouteQuery {
  event: NotifyEvent;
  severity: Severity;
  /** Only for status updates. */
  audience?: Audience;
}

/** The channels one event reaches, each once, in the order the file lists channels. */
export function channelsFor(routing: RoutingTable, query: RouteQuery): ChannelSummary[] {
  const names = new Set<string>();
  for (const route of routing.routes) {
    if (!route.events.includes(query.event) || !route.severities.includes(query.severity)) continue;
    if (query.event === 'status_update' && (query.audience === undefined || !route.audiences.includes(query.audience))) continue;
    for (const name of route.channels) names.add(name);
  }
  return routing.channels.filter((channel) => names.has(channel.name));
}

/**
 * The deliveries a timeline event causes; the store writes them in the event's own
 * transaction. A severity change is routed at the higher of the two severities, so
 * whoever was told about a Sev 1 also hears that it is a Sev 3 now.
 */
export function plannedChannels(routing: RoutingTable | undefined, incident: Incident, draft: EventDraft): string[] {
  if (!routing || routing.routes.length === 0) return [];
  const query = routeQuery(incident, draft);
  return query === undefined ? [] : channelsFor(routing, query).map((channel) => channel.name);
}

function routeQuery(incident: Incident, draft: EventDraft): RouteQuery | undefined {
  switch (draft.type) {
    case 'declared':
      return { event: 'declared', severity: draft.severity };
    case 'severity_changed':
      return { event: 'severity_changed', severity: Math.min(draft.from, draft.to) as Severity };
    case 'status_update':
      return { event: 'status_update', severity: incident.severity, audience: draft.audience };
    case 'resolved':
      return { event: 'resolved', severity: incident.severity };
    default:
      return undefined;
  }
}
