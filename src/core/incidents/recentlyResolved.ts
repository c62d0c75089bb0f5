import { formatDuration } from './duration';
import type { Incident } from './model';

/**
 * How far back "recently resolved" reaches, in pickers and in the Incidents view:
 * retrospectives are written in the days after an incident, rarely later.
 */
export const RECENTLY_RESOLVED_DAYS = 14;

/** The start of the "recently resolved" window ending at `now`. */
export function recentlyResolvedSince(now: Date): Date {
  return new Date(now.getTime() - RECENTLY_RESOLVED_DAYS * 24 * 60 * 60 * 1000);
}

/**
 * What the view knows of the recently resolved incidents: `fresh` from the backend just
 * now; `cached` from an earlier answer because the backend cannot be reached;
 * `unavailable` when it cannot be reached and nothing was ever fetched.
 */
export type ResolvedListing =
  | { state: 'fresh'; incidents: readonly Incident[]; fetchedAt: number }
  | { state: 'cached'; incidents: readonly Incident[]; fetchedAt: number; error: string }
  | { state: 'unavailable'; error: string };

/**
 * The group's description. Offline it says so and how old the list is, so a missing
 * incident reads as "not fetched", never as "not resolved".
 */
export function resolvedGroupDescription(listing: ResolvedListing | undefined, now: Date): string {
  const window = `last ${RECENTLY_RESOLVED_DAYS} days`;
  if (!listing) return window;
  switch (listing.state) {
    case 'fresh':
      return `${listing.incidents.length} · ${window}`;
    case 'cached':
      return `offline — as of ${formatDuration(now.getTime() - listing.fetchedAt)} ago`;
    case 'unavailable':
      return 'offline — not loaded yet';
  }
}

/**
 * Whether two answers draw the group the same: the same description and the same rows.
 * The tree redraws the group only when they differ, because VS Code forgets a group's
 * rows while it redraws them, and a click on a row's inline action in that moment
 * reaches the command without its incident.
 */
export function sameResolvedView(a: ResolvedListing | undefined, b: ResolvedListing, now: Date): boolean {
  if (a === undefined || a.state !== b.state || resolvedGroupDescription(a, now) !== resolvedGroupDescription(b, now)) return false;
  if (a.state === 'unavailable' || b.state === 'unavailable') return true;
  return JSON.stringify(a.incidents) === JSON.stringify(b.incidents);
}

/** "Sev 2 · resolved 3h 05m ago · <title>": the age first, as a narrow sidebar cuts the end. */
export function resolvedRowDescription(incident: Incident, now: Date): string {
  const resolved = incident.resolvedAt ? `resolved ${formatDuration(now.getTime() - Date.parse(incident.resolvedAt))} ago` : 'resolved';
  return [`Sev ${incident.severity}`, resolved, incident.title].join(' · ');
}

/** Newest resolution first; the ones still active in this window (a stale listing) are left out. */
export function resolvedRows(incidents: readonly Incident[], activeIds: ReadonlySet<string>): Incident[] {
  return incidents
    .filter((incident) => !activeIds.has(incident.id))
    .sort((a, b) => (b.resolvedAt ?? b.declaredAt).localeCompare(a.resolvedAt ?? a.declaredAt));
}

/**
 * A resolved row's contextValue: `incident.` so the menus of every incident row (Open,
 * Open in Backend, Write Retrospective) apply; `.resolved` so the inline Write
 * Retrospective shows on it and the active-only actions (`^incident\.active`) do not;
 * `.link` when the backend has a page for it.
 */
export function resolvedContextValue(incident: Incident): string {
  return `incident.resolved${incident.htmlUrl ? '.link' : ''}`;
}
