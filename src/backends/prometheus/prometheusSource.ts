import { BackendError } from '../backend';
import { HttpClient } from '../http/httpClient';

export interface PrometheusOptions {
  /** The Prometheus HTTP API's base, e.g. http://prometheus:9090 (or a path prefix behind a proxy). */
  url: string;
  /** Optional bearer token (a proxy in front of Prometheus); never logged. */
  token?: string;
  timeoutMs?: number;
}

interface QueryResponse {
  status?: string;
  data?: { resultType?: string; result?: unknown };
  error?: string;
}

/**
 * Instant queries through the Prometheus HTTP API (GET /api/v1/query). A vector is
 * summed; a scalar is its value; an empty vector is 0 (no series, no events).
 * It has the shape of src/app/slo/ports.ts MetricsSource (adapters never import app).
 */
export class PrometheusSource {
  private readonly http: HttpClient;

  constructor(options: PrometheusOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new Error(`The Prometheus URL '${options.url}' is not a URL.`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error(`The Prometheus URL must be http(s), not ${base.protocol}`);
    this.http = new HttpClient({
      baseUrl: base.toString(),
      headers: { accept: 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      secrets: options.token ? [options.token] : [],
      timeoutMs: options.timeoutMs ?? 15_000,
      retry: { retries: 1 },
      errorDetail: (body) => (body as QueryResponse | undefined)?.error,
    });
  }

  async instant(query: string, atS: number): Promise<number> {
    const response = await this.http.request({ method: 'GET', path: '/api/v1/query', query: { query, time: atS } });
    const body = response.body as QueryResponse | undefined;
    if (body?.status !== 'success' || !body.data) throw new BackendError('bad_response', `Prometheus did not answer the query: ${body?.error ?? 'no data'}`);
    const { resultType, result } = body.data;
    if (resultType === 'scalar') return sampleValue(result);
    if (resultType === 'vector' && Array.isArray(result)) {
      return result.reduce((sum: number, series: { value?: unknown }) => sum + sampleValue(series.value), 0);
    }
    throw new BackendError('bad_response', `Prometheus answered a ${resultType ?? 'missing'} result; an SLO query must give an instant vector or a scalar.`);
  }
}

/** A sample is `[unixSeconds, "value"]`; values are strings so that NaN and ±Inf survive JSON. */
function sampleValue(sample: unknown): number {
  if (!Array.isArray(sample) || typeof sample[1] !== 'string') throw new BackendError('bad_response', 'Prometheus answered a malformed sample.');
  return Number(sample[1]);
}
