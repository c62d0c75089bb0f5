import { add } from './counts';
import type { IncidentFacts } from './incidentFacts';
import type { InsightsReport, InsightsTrace } from './types';

/**
 * Factors that appear in two or more retrospectives of the window's incidents. A factor
 * is compared normalised (case, spacing, trailing punctuation, a leading `#` of a tag),
 * so "Cache stampede." and "cache  stampede" are one factor; the report names it by its
 * normalised text.
 */
export function repeatContributingFactors(incidents: readonly IncidentFacts[], trace: InsightsTrace): InsightsReport['contributingFactors'] {
  const byFactor = new Map<string, string[]>();
  for (const incident of incidents) {
    if (!incident.retrospective) continue;
    const factors = new Set(incident.retrospective.contributingFactors.map(normaliseFactor).filter((f) => f !== ''));
    for (const factor of factors) {
      const ids = byFactor.get(factor) ?? [];
      ids.push(incident.id);
      byFactor.set(factor, ids);
    }
  }
  const repeats = [...byFactor.entries()]
    .filter(([, ids]) => ids.length >= 2)
    .sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b))
    .map(([factor, ids]) => ({ factor, incidents: ids }));
  for (const repeat of repeats) for (const id of repeat.incidents) add(trace, `factor:${repeat.factor}`, id);
  return repeats;
}

export function normaliseFactor(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^\s*#/, '')
    .replace(/[\s_]+/g, ' ')
    .replace(/[\s.,;:!]+$/, '')
    .trim();
}

/**
 * The list items of a retrospective's Contributing factors section (`- cache stampede`),
 * without markdown emphasis; prose lines are not factors.
 */
export function factorsFromSection(text: string): string[] {
  const factors: string[] = [];
  for (const line of text.split('\n')) {
    const item = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?(.+)$/.exec(line);
    const value = item?.[1]?.replace(/[*_`]/g, '').trim();
    if (value) factors.push(value);
  }
  return factors;
}
