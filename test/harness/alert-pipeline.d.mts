// Types for alert-pipeline.mjs, so the TypeScript alert tests can use its exporter and rule.
export const PIPELINE_RULES: string;

export interface CheckoutExporter {
  readonly address: string;
  readonly errors: number;
  failing: boolean;
  stop(): Promise<void>;
}

export function startExporter(): Promise<CheckoutExporter>;
