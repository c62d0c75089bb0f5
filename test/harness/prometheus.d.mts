// Types for prometheus.mjs.
export interface RunningPrometheus {
  url: string;
  alerts(): Promise<{ labels: Record<string, string>; state: string }[]>;
  logs(): string;
  stop(): Promise<void>;
}

export function startPrometheus(options: { target: string; alertmanager: string; rules: string }): Promise<RunningPrometheus>;

export const PROMTOOL: string;
