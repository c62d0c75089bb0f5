// Types for alertmanager.mjs, so the TypeScript alert tests can use it.
export interface RunningAlertmanager {
  url: string;
  pid: number | undefined;
  postAlerts(alerts: AlertmanagerApiAlert[]): Promise<void>;
  notificationsSent(): Promise<number>;
  failedNotifications(): Promise<number>;
  logs(): string;
  stop(): Promise<void>;
}

export interface AlertmanagerApiAlert {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt?: string;
  endsAt?: string;
  generatorURL?: string;
}

export function freePort(): Promise<number>;
export function startAlertmanager(options: {
  webhookUrl: string;
  token: string;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
}): Promise<RunningAlertmanager>;
export function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, describe: () => string, child?: unknown): Promise<void>;
