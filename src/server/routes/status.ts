
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TokenDirectory } from '../auth/tokenDirectory';
import { HISTORY_DAYS, publicView, renderAtomFeed, renderStatusPage, STATUS_CSP, type PublicIncident } from '../notify/statusPage';
import type { StatusPageSettings } from '../notify/statusPageConfig';
import { routeSchema } from '../routeSchemas';
import type { Store } from '../store/store';

const DEFAULT_SETTINGS: StatusPageSettings = { access: 'viewer', title: 'Service status' };

/**
 * `/status` and `/status/feed.atom`. Public, or behind HTTP Basic where the password
 * is a token (any scope; the user name is ignored). The view is rebuilt only when the
 * change feed moved, so fifty readers cost one build.
 */
export function registerStatusRoutes(app: FastifyInstance, store: Store, directory: TokenDirectory, settings: StatusPageSettings = DEFAULT_SETTINGS): void {
  let cached: { seq: number; day: string; current: PublicIncident[]; history: PublicIncident[] } | undefined;
  let building: Promise<NonNullable<typeof cached>> | undefined;

  const view = async (): Promise<NonNullable<typeof cached>> => {
    const seq = await store.latestSeq();
    const day = new Date().toISOString().slice(0, 10);
    if (cached && cached.seq === seq && cached.day === day) return cached;
    building ??= build(store, seq, day).finally(() => (building = undefined));
    cached = await building;
    return cached;
  };

  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    if (settings.access === 'public') return true;
    const password = basicPassword(request.headers.authorization);
    if (password !== undefined && (await directory.find(password))) return true;
    await reply
      .code(401)
      .header('WWW-Authenticate', 'Basic realm="status", charset="UTF-8"')
      .type('text/plain; charset=utf-8')
      .send('Sign in with any user name and an Incident Desk token as the password.\n');
    return false;
  };

  const secure = (reply: FastifyReply): FastifyReply =>
    reply
      .header('Content-Security-Policy', STATUS_CSP)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .header('Cache-Control', settings.access === 'public' ? 'public, max-age=30' : 'private, no-store');

  app.get('/status', { config: { public: true }, schema: routeSchema('get', '/status') }, async (request, reply) => {
    if (!(await guard(request, reply))) return reply;
    const { current, history } = await view();
    return secure(reply).type('text/html; charset=utf-8').send(renderStatusPage(settings.title, current, history, new Date().toISOString()));
  });

  app.get('/status/feed.atom', { config: { public: true }, schema: routeSchema('get', '/status/feed.atom') }, async (request, reply) => {
    if (!(await guard(request, reply))) return reply;
    const { current, history } = await view();
    const base = `${request.protocol}://${request.headers.host ?? 'localhost'}`;
    return secure(reply).type('application/atom+xml; charset=utf-8').send(renderAtomFeed(settings.title, base, [...current, ...history], new Date().toISOString()));
  });
}

async function build(store: Store, seq: number, day: string) {
  const since = new Date(Date.now() - HISTORY_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const [active, resolved] = await Promise.all([
    store.incidentPage({ filter: 'active', limit: 200 }),
    store.incidentPage({ filter: 'resolved', since, limit: 500 }),
  ]);
  const views = async (ids: string[]): Promise<PublicIncident[]> => {
    const full = await Promise.all(ids.map((id) => store.getIncident(id)));
    return full.flatMap((incident) => {
      const view = incident === undefined ? undefined : publicView(incident);
      return view ? [view] : [];
    });
  };
  const [current, history] = await Promise.all([views(active.incidents.map((i) => i.id)), views(resolved.incidents.map((i) => i.id))]);
  return { seq, day, current, history };
}

/** The password of an `Authorization: Basic` header, or undefined. */
export function basicPassword(header: string | undefined): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

