/** An SLO as Incident Desk computes it: one OpenSLO v1 `kind: SLO` with a ratio indicator. */
export interface SloDefinition {
  name: string;
  displayName?: string;
  service: string;
  description?: string;
  /** Prometheus queries; exactly one of good and bad is set. */
  good?: string;
  bad?: string;
  total: string;
  /** Objective as a fraction, e.g. 0.995. */
  target: number;
  /** The rolling window in milliseconds, and as written (28d). */
  windowMs: number;
  windowText: string;
  /** Where it was read from, for messages: file and 1-based line of its document. */
  source: { file: string; line: number };
}

/** A problem in an SLO file, 1-based line and column (FILE:LINE:COL). */
export interface SloProblem {
  severity: 'error' | 'warning';
  message: string;
  line: number;
  col: number;
}
