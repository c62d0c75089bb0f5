import type { Node } from 'yaml';
import { AUDIENCES, SEVERITIES, type Audience, type Severity } from '../../core/incidents/model';
import type { ConfigSection } from '../config/schema';
import type { ReadContext } from '../config/readContext';
import { readSecretReference, resolveSecret, SecretError } from '../config/secretReference';
import { defaultRoutes } from './routing';
import {
  CHANNEL_TYPES,
  DEFAULT_DELIVERY,
  NOTIFY_EVENTS,
  type ChannelConfig,
  type ChannelSecrets,
  type ChannelType,
  type DeliverySettings,
  type NotifyEvent,
  type NotifySection,
  type ResolvedChannel,
  type ResolvedNotify,
  type ResolvedTransport,
  type Route,
} from './types';

/**
 * The config file's `notify:` section: where stakeholder updates go.
 *
 *   notify:
 *     channels:
 *       - name: exec
 *         type: slack                # slack | teams | webhook | email
 *         label: "#inc-exec"
 *         audience: executive        # executive | technical | external
 *         webhook_url: { env: SLACK_EXEC_WEBHOOK }
 *       - name: status-feed
 *         type: webhook
 *         audience: external
 *         url: https://status.example.com/hooks/incidents
 *         secret: { file: /run/secrets/status-hook }   # whsec_…
 *     routes:                        # optional; without it the defaults follow the loop-in column
 *       - channels: [exec]
 *         severities: [0, 1]
 *         events: [declared, severity_changed, status_update, resolved]
 *         audiences: [executive]
 *     delivery: { max_attempts: 8 }
 */
export const notifySection: ConfigSection<NotifySection> = {
  description: 'stakeholder channels (Slack, Teams, signed webhooks, email) and which severities, audiences and events reach each',
  absent: () => ({ channels: [], routes: [], delivery: { ...DEFAULT_DELIVERY } }),
  read(node, ctx) {
    const entries = ctx.mapping(node, 'notify', ['channels', 'routes', 'delivery']);
    if (!entries) return undefined;
    const before = ctx.problems.length;
    const names = new Set<string>();
    const channels = entries.has('channels') ? readChannels(entries.get('channels'), ctx, names) : [];
    const routes = entries.has('routes') ? readRoutes(entries.get('routes'), names, ctx) : defaultRoutes(channels);
    const delivery = entries.has('delivery') ? readDelivery(entries.get('delivery'), ctx) : { ...DEFAULT_DELIVERY };
    return ctx.problems.length === before ? { channels, routes, delivery } : undefined;
  },
};

const CHANNEL_KEYS: Record<ChannelType, readonly string[]> = {
  slack: ['webhook_url'],
  teams: ['webhook_url'],
  webhook: ['url', 'secret'],
  email: ['smtp', 'from', 'to'],
};

/** `declared` gets every name given, valid channel or not, so routes naming a broken channel get no second error. */
function readChannels(node: Node | null | undefined, ctx: ReadContext, declared: Set<string>): ChannelConfig[] {
  const items = ctx.sequence(node, 'notify.channels');
  if (!items) return [];
  const channels: ChannelConfig[] = [];
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const where = `notify.channels[${i}]`;
    const all = [...new Set(Object.values(CHANNEL_KEYS).flat())];
    const entries = ctx.mapping(item, where, ['name', 'type', 'label', 'audience', ...all]);
    if (!entries) return;
    const name = ctx.string(entries.get('name'), `${where}.name`);
    if (name !== undefined && !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(name)) ctx.report(entries.get('name'), `${where}.name must be lower-case letters, digits, - or _ (at most 63).`);
    if (name !== undefined && seen.has(name)) ctx.report(entries.get('name'), `${where}.name '${name}' is listed twice.`);
    if (name !== undefined) seen.add(name);
    if (name !== undefined) declared.add(name);
    const type = oneOf(entries.get('type'), `${where}.type`, CHANNEL_TYPES, ctx);
    const audience = oneOf(entries.get('audience'), `${where}.audience`, AUDIENCES, ctx);
    const label = entries.has('label') ? ctx.string(entries.get('label'), `${where}.label`) : name;
    if (type === undefined) return;
    for (const key of entries.keys()) {
      if (!['name', 'type', 'label', 'audience', ...CHANNEL_KEYS[type]].includes(key)) {
        ctx.report(item, `${where}: '${key}' is not a setting of a ${type} channel; it takes ${CHANNEL_KEYS[type].join(', ')}.`);
      }
    }
    const transport = readTransport(type, entries, where, item, ctx);
    if (transport && name !== undefined && audience !== undefined && label !== undefined) channels.push({ name, type, label, audience, transport });
  });
  return channels;
}

