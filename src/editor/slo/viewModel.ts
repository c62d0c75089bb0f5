import type { Incident, Severity } from '../../core/incidents/model';
import { burnState, type SloStatus } from '../../core/slo/budget';
import { declareSnapshotNote, sloFigureLines } from '../../core/slo/snapshot';

/**
 * What the SLOs view shows, computed without VS Code so it can be tested in memory:
 * services, each with its SLOs (budget bar, burn rates, state), the runbooks whose
 * front matter names the service, and the service's open incidents.
 */
export interface ServiceGroup {
  service: string;
  slos: SloRow[];
  runbooks: { path: string; title: string }[];
  incidents: { id: string; title: string; severity: Severity }[];
  /** The worst state of its SLOs. */
  state: 'ok' | 'slow burn' | 'fast burn';
}

export interface SloRow {
  status: SloStatus;
  label: string;
  description: string;
  tooltip: string;
  state: 'ok' | 'slow burn' | 'fast burn';
}

const BAR_CELLS = 10;
const STATE_ORDER = { ok: 0, 'slow burn': 1, 'fast burn': 2 } as const;

/** `█████░░░░░ 52%`: the remaining budget, clamped to the bar; overspent shows empty with the negative figure. */
export function budgetBar(remaining: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, remaining)) * BAR_CELLS);
  return `${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)} ${Math.round(remaining * 100)}%`;
}

export function sloRow(status: SloStatus): SloRow {
  const state = burnState(status);
  return {
    status,
    state,
    label: status.name,
    description: `${budgetBar(status.budgetRemaining)} · ${state} · ${status.burnRates['1h'].toFixed(1)}× (1h)`,
    tooltip: sloFigureLines(status).join('\n'),
  };
}

export function serviceGroups(
  statuses: readonly SloStatus[],
  runbooks: readonly { path: string; title: string; services: readonly string[] }[],
  incidents: readonly Pick<Incident, 'id' | 'title' | 'severity' | 'status' | 'services'>[],
): ServiceGroup[] {
  const byService = new Map<string, SloStatus[]>();
  for (const status of statuses) byService.set(status.service, [...(byService.get(status.service) ?? []), status]);
  const fold = (s: string) => s.trim().toLowerCase();
  return [...byService.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([service, list]) => {
      const slos = list.map(sloRow);
      const state = slos.reduce<ServiceGroup['state']>((worst, row) => (STATE_ORDER[row.state] > STATE_ORDER[worst] ? row.state : worst), 'ok');
      return {
        service,
        slos,
        state,
        runbooks: runbooks.filter((r) => r.services.some((s) => fold(s) === fold(service))).map((r) => ({ path: r.path, title: r.title })),
        incidents: incidents
          .filter((i) => i.status !== 'resolved' && i.services.some((s) => fold(s) === fold(service)))
          .map((i) => ({ id: i.id, title: i.title, severity: i.severity })),
      };
    });
}

/** The status bar's warning, while any SLO burns fast; undefined otherwise. */
export function fastBurnWarning(statuses: readonly SloStatus[]): string | undefined {
  const fast = statuses.filter((s) => burnState(s) === 'fast burn');
  if (fast.length === 0) return undefined;
  return fast.length === 1 ? `Fast burn: ${fast[0]?.name}` : `Fast burn: ${fast.length} SLOs`;
}

/** "Declare from SLO": title, service and the computed severity, and the burn figures for the first timeline note. */
export function declarationFromSlo(status: SloStatus): { title: string; services: string[]; severity: Severity; note: string } {
  const row = sloRow(status);
  return {
    title: `${status.service}: error budget ${row.state === 'ok' ? 'burning' : row.state} on ${status.name}`,
    services: [status.service],
    severity: status.severity,
    note: declareSnapshotNote([status]) ?? '',
  };
}
