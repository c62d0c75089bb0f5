import { formatDuration } from '../incidents/duration';
import { escapeInline } from '../retrospectives/escape';
import type { SloDefinition } from './types';

/**
 * The error budget an incident consumed, for the retrospective's customer impact:
 * the bad events between declaration and resolution as a share of the budget the SLO's
 * window allows at the traffic of the window ending at the resolution,
 *
 *   consumed = bad_in_incident / ((1 − target) × total_over_window)
 *
 * and the same as minutes of the budget's time ((1 − target) × window, a full outage's
 * worth): consumed × budget minutes = bad_in_incident / total_over_window × window minutes.
 */
export interface IncidentBudgetRange {
  /** Unix seconds the queries are evaluated at: the resolution, or now while unresolved. */
  atS: number;
  /** The range the bad events are counted over, whole seconds (at least 1): the incident, at most the SLO window. */
  rangeS: number;
  /** The incident is longer than the SLO window: only its last window is counted. */
  clipped: boolean;
  /** Not resolved yet: counted up to now. */
  ongoing: boolean;
}

export interface IncidentBudgetCounts {
  badInIncident: number;
  totalOverWindow: number;
}

export interface IncidentBudget {
  slo: Pick<SloDefinition, 'name' | 'service' | 'target' | 'windowText' | 'windowMs'>;
  range: IncidentBudgetRange;
  counts: IncidentBudgetCounts;
  /** Share of the window's budget; null when the window had no traffic. */
  consumed: number | null;
  /** The same as minutes of budget; null with no traffic. */
  budgetMinutes: number | null;
  /** The whole budget as minutes of full outage: (1 − target) × window. */
  budgetTotalMinutes: number;
}

export function incidentBudgetRange(slo: Pick<SloDefinition, 'windowMs'>, incident: { declaredAt: string; resolvedAt?: string }, nowMs: number): IncidentBudgetRange {
  const start = Date.parse(incident.declaredAt);
  if (Number.isNaN(start)) throw new Error('The incident has no valid declaration time.');
  const resolved = incident.resolvedAt === undefined ? Number.NaN : Date.parse(incident.resolvedAt);
  const ongoing = Number.isNaN(resolved);
  const endMs = Math.max(start, ongoing ? nowMs : resolved);
  const atS = Math.floor(endMs / 1000);
  const lengthS = Math.max(1, atS - Math.floor(start / 1000));
  const windowS = Math.floor(slo.windowMs / 1000);
  return { atS, rangeS: Math.min(lengthS, windowS), clipped: lengthS > windowS, ongoing };
}

export function incidentBudget(slo: IncidentBudget['slo'], range: IncidentBudgetRange, counts: IncidentBudgetCounts): IncidentBudget {
  const budget = 1 - slo.target;
  const budgetTotalMinutes = (budget * slo.windowMs) / 60_000;
  const total = finiteNonNegative(counts.totalOverWindow);
  // Never more bad events than events (a `good` SLO's bad is total − good, which rounding can tip).
  const bad = Math.min(finiteNonNegative(counts.badInIncident), total);
  const consumed = total > 0 ? bad / (budget * total) : null;
  return { slo, range, counts: { badInIncident: bad, totalOverWindow: total }, consumed, budgetMinutes: consumed === null ? null : consumed * budgetTotalMinutes, budgetTotalMinutes };
}

/** The customer-impact line, markdown-escaped (the SLO's name comes from a file anyone may edit). */
export function incidentBudgetLine(b: IncidentBudget): string {
  const name = `SLO ${escapeInline(b.slo.name)} (${escapeInline(b.slo.service)}, ${percent(b.slo.target, 4)} over ${escapeInline(b.slo.windowText)})`;
  const when = b.range.ongoing ? 'so far during the incident (not resolved yet)' : 'during the incident';
  const clipped = b.range.clipped ? ` — the incident is longer than the SLO window, so only its last ${formatDuration(b.range.rangeS * 1000)} count` : '';
  if (b.consumed === null || b.budgetMinutes === null) return `Error budget: ${name} had no traffic in its window, so the incident consumed none of its budget${clipped}.`;
  return (
    `Error budget: ${name} — ${percent(b.consumed, 3)} of the error budget consumed ${when}` +
    ` (${count(b.counts.badInIncident)} bad of ${count(b.counts.totalOverWindow)} events over the window;` +
    ` ${minutes(b.budgetMinutes)} of its ${minutes(b.budgetTotalMinutes)} of budget)${clipped}.`
  );
}

function percent(fraction: number, digits: number): string {
  const value = fraction * 100;
  return `${value === 0 ? '0' : Number(value.toPrecision(digits)).toString()}%`;
}

function minutes(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US')} min`;
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function finiteNonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
