import { Gauge, Histogram, Registry } from 'prom-client';

/**
 * The server's Prometheus metrics, served at /metrics. Each server has its own
 * registry (not prom-client's global one), so several servers in one process (tests)
 * never share or clash over series.
 */
export class ServerMetrics {
  readonly registry = new Registry();

  private readonly requestSeconds = new Histogram({
    name: 'incident_desk_http_request_duration_seconds',
    help: 'Time from a request arriving to its response being sent, by route template.',
    labelNames: ['method', 'route', 'status_code'] as const,
    // From a cached GET to a write that waited out the store's busy budget.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  private readonly storeSeconds = new Histogram({
    name: 'incident_desk_store_operation_duration_seconds',
    help: 'Time a store call took as the event loop saw it (waiting for a SQLite worker or a PostgreSQL pool connection included), by operation.',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /** Route templates (`/v1/incidents/:id`), never raw URLs, so the label set stays small. */
  observeRequest(method: string, route: string, statusCode: number, seconds: number): void {
    this.requestSeconds.observe({ method, route, status_code: String(statusCode) }, seconds);
  }

  observeStoreCall(operation: string, seconds: number, outcome: 'ok' | 'error'): void {
    this.storeSeconds.observe({ operation, outcome }, seconds);
  }

  /** Calls waiting for a store connection, read when scraped. */
  watchStoreQueues(depths: () => Record<string, number>): void {
    new Gauge({
      name: 'incident_desk_store_pending_calls',
      help: 'Store calls sent to a worker connection and not answered yet, by connection role.',
      labelNames: ['connection'] as const,
      registers: [this.registry],
      collect() {
        for (const [connection, depth] of Object.entries(depths())) this.set({ connection }, depth);
      },
    });
  }

  /** PostgreSQL pool connections by state (total, idle, waiting), read when scraped. */
  watchStorePool(connections: () => Record<string, number>): void {
    new Gauge({
      name: 'incident_desk_store_pool_connections',
      help: "Connections of this replica's PostgreSQL pool by state: total and idle connections, and requests waiting for one.",
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        for (const [state, count] of Object.entries(connections())) this.set({ state }, count);
      },
    });
  }

  watchSseSubscribers(count: () => number): void {
    new Gauge({
      name: 'incident_desk_sse_subscribers',
      help: 'Open GET /v1/stream connections.',
      registers: [this.registry],
      collect() {
        this.set(count());
      },
    });
  }

  async exposition(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}
