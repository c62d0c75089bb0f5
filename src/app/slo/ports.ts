/** What the SLO use cases need from a metrics backend: one number per instant query. */
export interface MetricsSource {
  /**
   * The value of an instant query evaluated at `atS` (Unix seconds), summed over the
   * series it returns; 0 for an empty result (no series: no events); NaN stays NaN.
   */
  instant(query: string, atS: number): Promise<number>;
}