function readTransport(type: ChannelType, entries: Map<string, Node | null>, where: string, item: Node | null, ctx: ReadContext): ChannelSecrets | undefined {
  const need = (key: string): boolean => {
    if (entries.has(key)) return true;
    ctx.report(item, `${where} (${type}) needs ${key}.`);
    return false;
  };
  switch (type) {
    case 'slack':
    case 'teams': {
      // The URL is the credential: whoever has it can post to the channel.
      if (!need('webhook_url')) return undefined;
      const webhookUrl = readSecretReference(entries.get('webhook_url'), `${where}.webhook_url`, ctx);
      return webhookUrl && { type, webhookUrl };
    }
    case 'webhook': {
      if (!need('url') || !need('secret')) return undefined;
      const url = ctx.string(entries.get('url'), `${where}.url`);
      if (url !== undefined && !isHttpUrl(url)) ctx.report(entries.get('url'), `${where}.url must be an http:// or https:// URL.`);
      const secret = readSecretReference(entries.get('secret'), `${where}.secret`, ctx);
      return url !== undefined && secret !== undefined && isHttpUrl(url) ? { type, url, secret } : undefined;
    }
    case 'email': {
      if (!need('smtp') || !need('from') || !need('to')) return undefined;
      const smtpEntries = ctx.mapping(entries.get('smtp'), `${where}.smtp`, ['host', 'port', 'secure', 'user', 'password']);
      const from = ctx.string(entries.get('from'), `${where}.from`);
      const toItems = ctx.sequence(entries.get('to'), `${where}.to`) ?? [];
      const to = toItems.map((node, i) => ctx.string(node, `${where}.to[${i}]`)).filter((value): value is string => value !== undefined);
      if (toItems.length === 0) ctx.report(entries.get('to'), `${where}.to needs at least one address.`);
      if (!smtpEntries || from === undefined) return undefined;
      const host = ctx.string(smtpEntries.get('host'), `${where}.smtp.host`);
      const port = smtpEntries.has('port') ? ctx.integer(smtpEntries.get('port'), `${where}.smtp.port`, 1, 65535) : 587;
      const secure = smtpEntries.has('secure') ? ctx.boolean(smtpEntries.get('secure'), `${where}.smtp.secure`) : port === 465;
      const user = smtpEntries.has('user') ? ctx.string(smtpEntries.get('user'), `${where}.smtp.user`) : undefined;
      const password = smtpEntries.has('password') ? readSecretReference(smtpEntries.get('password'), `${where}.smtp.password`, ctx) : undefined;
      if (host === undefined || port === undefined || secure === undefined) return undefined;
      return {
        type,
        from,
        to,
        smtp: { host, port, secure, ...(user === undefined ? {} : { user }), ...(password === undefined ? {} : { password }) },
      };
    }
  }
}

function readRoutes(node: Node | null | undefined, channels: ReadonlySet<string>, ctx: ReadContext): Route[] {
  const items = ctx.sequence(node, 'notify.routes');
  if (!items) return [];
  const routes: Route[] = [];
  items.forEach((item, i) => {
    const where = `notify.routes[${i}]`;
    const entries = ctx.mapping(item, where, ['channels', 'severities', 'events', 'audiences']);
    if (!entries) return;
    const names = list(entries.get('channels'), `${where}.channels`, ctx, (value, at) => {
      if (typeof value === 'string' && channels.has(value)) return value;
      ctx.report(at, `${where}.channels: '${String(value)}' is not a channel in notify.channels.`);
      return undefined;
    });
    if (!entries.has('channels')) ctx.report(item, `${where} needs channels.`);
    const severities = entries.has('severities')
      ? list(entries.get('severities'), `${where}.severities`, ctx, (value, at) => member(value, SEVERITIES, `${where}.severities`, at, ctx))
      : [...SEVERITIES];
    const events = entries.has('events')
      ? list(entries.get('events'), `${where}.events`, ctx, (value, at) => member(value, NOTIFY_EVENTS, `${where}.events`, at, ctx))
      : [...NOTIFY_EVENTS];
    const audiences = entries.has('audiences')
      ? list(entries.get('audiences'), `${where}.audiences`, ctx, (value, at) => member(value, AUDIENCES, `${where}.audiences`, at, ctx))
      : [...AUDIENCES];
    if (names && severities && events && audiences) {
      routes.push({ channels: names, severities: severities as Severity[], events: events as NotifyEvent[], audiences: audiences as Audience[] });
    }
  });
  return routes;
}

