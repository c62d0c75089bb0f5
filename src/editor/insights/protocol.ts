import type { InsightsReport } from '../../core/insights/types';

/**
 * The one message protocol between the Insights webview and the extension host. Both
 * sides import these types; nothing else crosses. The webview never receives HTML:
 * every value it shows is data it writes as text.
 */

export const RANGE_DAYS = [30, 90, 180, 365] as const;
export type RangeDays = (typeof RANGE_DAYS)[number];

export interface InsightsFilters {
  rangeDays: RangeDays;
  /** Empty: every service. */
  service: string;
  /** Empty: every severity; else '0'..'4'. */
  severity: string;
}

/** Host → webview. */
export type HostMessage =
  | { type: 'loading'; filters: InsightsFilters }
  | {
      type: 'data';
      filters: InsightsFilters;
      report: InsightsReport;
      services: string[];
      warnings: string[];
      /** Which keys (`severity:1`, `service:x`) have incidents to open. */
      openable: string[];
    }
  | { type: 'error'; message: string };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'filter'; filters: InsightsFilters }
  /** Open what a bar or row counts: a trace key such as `severity:1` or `factor:cache stampede`. */
  | { type: 'open'; key: string }
  /** The webview rendered data: its visible totals, so tests (and the log) can check what a person sees. */
  | { type: 'rendered'; dom: RenderedDom; renderMs: number };

/** What the webview's DOM shows after a render, read back from the DOM itself. */
export interface RenderedDom {
  /** Each total's label → the text shown for it. */
  totals: Record<string, string>;
  /** The first column of the services table, as text. */
  services: string[];
  /** Elements and attributes that data must never create. */
  images: number;
  inlineHandlers: number;
  /** The document's title (a hostile title would try to set it). */
  title: string;
}

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return true;
    case 'open':
      return typeof m.key === 'string' && m.key.length < 1000;
    case 'filter':
      return isFilters(m.filters);
    case 'rendered':
      return typeof m.dom === 'object' && m.dom !== null && typeof m.renderMs === 'number';
    default:
      return false;
  }
}

export function isFilters(value: unknown): value is InsightsFilters {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    (RANGE_DAYS as readonly unknown[]).includes(f.rangeDays) &&
    typeof f.service === 'string' &&
    f.service.length < 500 &&
    typeof f.severity === 'string' &&
    /^([0-4])?$/.test(f.severity)
  );
}

export const DEFAULT_FILTERS: InsightsFilters = { rangeDays: 90, service: '', severity: '' };
