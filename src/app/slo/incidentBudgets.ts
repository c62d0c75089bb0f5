import { incidentBudget, incidentBudgetRange, type IncidentBudget } from '../../core/slo/incidentBudget';
import { sloQueries } from '../../core/slo/queries';
import type { SloDefinition } from '../../core/slo/types';
import { promDuration } from '../../core/slo/windows';
import type { MetricsSource } from './ports';

/**
 * The error budget an incident consumed, per SLO: two instant queries each, both at the
 * resolution (or now): the bad events over the incident's range and all events over the
 * SLO's window.
 */
export async function incidentBudgets(
  slos: readonly SloDefinition[],
  incident: { declaredAt: string; resolvedAt?: string },
  source: MetricsSource,
  nowMs: number,
): Promise<IncidentBudget[]> {
  return Promise.all(
    slos.map(async (slo) => {
      const range = incidentBudgetRange(slo, incident, nowMs);
      const { bad } = sloQueries(slo, promDuration(range.rangeS * 1000));
      const { total } = sloQueries(slo, promDuration(slo.windowMs));
      const [badInIncident, totalOverWindow] = await Promise.all([source.instant(bad, range.atS), source.instant(total, range.atS)]);
      return incidentBudget(slo, range, { badInIncident, totalOverWindow });
    }),
  );
}
