import type { Severity } from '../incidents/model';
import { normaliseFactor } from './contributingFactors';
import type { RetrospectiveFacts } from './types';

/** What makes a past incident like this one; each reason names the shared thing. */
export type SimilarityReason = { kind: 'factor' | 'alert' | 'service'; value: string };

export interface SimilarIncident {
  id: string;
  title: string;
  severity: Severity;
  declaredAt: string;
  retrospectivePath: string;
  reasons: SimilarityReason[];
}

export interface IncidentLike {
  id: string;
  title: string;
  services: readonly string[];
  tags: readonly string[];
  /** Its retrospective's factors, when it has one already. */
  contributingFactors?: readonly string[];
}

const WEIGHT: Record<SimilarityReason['kind'], number> = { factor: 3, alert: 2, service: 1 };

/**
 * Past incidents like this one, from the repository's retrospectives: a shared
 * contributing factor weighs most, then the same alert (the same title once numbers and
 * ids are taken out, or a shared `alert:` tag), then a shared service. Best first, then
 * most recent; the incident itself is never listed.
 */
export function similarIncidents(incident: IncidentLike, retrospectives: readonly RetrospectiveFacts[], limit = 5): SimilarIncident[] {
  const services = new Set(incident.services);
  const alerts = alertKeys(incident.title, incident.tags);
  const factors = new Set((incident.contributingFactors ?? []).map(normaliseFactor).filter((f) => f !== ''));
  const scored: { similar: SimilarIncident; score: number }[] = [];
  for (const retro of retrospectives) {
    const fm = retro.frontMatter;
    if (fm.id === incident.id) continue;
    const reasons: SimilarityReason[] = [];
    for (const factor of new Set(retro.contributingFactors.map(normaliseFactor))) if (factors.has(factor)) reasons.push({ kind: 'factor', value: factor });
    for (const alert of alertKeys(fm.title, fm.tags)) if (alerts.has(alert)) reasons.push({ kind: 'alert', value: alert });
    for (const service of new Set(fm.services)) if (services.has(service)) reasons.push({ kind: 'service', value: service });
    if (reasons.length === 0) continue;
    const score = reasons.reduce((sum, r) => sum + WEIGHT[r.kind], 0);
    scored.push({ similar: { id: fm.id, title: fm.title, severity: fm.severity, declaredAt: fm.declared_at, retrospectivePath: retro.path, reasons }, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || b.similar.declaredAt.localeCompare(a.similar.declaredAt))
    .slice(0, limit)
    .map((s) => s.similar);
}

/** The same alert fires with the same title up to numbers and ids; `alert:` tags name it outright. */
function alertKeys(title: string, tags: readonly string[]): Set<string> {
  const keys = new Set<string>();
  const shape = title
    .toLowerCase()
    .replace(/\b[0-9a-f]{7,}\b|\d+(\.\d+)?/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
  if (shape.length >= 8) keys.add(`title:${shape}`);
  for (const tag of tags) if (/^alert:/i.test(tag)) keys.add(tag.toLowerCase());
  return keys;
}
