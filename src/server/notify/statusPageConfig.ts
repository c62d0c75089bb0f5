import type { ConfigSection } from '../config/schema';

export interface StatusPageSettings {
  /**
   * 'viewer': HTTP Basic, any user name, a viewer (or responder) token as the password.
   * Never a token in the URL: URLs end up in logs, histories and Referer headers.
   */
  access: 'public' | 'viewer';
  /** The page's heading, e.g. "Example Corp status". */
  title: string;
}

/**
 * The config file's `status_page:` section.
 *
 *   status_page:
 *     access: public     # or viewer (HTTP Basic, a viewer token as the password); viewer by default
 *     title: Example Corp status
 */
export const statusPageSection: ConfigSection<StatusPageSettings> = {
  description: 'the public status page at /status: public, or behind HTTP Basic with a viewer token',
  absent: () => ({ access: 'viewer', title: 'Service status' }),
  read(node, ctx) {
    const entries = ctx.mapping(node, 'status_page', ['access', 'title']);
    if (!entries) return undefined;
    const before = ctx.problems.length;
    const settings: StatusPageSettings = { access: 'viewer', title: 'Service status' };
    if (entries.has('access')) {
      const access = ctx.string(entries.get('access'), 'status_page.access');
      if (access === 'public' || access === 'viewer') settings.access = access;
      else if (access !== undefined) ctx.report(entries.get('access'), 'status_page.access must be public or viewer.');
    }
    if (entries.has('title')) settings.title = ctx.string(entries.get('title'), 'status_page.title') ?? settings.title;
    return ctx.problems.length === before ? settings : undefined;
  },
};
