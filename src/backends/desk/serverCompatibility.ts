/**
 * The oldest Incident Desk API this client works fully with. 1.1 brought what the
 * client relies on beyond 1.0: the stream's reset event (a restored server), 503
 * store_busy with Retry-After, and versions in /v1/health.
 */
export const REQUIRED_API_VERSION = '1.1.0';

/** A warning for a person when `health` (the body of GET /v1/health) names an older API; undefined when it is new enough. */
export function olderServerWarning(serverUrl: string, health: unknown): string | undefined {
  const reported = (health as { apiVersion?: unknown; version?: unknown } | undefined) ?? {};
  const apiVersion = typeof reported.apiVersion === 'string' ? reported.apiVersion : undefined;
  // Servers before 1.1 did not report a version at all.
  if (apiVersion !== undefined && compareVersions(apiVersion, REQUIRED_API_VERSION) >= 0) return undefined;
  const release = typeof reported.version === 'string' ? ` (release ${reported.version})` : '';
  return (
    `The Incident Desk server at ${serverUrl} implements API ${apiVersion ?? '1.0 or older'}${release}; this extension needs ` +
    `API ${REQUIRED_API_VERSION} or newer. It mostly works, but the incident list may not notice a server restored from a backup ` +
    `and a busy server's refusals are not recognised. Ask whoever runs the server to upgrade it.`
  );
}

/** Compares dotted numeric versions (1.10.0 > 1.9.2); a part that is not a number counts as 0. */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string): number[] => version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}