function readDelivery(node: Node | null | undefined, ctx: ReadContext): DeliverySettings {
  const entries = ctx.mapping(node, 'notify.delivery', ['max_attempts', 'base_delay_ms', 'max_delay_ms', 'timeout_ms', 'poll_ms']);
  const delivery = { ...DEFAULT_DELIVERY };
  if (!entries) return delivery;
  const read = (key: string, min: number, max: number): number | undefined =>
    entries.has(key) ? ctx.integer(entries.get(key), `notify.delivery.${key}`, min, max) : undefined;
  delivery.maxAttempts = read('max_attempts', 1, 100) ?? delivery.maxAttempts;
  delivery.baseDelayMs = read('base_delay_ms', 10, 3_600_000) ?? delivery.baseDelayMs;
  delivery.maxDelayMs = read('max_delay_ms', 10, 86_400_000) ?? delivery.maxDelayMs;
  delivery.timeoutMs = read('timeout_ms', 100, 120_000) ?? delivery.timeoutMs;
  delivery.pollMs = read('poll_ms', 10, 60_000) ?? delivery.pollMs;
  return delivery;
}

function list<T>(node: Node | null | undefined, where: string, ctx: ReadContext, item: (value: unknown, at: Node | null) => T | undefined): T[] | undefined {
  const items = ctx.sequence(node, where);
  if (!items) return undefined;
  const values: T[] = [];
  let ok = true;
  for (const at of items) {
    const value = item((at as { value?: unknown } | null)?.value, at);
    if (value === undefined) ok = false;
    else values.push(value);
  }
  return ok ? values : undefined;
}

function member<T extends string | number>(value: unknown, allowed: readonly T[], where: string, at: Node | null, ctx: ReadContext): T | undefined {
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  ctx.report(at, `${where}: '${String(value)}' is not one of ${allowed.join(', ')}.`);
  return undefined;
}

function oneOf<T extends string>(node: Node | null | undefined, where: string, allowed: readonly T[], ctx: ReadContext): T | undefined {
  const value = ctx.string(node, where);
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  ctx.report(node, `${where} must be one of ${allowed.join(', ')}.`);
  return undefined;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Reads every channel's secrets at start; a missing one stops the server with its name, never its value. */
export function resolveNotify(section: NotifySection, env: NodeJS.ProcessEnv): ResolvedNotify {
  const channels = section.channels.map((channel): ResolvedChannel => {
    const { transport, ...summary } = channel;
    try {
      return { ...summary, transport: resolveTransport(transport, env) };
    } catch (error) {
      throw new SecretError(`notify channel ${channel.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return {
    channels,
    routing: { channels: channels.map(({ name, type, label, audience }) => ({ name, type, label, audience })), routes: section.routes },
    delivery: section.delivery,
  };
}

function resolveTransport(transport: ChannelSecrets, env: NodeJS.ProcessEnv): ResolvedTransport {
  switch (transport.type) {
    case 'slack':
    case 'teams': {
      const webhookUrl = resolveSecret(transport.webhookUrl, env);
      if (!isHttpUrl(webhookUrl)) throw new SecretError('the webhook URL secret is not an http(s) URL.');
      return { type: transport.type, webhookUrl };
    }
    case 'webhook':
      return { type: 'webhook', url: transport.url, secret: signingKey(resolveSecret(transport.secret, env)) };
    case 'email': {
      const { password, ...smtp } = transport.smtp;
      return { type: 'email', from: transport.from, to: transport.to, smtp: { ...smtp, ...(password === undefined ? {} : { password: resolveSecret(password, env) }) } };
    }
  }
}

/** Standard Webhooks secrets are `whsec_` + base64 of the key bytes. */
export function signingKey(secret: string): Buffer {
  const match = /^whsec_([A-Za-z0-9+/]+={0,2})$/.exec(secret);
  const key = match?.[1] === undefined ? undefined : Buffer.from(match[1], 'base64');
  if (!key || key.length < 24) throw new SecretError('the signing secret must be whsec_ followed by base64 of at least 24 random bytes.');
  return key;
}
