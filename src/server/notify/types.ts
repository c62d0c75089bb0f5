import type { Audience, Severity } from '../../core/incidents/model';
import type { SecretReference } from '../config/secretReference';

/** The incident events that reach stakeholders; every other timeline event stays with the responders. */
export const NOTIFY_EVENTS = ['declared', 'severity_changed', 'status_update', 'resolved'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export const CHANNEL_TYPES = ['slack', 'teams', 'webhook', 'email'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** What the store and the route preview need to know about a channel: no secrets, so it may cross threads and the API. */
export interface ChannelSummary {
  name: string;
  type: ChannelType;
  /** What readers call it (`#inc-exec`); the name when the file gives none. */
  label: string;
  /** Who reads it: decides the default routes and whether the internal title may be shown. */
  audience: Audience;
}

/** One route: every listed channel gets the listed events of incidents at the listed severities. */
export interface Route {
  channels: string[];
  severities: Severity[];
  events: NotifyEvent[];
  /** Which status updates (by their audience) the route carries; other events have no audience. */
  audiences: Audience[];
}

/** Plain data (structured-clone safe): the store plans deliveries with it inside the write transaction. */
export interface RoutingTable {
  channels: ChannelSummary[];
  routes: Route[];
}

export type ChannelSecrets =
  | { type: 'slack'; webhookUrl: SecretReference }
  | { type: 'teams'; webhookUrl: SecretReference }
  | { type: 'webhook'; url: string; secret: SecretReference }
  | { type: 'email'; smtp: SmtpSettings<SecretReference>; from: string; to: string[] };

export interface SmtpSettings<S> {
  host: string;
  port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  user?: string;
  password?: S;
}

export type ChannelConfig = ChannelSummary & { transport: ChannelSecrets };

export interface DeliverySettings {
  /** Tries before a delivery becomes a dead letter. */
  maxAttempts: number;
  /** The first retry's delay; each further one doubles it (with jitter), up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** How long one request may take; a claimed delivery is leased for this plus a margin. */
  timeoutMs: number;
  /** How often the worker looks for due deliveries. */
  pollMs: number;
}

export interface NotifySection {
  channels: ChannelConfig[];
  routes: Route[];
  delivery: DeliverySettings;
}

/** A channel ready to send: its secrets read from the environment or their files at start. */
export type ResolvedTransport =
  | { type: 'slack'; webhookUrl: string }
  | { type: 'teams'; webhookUrl: string }
  | { type: 'webhook'; url: string; secret: Buffer }
  | { type: 'email'; smtp: SmtpSettings<string>; from: string; to: string[] };

export interface ResolvedChannel extends ChannelSummary {
  transport: ResolvedTransport;
}

export interface ResolvedNotify {
  channels: ResolvedChannel[];
  routing: RoutingTable;
  delivery: DeliverySettings;
}

export const DEFAULT_DELIVERY: DeliverySettings = { maxAttempts: 8, baseDelayMs: 2000, maxDelayMs: 10 * 60_000, timeoutMs: 10_000, pollMs: 1000 };
