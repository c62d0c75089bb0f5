import type { SloImpactSource } from '../../retrospectives/ports';
import type { MetricsSource } from '../ports';
import { loadSloFiles } from './sloFiles';

/** The retrospective's SLO source for a folder: its SLO files (those that parse) and, when configured, Prometheus. */
export function sloImpactSourceFor(root: string, globs: readonly string[], metrics: MetricsSource | undefined, configureHint: string): SloImpactSource {
  return {
    slos: async () => (await loadSloFiles(root, globs)).flatMap((file) => file.slos),
    ...(metrics ? { metrics } : {}),
    configureHint,
  };
}
