/**
 * The configuration cannot make a backend (no URL, no token, a URL with
 * credentials in it). The application layer's own error, so lower layers never
 * reach up for a front end's: the command line shows it as a usage error, the
 * editor as the reason the Incidents view is not connected.
 */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}
