import { formatDuration } from '../incidents/duration';
import { burnState, type SloStatus } from './budget';
import { BURN_WINDOWS } from './windows';

/**
 * An SLO's figures as plain text lines: objective, SLI, budget remaining, burn rates,
 * the firing pairs and the time to exhaustion with its severity. One formatter for the
 * SLOs view's tooltip, the note "Declare from SLO" posts and the note any declare
 * posts for the SLOs of the incident's services, so they always read the same.
 */
export function sloFigureLines(status: SloStatus): string[] {
  const burns = BURN_WINDOWS.map((w) => `${w} ${status.burnRates[w].toFixed(1)}×`).join('  ');
  const exhaustion = status.exhaustionS === null ? 'not burning' : `budget gone in ${formatDuration(status.exhaustionS * 1000)}`;
  return [
    `${status.name} — ${(status.target * 100).toPrecision(4)}% over ${status.window}`,
    `SLI ${status.sli === null ? 'no traffic' : `${(status.sli * 100).toFixed(3)}%`}`,
    `Budget left ${(status.budgetRemaining * 100).toFixed(1)}%${status.budgetRemainingS === null ? '' : ` (${formatDuration(status.budgetRemainingS * 1000)} of full outage at current traffic)`}`,
    `Burn ${burns}`,
    `Firing ${status.firing.length > 0 ? status.firing.join(', ') : 'none'}`,
    `${exhaustion} → Sev ${status.severity}`,
  ];
}

/** One SLO on one line: the figure lines joined with `; `. */
export function sloFigureLine(status: SloStatus): string {
  return sloFigureLines(status).join('; ');
}

/**
 * The timeline note with the SLOs' state at declare time: one SLO reads
 * `SLO at declare time — NAME — …; …; … → Sev N.`, several get a line each under
 * `SLOs at declare time:`. Undefined with no SLO.
 */
export function declareSnapshotNote(statuses: readonly SloStatus[]): string | undefined {
  if (statuses.length === 0) return undefined;
  if (statuses.length === 1) return `SLO at declare time — ${sloFigureLine(statuses[0] as SloStatus)}.`;
  return ['SLOs at declare time:', ...statuses.map((s) => `- ${sloFigureLine(s)} (${burnState(s)}).`)].join('\n');
}

/** The SLOs whose service is one of these (compared as the SLOs view does: trimmed, case-folded). */
export function slosOfServices<T extends { service: string }>(items: readonly T[], services: readonly string[]): T[] {
  const wanted = new Set(services.map(fold));
  return items.filter((item) => wanted.has(fold(item.service)));
}

function fold(service: string): string {
  return service.trim().toLowerCase();
}
