import { isCounterSelector } from './parse';
import type { SloDefinition } from './types';

/** Events over a window as one number: a counter selector is summed over `increase`, a template fills in `{{window}}`. */
export function countQuery(query: string, range: string): string {
  if (query.includes('{{window}}')) return query.split('{{window}}').join(range);
  if (isCounterSelector(query)) return `sum(increase(${query}[${range}]))`;
  return query;
}

/** The PromQL for an SLO's total and bad events over a range (bad = total − good when the SLO gives good). */
export function sloQueries(slo: SloDefinition, range: string): { total: string; bad: string } {
  const total = countQuery(slo.total, range);
  const bad = slo.bad !== undefined ? countQuery(slo.bad, range) : `(${total}) - (${countQuery(slo.good ?? '', range)})`;
  return { total, bad };
}

/** The error ratio over a range, as the recording rules record it. */
export function errorRatioQuery(slo: SloDefinition, range: string): string {
  const { total, bad } = sloQueries(slo, range);
  return `(${bad}) / (${total})`;
}
