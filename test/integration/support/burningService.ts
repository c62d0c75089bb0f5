import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningPrometheus } from '../../harness/prometheus.mjs' with { 'resolution-mode': 'import' };

/** A service whose requests almost all fail, scraped by a real Prometheus (the harness's). */
export interface BurningService {
  prometheus: RunningPrometheus;
  stop(): Promise<void>;
}

/**
 * Serves `<metric>{code="ok"}` and `<metric>{code="error"}` counters that grow by 1 and
 * 100 every 100 ms: a burn far above 14.4× in every window once Prometheus has samples.
 */
export async function startBurningService(metric: string): Promise<BurningService> {
  const counts = { ok: 0, errors: 0 };
  const timer = setInterval(() => {
    counts.errors += 100;
    counts.ok += 1;
  }, 100);
  const exporter = http.createServer((_req, res) => {
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(`# TYPE ${metric} counter\n${metric}{code="ok"} ${counts.ok}\n${metric}{code="error"} ${counts.errors}\n`);
  });
  await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
  const stopExporter = () => {
    clearInterval(timer);
    exporter.close();
  };
  try {
    const { startPrometheus } = await import('../../harness/prometheus.mjs');
    const prometheus = await startPrometheus({ target: `127.0.0.1:${(exporter.address() as AddressInfo).port}`, alertmanager: '127.0.0.1:9', rules: 'groups: []\n' });
    return {
      prometheus,
      stop: async () => {
        await prometheus.stop();
        stopExporter();
      },
    };
  } catch (error) {
    stopExporter();
    throw error;
  }
}
