import type { IncidentWithTimeline } from '../../core/incidents/model';
import { escapeInline } from '../../core/retrospectives/escape';
import { incidentBudgetLine } from '../../core/slo/incidentBudget';
import { slosOfServices } from '../../core/slo/snapshot';
import { incidentBudgets } from '../slo/incidentBudgets';
import type { SloImpactSource } from './ports';

/**
 * The customer impact's error-budget lines: one per SLO of the incident's services with
 * the budget the incident consumed, from Prometheus. Without Prometheus the line says
 * where the figure would come from; with no SLO for these services there is no line.
 * Nothing here fails the retrospective: a Prometheus that does not answer is a warning.
 */
export async function sloImpactLines(incident: IncidentWithTimeline, source: SloImpactSource, now: Date): Promise<{ lines: string[]; warnings: string[] }> {
  let all;
  try {
    all = await source.slos();
  } catch (error) {
    return { lines: [], warnings: [`The SLO files could not be read, so the customer impact cites no error budget: ${message(error)}`] };
  }
  const slos = slosOfServices(all, incident.services);
  if (slos.length === 0) return { lines: [], warnings: [] };
  const names = slos.map((s) => escapeInline(s.name)).join(', ');
  if (!source.metrics) {
    return { lines: [`Error budget consumed: not computed — ${escapeInline(source.configureHint)} to cite the budget the incident consumed of ${names} (bad events between declaration and resolution, from Prometheus, over the budget each SLO's window allows).`], warnings: [] };
  }
  try {
    const budgets = await incidentBudgets(slos, incident, source.metrics, now.getTime());
    return { lines: budgets.map(incidentBudgetLine), warnings: [] };
  } catch (error) {
    return {
      lines: [`Error budget consumed: Prometheus did not answer when this was written, so the budget the incident consumed of ${names} is not cited.`],
      warnings: [`Prometheus did not answer, so the customer impact cites no error budget: ${message(error)}`],
    };
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
