import type { IncidentBackend } from '../../backends/backend';
import { DeskBackend } from '../../backends/desk/deskBackend';
import { PAGERDUTY_API, PagerDutyBackend } from '../../backends/pagerduty/pagerDutyBackend';
import { ConfigurationError } from './configurationError';

/**
 * "Backend from configuration", the one factory for the editor and the command
 * line. Each front end gathers the values from where its users put them (settings
 * and SecretStorage; flags and the environment) and says how a missing one is
 * supplied there; the rules live here, the strictest for both: an http(s) URL
 * without credentials (a token in a URL ends up in logs and shell history), and a
 * token that is not empty.
 */

export interface BackendConfiguration {
  /** `desk` or `pagerduty`; anything else is refused. */
  kind: string;
  /** The desk server's URL (required), or PagerDuty's API URL (default: the public API). */
  url?: string;
  token?: string;
  pagerDuty?: {
    /** A PagerDuty user's email, needed for writes. */
    from?: string;
    serviceIds?: readonly string[];
    severityMapping?: Record<string, number>;
    pollIntervalMs?: number;
  };
  /** The front end's words for each problem. */
  hints: {
    /** Where the URL comes from, e.g. `--url or INCIDENT_DESK_URL`. */
    urlSource: string;
    /** What to do when the desk URL is missing. */
    missingUrl: string;
    /** What to do when the token is missing. */
    missingToken: string;
    /** What to do about an unknown kind. */
    unknownKind: string;
    /** Where a token belongs instead of the URL, e.g. `the environment`. */
    tokenHome: string;
  };
}

export interface ConfiguredBackend {
  backend: IncidentBackend;
  /** Identifies the backend for the offline cache and queue (kind + URL as configured; never the token). */
  identity: string;
}

/** Throws ConfigurationError when the configuration cannot make a backend. */
export function backendFromConfiguration(config: BackendConfiguration): ConfiguredBackend {
  const token = nonEmpty(config.token);
  switch (config.kind) {
    case 'desk': {
      const url = checkedUrl(config.url, config.hints);
      if (url === undefined) throw new ConfigurationError(config.hints.missingUrl);
      if (token === undefined) throw new ConfigurationError(config.hints.missingToken);
      return { identity: `desk ${config.url ?? ''}`, backend: new DeskBackend({ baseUrl: url, token }) };
    }
    case 'pagerduty': {
      const url = checkedUrl(config.url, config.hints) ?? PAGERDUTY_API;
      if (token === undefined) throw new ConfigurationError(config.hints.missingToken);
      const pd = config.pagerDuty ?? {};
      const serviceIds = (pd.serviceIds ?? []).map((id) => id.trim()).filter(Boolean);
      return {
        identity: `pagerduty ${config.url ?? PAGERDUTY_API}`,
        backend: new PagerDutyBackend({
          baseUrl: url,
          token,
          from: nonEmpty(pd.from),
          ...(serviceIds.length > 0 ? { serviceIds } : {}),
          ...(pd.severityMapping !== undefined ? { severityMapping: pd.severityMapping } : {}),
          ...(pd.pollIntervalMs !== undefined ? { pollIntervalMs: pd.pollIntervalMs } : {}),
        }),
      };
    }
    default:
      throw new ConfigurationError(`Unknown backend '${config.kind}': ${config.hints.unknownKind}`);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** An http(s) URL without credentials, trailing slashes dropped; undefined when none is given. */
function checkedUrl(value: string | undefined, hints: BackendConfiguration['hints']): string | undefined {
  const source = hints.urlSource;
  const text = nonEmpty(value);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigurationError(`The backend URL (${source}) is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigurationError(`The backend URL (${source}) must start with http:// or https://.`);
  if (url.username !== '' || url.password !== '') {
    throw new ConfigurationError(`The backend URL (${source}) must not contain credentials; put the token in ${hints.tokenHome} instead.`);
  }
  return text.replace(/\/+$/, '');
}
