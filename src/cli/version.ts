/** Replaced by esbuild with package.json's version; absent in test bundles. */
declare const INCIDENT_DESK_VERSION: string | undefined;

export function cliVersion(): string {
  return typeof INCIDENT_DESK_VERSION === 'string' ? INCIDENT_DESK_VERSION : '0.0.0-dev';
}
