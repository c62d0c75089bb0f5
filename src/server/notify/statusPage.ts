import { createHash } from 'node:crypto';
import type { IncidentWithTimeline, StatusUpdateEvent } from '../../core/incidents/model';
import { publicTitle } from './message';

/** How far back resolved incidents stay on the page and in the feed. */
export const HISTORY_DAYS = 90;

/**
 * What the public may read of one incident: its public title, severity, status
 * times and external updates. Nothing else is copied out of the incident, so no
 * internal note, role, name, service or internal title can reach the page by a
 * template's mistake.
 */
export interface PublicIncident {
  id: string;
  title: string;
  severity: number;
  resolved: boolean;
  declaredAt: string;
  resolvedAt?: string;
  updates: { id: string; at: string; conditions: string; actions: string }[];
}

/**
 * An incident is public once it has a public title or an external update: a Sev 4
 * the team handles quietly never shows up as a "Service disruption".
 */
export function publicView(incident: IncidentWithTimeline): PublicIncident | undefined {
  const updates = incident.timeline
    .filter((event): event is StatusUpdateEvent => event.type === 'status_update' && event.audience === 'external')
    .map((event) => ({ id: event.id, at: event.at, conditions: event.conditions, actions: event.actions }));
  if (updates.length === 0 && incident.publicTitle === undefined) return undefined;
  const view: PublicIncident = {
    id: incident.id,
    title: publicTitle(incident),
    severity: incident.severity,
    resolved: incident.status === 'resolved',
    declaredAt: incident.declaredAt,
    updates: updates.reverse(),
  };
  if (incident.resolvedAt !== undefined) view.resolvedAt = incident.resolvedAt;
  return view;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}.incident{border:1px solid #d0d7de;border-radius:6px;padding:1rem;margin:1rem 0}
.meta{color:#57606a;font-size:.9rem}.ok{color:#1a7f37}.open{color:#cf222e}ol{padding-left:1.2rem}`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** No script, no external resource: only the one inline style, allowed by its hash. */
export const STATUS_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export function renderStatusPage(title: string, current: PublicIncident[], history: PublicIncident[], now: string): string {
  const section = (incidents: PublicIncident[]): string => incidents.map((incident) => renderIncident(incident)).join('\n');
  const summary =
    current.length === 0
      ? '<p class="ok">All systems operational.</p>'
      : `<p class="open">${current.length === 1 ? 'One incident is' : `${current.length} incidents are`} being worked on.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="alternate" type="application/atom+xml" href="/status/feed.atom" title="Incidents">
<style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1>${summary}
<h2>Current incidents</h2>${current.length === 0 ? '<p>None.</p>' : section(current)}
<h2>Past ${HISTORY_DAYS} days</h2>${history.length === 0 ? '<p>No incidents.</p>' : section(history)}
<p class="meta">Updated ${escapeHtml(now)} · <a href="/status/feed.atom">Atom feed</a></p>
</body></html>
`;
}

function renderIncident(incident: PublicIncident): string {
  const state = incident.resolved
    ? `<span class="ok">Resolved ${escapeHtml(incident.resolvedAt ?? '')}</span>`
    : '<span class="open">Ongoing</span>';
  const updates = incident.updates
    .map((update) => `<li><time datetime="${escapeHtml(update.at)}">${escapeHtml(update.at)}</time>: ${escapeHtml(update.conditions)}${update.actions.trim() === '' ? '' : ` — ${escapeHtml(update.actions)}`}</li>`)
    .join('');
  return `<article class="incident" id="${escapeHtml(incident.id)}"><h3>${escapeHtml(incident.title)}</h3>
<p class="meta">${state} · since ${escapeHtml(incident.declaredAt)}</p>${updates === '' ? '' : `<ol>${updates}</ol>`}</article>`;
}

/** One entry per external update, newest first (RFC 4287). */
export function renderAtomFeed(title: string, baseUrl: string, incidents: PublicIncident[], now: string): string {
  const entries = incidents
    .flatMap((incident) => incident.updates.map((update) => ({ incident, update })))
    .sort((a, b) => (a.update.at < b.update.at ? 1 : a.update.at > b.update.at ? -1 : 0));
  const updated = entries[0]?.update.at ?? now;
  const body = entries
    .map(
      ({ incident, update }) => `<entry><id>urn:incident-desk:${escapeHtml(update.id)}</id><title>${escapeHtml(incident.title)}</title>
<updated>${escapeHtml(update.at)}</updated><link href="${escapeHtml(`${baseUrl}/status#${incident.id}`)}"/>
<content type="text">${escapeHtml(update.conditions)}${update.actions.trim() === '' ? '' : `\n${escapeHtml(update.actions)}`}</content></entry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>urn:incident-desk:status</id><title>${escapeHtml(title)}</title>
<updated>${escapeHtml(updated)}</updated><link rel="self" href="${escapeHtml(`${baseUrl}/status/feed.atom`)}"/><author><name>${escapeHtml(title)}</name></author>
${body}
</feed>
`;
}
