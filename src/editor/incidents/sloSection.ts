import { burnState, type SloStatus } from '../../core/slo/budget';
import { escapeInline } from '../../core/retrospectives/escape';
import { sloFigureLines } from '../../core/slo/snapshot';
import { sloRow } from '../slo/viewModel';
import type { IncidentTreeNode } from './treeNodes';

/**
 * The "SLOs" section of an incident: the live state of its services' SLOs, from the
 * SLOs view's last refresh (a redraw sends no query). The state at declare time is the
 * incident's first note; this is how they stand now.
 */

const STATE_ICON = { ok: ['pass', undefined], 'slow burn': ['warning', 'list.warningForeground'], 'fast burn': ['flame', 'list.errorForeground'] } as const;
const STATE_ORDER = { ok: 0, 'slow burn': 1, 'fast burn': 2 } as const;

export function sloSectionLeaves(incidentId: string, statuses: readonly SloStatus[]): IncidentTreeNode[] {
  return statuses.map((status) => {
    const row = sloRow(status);
    const [icon, iconColor] = STATE_ICON[row.state];
    return { kind: 'leaf', id: `incident:${incidentId}/slos/${status.name}`, label: `${status.name} (${status.service})`, description: row.description, tooltip: row.tooltip, icon, ...(iconColor ? { iconColor } : {}) };
  });
}

/** The section row's description: the worst state and how many SLOs. */
export function sloSectionDescription(statuses: readonly SloStatus[]): string {
  const worst = statuses.map(burnState).reduce<keyof typeof STATE_ORDER>((a, b) => (STATE_ORDER[b] > STATE_ORDER[a] ? b : a), 'ok');
  return `${worst} · ${statuses.length} SLO${statuses.length === 1 ? '' : 's'}`;
}

/** The incident document's section; empty with no SLO. Names come from files anyone may edit: escaped. */
export function sloSectionMarkdown(statuses: readonly SloStatus[]): string {
  if (statuses.length === 0) return '';
  const items = statuses.map((status) => {
    const [first, ...rest] = sloFigureLines(status).map(escapeInline);
    return [`- **${first}** (${burnState(status)})`, ...rest.map((line) => `  - ${line}`)].join('\n');
  });
  return `\n## SLOs\n\nLive, from the SLOs view (the state at declare time is the first note).\n\n${items.join('\n')}\n`;
}
